"""Online answers for FAIRtracks checks: the OLS4 REST API as a term source, identifiers.org as a
CURIE resolver. Both answer with the types of ``fairgauge.model.terms`` and implement protocols of
``fairgauge.tracks`` (which may not touch the network) without importing it. Every request goes through
the guarded fetcher (:mod:`fairgauge.harvest.blocking`): private addresses refused unless allowed,
size / time / redirect caps, WARC record and replay.

Answers (including "not found") are kept in an on-disk cache under ``Settings.cache_dir`` for
``tracks_ols_cache_days``; failures (network, 5xx) are not cached and become *unknown*, never a fail.
The base URLs come from settings (``ols_api``, ``identifiers_org_resolver``).
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx

from fairgauge.harvest.blocking import BlockingFetcher
from fairgauge.model.terms import Lookup, OntologyVersion, Resolution, TermRecord
from fairgauge.settings import Settings

MAX_PAGES = 20


class HttpCache:
    """URL -> (status, body) with a maximum age; shared by the OLS source and the resolver.

    A cache that cannot be opened or written (read-only disk, full disk) is skipped, not fatal: the
    answers are then fetched again next time.
    """

    def __init__(self, path: Path, max_age_days: float) -> None:
        self._lock = threading.Lock()
        self._max_age = max_age_days * 86400
        self._db: sqlite3.Connection | None = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(path, timeout=60, check_same_thread=False, isolation_level=None)
            self._db.execute("CREATE TABLE IF NOT EXISTS http(url TEXT PRIMARY KEY, status INT, body TEXT, at REAL)")
        except (OSError, sqlite3.Error):
            self._db = None

    def get(self, url: str) -> tuple[int, str] | None:
        if self._db is None:
            return None
        try:
            with self._lock:
                row = self._db.execute("SELECT status, body, at FROM http WHERE url=?", (url,)).fetchone()
        except sqlite3.Error:
            return None
        if row is None or time.time() - row[2] > self._max_age:
            return None
        return int(row[0]), str(row[1])

    def put(self, url: str, status: int, body: str) -> None:
        if self._db is None:
            return
        try:
            with self._lock:
                self._db.execute("INSERT OR REPLACE INTO http VALUES(?,?,?,?)", (url, status, body, time.time()))
        except sqlite3.Error:
            return


def _cache(settings: Settings) -> HttpCache:
    return HttpCache(settings.cache_dir / "tracks" / "online-cache.sqlite", settings.tracks_ols_cache_days)


class _Unavailable(Exception):
    """The service could not answer (network error, server error, unreadable answer)."""


class OlsTermSource:
    """``TermSource`` backed by the OLS4 API (``/ontologies/{id}/terms/{iri}`` and friends)."""

    def __init__(
        self, settings: Settings, fetcher: BlockingFetcher | None = None, cache: HttpCache | None = None
    ) -> None:
        self.base = settings.ols_api.rstrip("/")
        self.name = f"OLS4 ({self.base})"
        self._fetcher = fetcher or BlockingFetcher(settings)
        self._cache = cache or _cache(settings)

    def close(self) -> None:
        self._fetcher.close()

    def _get(self, path: str, params: dict[str, str] | None = None) -> tuple[int, Any]:
        url = str(httpx.URL(self.base + path, params=params))
        cached = self._cache.get(url)
        if cached is None:
            fetched = self._fetcher.fetch(url, purpose="ontology term lookup (OLS4)", accept="application/json")
            status = fetched.exchange.status
            if fetched.exchange.error or status is None:
                raise _Unavailable(fetched.exchange.error or f"no answer from {url}")
            if status not in (200, 404):
                raise _Unavailable(f"HTTP {status} from {url}")
            cached = (status, fetched.body.decode("utf-8", "replace"))
            self._cache.put(url, *cached)
        status, body = cached
        try:
            return status, json.loads(body) if status == 200 else None
        except ValueError as exc:
            raise _Unavailable(f"unreadable answer from {url}") from exc

    def term(self, iri: str, ontology: str | None) -> Lookup:
        try:
            if ontology is None:
                return self._anywhere(iri)
            status, data = self._get(f"/ontologies/{ontology}/terms/{quote(quote(iri, safe=''), safe='')}")
            if status == 404:
                known, _ = self._get(f"/ontologies/{ontology}")
                if known == 404:
                    return Lookup("unknown", reason=f"OLS has no ontology {ontology!r}")
                return Lookup("absent", reason=f"not in {ontology} (OLS)")
            return Lookup("found", self._record(data, ontology))
        except _Unavailable as exc:
            return Lookup("unknown", reason=f"OLS unavailable: {exc}")

    def _anywhere(self, iri: str) -> Lookup:
        status, data = self._get("/terms", {"iri": iri})
        terms = (data or {}).get("_embedded", {}).get("terms", []) if status == 200 else []
        if not terms:
            return Lookup("absent", reason="in no OLS ontology")
        best = next((t for t in terms if t.get("is_defining_ontology")), terms[0])
        return Lookup("found", self._record(best, str(best.get("ontology_name", ""))))

    def _record(self, data: dict[str, Any], ontology: str) -> TermRecord:
        iri = str(data.get("iri"))
        ancestors = self._ancestors(ontology, iri)
        replaced = data.get("term_replaced_by")
        return TermRecord(
            iri=iri,
            label=data.get("label"),
            ontology=str(data.get("ontology_name") or ontology),
            obsolete=bool(data.get("is_obsolete", False)),
            replaced_by=replaced if isinstance(replaced, str) and replaced.startswith("http") else None,
            ancestors=frozenset(ancestors),
            closure_prefixes=None,
            source=f"OLS4 {ontology}",
        )

    def _ancestors(self, ontology: str, iri: str) -> list[str]:
        found: list[str] = []
        path = f"/ontologies/{ontology}/terms/{quote(quote(iri, safe=''), safe='')}/ancestors"
        for page in range(MAX_PAGES):
            status, data = self._get(path, {"size": "500", "page": str(page)})
            if status != 200:
                break
            found += [str(t["iri"]) for t in data.get("_embedded", {}).get("terms", []) if "iri" in t]
            if page + 1 >= int(data.get("page", {}).get("totalPages", 1)):
                break
        return found

    def _search(self, ontology: str, query: str, fields: str) -> Lookup:
        try:
            params = {
                "q": query,
                "ontology": ontology,
                "exact": "true",
                "queryFields": fields,
                "type": "class",
            }
            _, data = self._get("/search", params)
            docs = (data or {}).get("response", {}).get("docs", [])
            iris = list(dict.fromkeys(str(d["iri"]) for d in docs if "iri" in d))
            if not iris:
                return Lookup("absent", reason=f"no {fields} {query!r} in {ontology} (OLS)")
            records = [self.term(i, ontology).record for i in iris]
            found = tuple(r for r in records if r is not None)
            return Lookup("found", found[0], matches=found) if found else Lookup("unknown", reason="OLS search")
        except _Unavailable as exc:
            return Lookup("unknown", reason=f"OLS unavailable: {exc}")

    def by_label(self, label: str, ontology: str) -> Lookup:
        return self._search(ontology, label, "label")

    def by_suffix(self, suffix: str, ontology: str) -> Lookup:
        return self._search(ontology, suffix, "short_form")

    def version(self, ontology: str) -> OntologyVersion | None:
        try:
            status, data = self._get(f"/ontologies/{ontology}")
        except _Unavailable:
            return None
        config = (data or {}).get("config", {}) if status == 200 else {}
        if not config.get("versionIri") and not config.get("version"):
            return None
        return OntologyVersion(ontology, config.get("version"), config.get("versionIri"), f"OLS4 {ontology}")


class IdentifiersOrgResolver:
    """``CurieResolver`` asking the identifiers.org resolver (base URL from settings)."""

    def __init__(
        self, settings: Settings, fetcher: BlockingFetcher | None = None, cache: HttpCache | None = None
    ) -> None:
        self.base = settings.identifiers_org_resolver
        self.name = f"resolver {self.base}"
        # The resolver's first answer decides; its redirect target (any site) is never fetched.
        self._fetcher = fetcher or BlockingFetcher(settings.model_copy(update={"max_redirects": 0}))
        self._cache = cache or _cache(settings)

    def close(self) -> None:
        self._fetcher.close()

    def resolve(self, curie: str) -> Resolution:
        """Resolved when the resolver redirects (or answers 2xx/3xx); 400/404/410 unresolved; else unknown."""
        url = self.base + curie
        cached = self._cache.get(url)
        if cached is None:
            fetched = self._fetcher.fetch(url, purpose="CURIE resolution (identifiers.org)", method="HEAD")
            exchange = fetched.exchange
            status = exchange.redirects[0].status if exchange.redirects else exchange.status
            if status is None or status >= 500:
                return "unknown"
            cached = (status, "")
            self._cache.put(url, *cached)
        status = cached[0]
        return "resolved" if status < 400 else "unresolved" if status in (400, 404, 410) else "unknown"
