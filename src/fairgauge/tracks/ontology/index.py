"""The offline term source: every pack compiled once into one SQLite file under the cache directory.

Parsing an ontology takes seconds; opening the index and asking a few hundred questions takes
milliseconds. A pack is rebuilt only when its source changes (fingerprint: size and mtime, or the
package data file name). The graphs of all active packs are merged, so a small local file can add the
ancestors a packaged ontology lacks. Packs of files not given in this run stay in the file but are not
consulted.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

from filelock import FileLock

from fairgauge.errors import TracksError
from fairgauge.tracks.ontology.model import PackInfo, PackProvider
from fairgauge.tracks.ontology.source import Lookup, OntologyVersion, Status, TermRecord, covered

Progress = Callable[[str], None]
INDEX_FORMAT = "1"
# Bump when what a pack stores (rows or PackInfo) changes for the same source file: forces a rebuild.
PACK_RULES = "2"
_DDL = """
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS packs(pack_id TEXT PRIMARY KEY, fingerprint TEXT, info TEXT, built REAL);
CREATE TABLE IF NOT EXISTS terms(
  pack_id TEXT, iri TEXT, local TEXT, label TEXT, obsolete INT, replaced_by TEXT);
CREATE TABLE IF NOT EXISTS edges(pack_id TEXT, child TEXT, parent TEXT);
CREATE INDEX IF NOT EXISTS terms_iri ON terms(iri);
CREATE INDEX IF NOT EXISTS terms_local ON terms(local);
CREATE INDEX IF NOT EXISTS terms_label ON terms(label COLLATE NOCASE);
CREATE INDEX IF NOT EXISTS edges_child ON edges(child);
CREATE INDEX IF NOT EXISTS terms_pack ON terms(pack_id);
CREATE INDEX IF NOT EXISTS edges_pack ON edges(pack_id);
"""
_CLOSURE = """
WITH RECURSIVE anc(iri) AS (
  SELECT parent FROM edges WHERE child = ? AND pack_id IN (SELECT pack_id FROM temp.active)
  UNION
  SELECT e.parent FROM edges e JOIN anc ON e.child = anc.iri
  WHERE e.pack_id IN (SELECT pack_id FROM temp.active)
) SELECT iri FROM anc
"""


def _local(iri: str) -> str:
    return iri.rsplit("/", 1)[-1].rsplit("#", 1)[-1]


class OntologyIndex:
    """Implements :class:`~fairgauge.tracks.ontology.source.TermSource` from local data only."""

    name = "offline"

    def __init__(self, path: Path, providers: Sequence[PackProvider], progress: Progress | None = None) -> None:
        """``progress`` hears about each (slow, first-use) compilation, so a first run is not silent."""
        self.path = path
        self._progress = progress
        self._lock = threading.RLock()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(path, timeout=300, check_same_thread=False, isolation_level=None)
            self._db.executescript(_DDL + "CREATE TEMP TABLE IF NOT EXISTS active(pack_id TEXT PRIMARY KEY);")
        except (OSError, sqlite3.Error) as exc:
            raise TracksError(f"cannot open the ontology index {path}: {exc}") from exc
        self._check_format()
        self._providers = {p.pack_id: p for p in providers}
        self.infos: dict[str, PackInfo] = {}
        for provider in providers:
            if not provider.lazy:
                self._ensure(provider)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def _check_format(self) -> None:
        row = self._db.execute("SELECT value FROM meta WHERE key='format'").fetchone()
        if row is None:
            self._db.execute("INSERT OR REPLACE INTO meta VALUES('format', ?)", (INDEX_FORMAT,))
        elif row[0] != INDEX_FORMAT:
            raise TracksError(f"ontology index {self.path} has format {row[0]}; delete it to rebuild")

    # --- building -------------------------------------------------------------------------------

    def _ensure(self, provider: PackProvider) -> None:
        with self._lock:
            stored = self._stored(provider.pack_id)
            if stored is None or stored[0] != _fingerprint(provider):
                stored = self._build_once(provider)
            assert stored is not None
            self.infos[provider.pack_id] = PackInfo(**{**stored[1], **_tuples(stored[1])})
            self._db.execute("INSERT OR IGNORE INTO temp.active VALUES(?)", (provider.pack_id,))

    def _build_once(self, provider: PackProvider) -> tuple[str, dict[str, Any]] | None:
        """Compile a pack unless another process sharing this cache (batch or test workers, two services)
        is doing it: they queue on a lock file beside the index and find the pack built, instead of each
        spending seconds of CPU on the same parse only to throw all but one away."""
        with FileLock(f"{self.path}.lock"):
            stored = self._stored(provider.pack_id)
            if stored is not None and stored[0] == _fingerprint(provider):
                return stored
            started = time.monotonic()
            if self._progress is not None:
                self._progress(f"building the offline ontology index: compiling {provider.pack_id} into {self.path}")
            self._build(provider)
            stored = self._stored(provider.pack_id)
            if self._progress is not None and stored is not None:
                took = time.monotonic() - started
                self._progress(f"  {stored[1].get('description', provider.pack_id)}: done in {took:.1f} s")
            return stored

    def _stored(self, pack_id: str) -> tuple[str, dict[str, Any]] | None:
        row = self._db.execute("SELECT fingerprint, info FROM packs WHERE pack_id=?", (pack_id,)).fetchone()
        return (row[0], json.loads(row[1])) if row else None

    def _build(self, provider: PackProvider) -> None:
        data = provider.load()
        fingerprint = _fingerprint(provider)
        db = self._db
        db.execute("BEGIN IMMEDIATE")
        try:
            stored = self._stored(provider.pack_id)
            if stored is None or stored[0] != fingerprint:
                pack = provider.pack_id
                for table in ("terms", "edges", "packs"):
                    db.execute(f"DELETE FROM {table} WHERE pack_id=?", (pack,))
                db.executemany(
                    "INSERT INTO terms VALUES(?,?,?,?,?,?)",
                    ((pack, t.iri, _local(t.iri), t.label, int(t.obsolete), t.replaced_by) for t in data.terms),
                )
                db.executemany("INSERT INTO edges VALUES(?,?,?)", ((pack, c, p) for c, p in data.edges))
                info = json.dumps(asdict(data.info))
                db.execute("INSERT INTO packs VALUES(?,?,?,?)", (pack, fingerprint, info, time.time()))
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise

    def _packs_for(self, ontology: str) -> list[PackInfo]:
        for provider in self._providers.values():
            if provider.lazy and ontology in provider.serves and provider.pack_id not in self.infos:
                self._ensure(provider)
        return sorted((i for i in self.infos.values() if i.ontology == ontology), key=lambda i: i.priority)

    # --- TermSource -----------------------------------------------------------------------------

    def term(self, iri: str, ontology: str | None) -> Lookup:
        with self._lock:
            packs = self._packs_for(ontology) if ontology else list(self.infos.values())
            rows = self._rows("iri = ?", iri)
            wanted = [r for r in rows if ontology is None or self.infos[r[0]].ontology == ontology]
            if wanted:
                return Lookup("found", self._record(iri, wanted, rows))
            return self._missing(iri, packs, ontology)

    def _missing(self, iri: str, packs: list[PackInfo], ontology: str | None) -> Lookup:
        if ontology is None:
            return Lookup("unknown", reason="not in the offline data")
        where = f"ontology {ontology!r}"
        if any(covered(iri, p.complete_prefixes) for p in packs):
            return Lookup("absent", reason=f"not in {where} ({_names(packs, iri)})")
        if not packs:
            return Lookup("unknown", reason=f"no offline data for {where}")
        return Lookup("unknown", reason=f"offline data for {where} does not cover {iri}")

    def _rows(self, condition: str, value: str) -> list[tuple[str, str, str | None, int, str | None]]:
        sql = f"SELECT pack_id, iri, label, obsolete, replaced_by FROM terms WHERE {condition}"
        return [r for r in self._db.execute(sql, (value,)).fetchall() if r[0] in self.infos]

    def _record(self, iri: str, wanted: list[Any], rows: list[Any]) -> TermRecord:
        best = min(wanted, key=lambda r: self.infos[r[0]].priority)
        holders = [self.infos[r[0]] for r in rows]
        closure: tuple[str, ...] | None = ()
        for info in holders:
            closure = None if closure is None or info.closure_prefixes is None else closure + info.closure_prefixes
        ancestors = frozenset(r[0] for r in self._db.execute(_CLOSURE, (iri,)))
        info = self.infos[best[0]]
        return TermRecord(iri, best[2], info.ontology, bool(best[3]), best[4], ancestors, closure, info.description)

    def by_label(self, label: str, ontology: str) -> Lookup:
        with self._lock:
            packs = self._packs_for(ontology)
            rows = [r for r in self._rows("label = ?", label) if self.infos[r[0]].ontology == ontology]
            if not rows:
                rows = [
                    r for r in self._rows("label = ? COLLATE NOCASE", label) if self.infos[r[0]].ontology == ontology
                ]
            return self._choose(rows, packs, ontology, f"label {label!r}")

    def by_suffix(self, suffix: str, ontology: str) -> Lookup:
        with self._lock:
            packs = self._packs_for(ontology)
            rows = [r for r in self._rows("local = ?", suffix) if self.infos[r[0]].ontology == ontology]
            if not rows:
                like = self._rows("iri LIKE ?", "%" + suffix.replace("%", r"\%"))
                rows = [r for r in like if self.infos[r[0]].ontology == ontology and r[1].endswith(suffix)]
            return self._choose(rows, packs, ontology, f"IRI suffix {suffix!r}")

    def _choose(self, rows: list[Any], packs: list[PackInfo], ontology: str, what: str) -> Lookup:
        iris = list(dict.fromkeys(r[1] for r in rows))
        live = [i for i in iris if not any(r[3] for r in rows if r[1] == i)]
        if len(iris) > 1 and len(live) == 1:
            iris = live
        if not iris:
            status: Status = "absent" if any(p.complete_prefixes for p in packs) else "unknown"
            return Lookup(status, reason=f"no term with {what} in offline data for {ontology!r}")
        records = tuple(self.term(i, ontology).record for i in iris)
        found = tuple(r for r in records if r is not None)
        return Lookup("found", found[0], matches=found)

    def version(self, ontology: str) -> OntologyVersion | None:
        with self._lock:
            candidates = [i for i in self.infos.values() if i.ontology == ontology and i.version_iri]
            for provider in self._providers.values():
                info = getattr(provider, "info", None)
                if provider.lazy and ontology in provider.serves and callable(info):
                    candidates.append(info())
        if not candidates:
            return None
        best = min(candidates, key=lambda i: i.priority)
        return OntologyVersion(ontology, best.version, best.version_iri, best.description)

    def pending(self) -> dict[str, tuple[str, ...]]:
        """Lazy packs not compiled yet (pack id -> ontologies they serve): compiled on first use."""
        return {p.pack_id: p.serves for p in self._providers.values() if p.pack_id not in self.infos}

    def term_counts(self) -> dict[str, int]:
        """Terms per active pack."""
        with self._lock:
            rows = self._db.execute("SELECT pack_id, COUNT(*) FROM terms GROUP BY pack_id").fetchall()
        return {str(r[0]): int(r[1]) for r in rows if r[0] in self.infos}

    def describe(self) -> list[str]:
        return [i.description for i in sorted(self.infos.values(), key=lambda i: (i.priority, i.pack_id))]


def _fingerprint(provider: PackProvider) -> str:
    return f"{PACK_RULES}:{provider.fingerprint()}"


def _tuples(info: dict[str, Any]) -> dict[str, Any]:
    """JSON turns tuples into lists; PackInfo wants tuples back."""
    closure = info.get("closure_prefixes")
    return {
        "complete_prefixes": tuple(info["complete_prefixes"]),
        "closure_prefixes": tuple(closure) if closure is not None else None,
    }


def _names(packs: list[PackInfo], iri: str) -> str:
    return ", ".join(p.description for p in packs if covered(iri, p.complete_prefixes))
