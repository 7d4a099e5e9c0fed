"""The catalog repository: import (versioned, atomic), query compilation, search, facets, browse.

User queries arrive as an AST (``fairgauge.catalog.query``) and are compiled here to SQLAlchemy
expressions whose every user value is a bound parameter; full-text words are quoted for FTS5 or handed
to ``plainto_tsquery``. Nothing the user typed is ever concatenated into SQL.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from operator import itemgetter
from typing import Any

from sqlalchemy import (
    Column,
    ColumnElement,
    CompoundSelect,
    Integer,
    MetaData,
    Select,
    Table,
    and_,
    bindparam,
    delete,
    except_,
    exists,
    false,
    func,
    insert,
    intersect,
    literal,
    literal_column,
    not_,
    or_,
    select,
    text,
    true,
    union,
    update,
)
from sqlalchemy.engine import Connection
from sqlalchemy.sql.selectable import TextualSelect

from fairgauge.catalog.export import CatalogTrack
from fairgauge.catalog.flatten import CATEGORIES
from fairgauge.catalog.importer import ImportBatch
from fairgauge.catalog.query import (
    And,
    Comparison,
    DescendantOf,
    InList,
    Node,
    Not,
    Or,
    Text,
    expand_term,
    parse_query,
    term_path,
)
from fairgauge.catalog.rows import LINK_OF, LINKED, LoadRows, RecordRow, TrackRow, dump_json, join_doc
from fairgauge.errors import InputError
from fairgauge.store.catalog_schema import (
    catalog_leaves,
    catalog_paths,
    catalog_postings,
    catalog_records,
    catalog_source_paths,
    catalog_sources,
    catalog_term_ancestors,
    catalog_tracks,
)
from fairgauge.store.engine import Store, as_utc, utcnow

DEFAULT_FACETS = (
    "samples.species_name",
    "samples.sample_type.cell_line.term_label",
    "samples.biospecimen_class.term_label",
    "experiments.technique.term_label",
    "experiments.target.summary",
    "tracks.file_format.term_label",
    "tracks.assembly_name",
    "tracks.type_of_condensed_data",
)
MAX_LIMIT = 10000
_CHUNK = 500  # ids bound per IN list when reading rows
# the track columns a CatalogTrack is made of (with its source's name)
_STORED_COLUMNS = ("id", "document", "status", "uri", "title", "assembly", "doc", "problems")
Conditions = tuple[str, list[ColumnElement[bool]]]  # a category and conditions on its leaf rows
# one search's matching track ids: a temporary table of its connection (``Catalog._matched``), on a
# metadata of its own so that neither ``create_all`` nor the migrations ever make it
_MATCHES = Table("catalog_matches", MetaData(), Column("id", Integer, primary_key=True))
_PROBE_LEAVES = 64  # at most this many dictionary leaves for a condition to be probed (``_and_ids``)
_LOAD = "catalog_load_leaves"  # one import's distinct leaves (a temporary table of its connection)
# SQLite: walk the uri index (its entries hold the rowid: covering) and keep the matches, a rowid probe each
_DENSE_PAGE = text(
    "SELECT id FROM catalog_tracks INDEXED BY ix_catalog_tracks_uri "
    "WHERE id IN (SELECT id FROM temp.catalog_matches) ORDER BY uri, id LIMIT :limit OFFSET :offset"
)
# PostgreSQL: the same walk over its (uri, id) index (0009), index-only; ``IS TRUE`` keeps the IN a
# hashed filter of the walk (pulled up into a semi-join, it was a hash join over every track, then a sort)
_PG_DENSE_PAGE = text(
    "SELECT id FROM catalog_tracks WHERE (id IN (SELECT id FROM catalog_matches)) IS TRUE "
    "ORDER BY uri, id LIMIT :limit OFFSET :offset"
)
# SQLite's ranked pages (``Catalog._sqlite_ranked_page``): every match with its bm25 score (0: none of the
# words), in memory next to ``catalog_matches``
_RANKS = "CREATE TEMP TABLE IF NOT EXISTS catalog_ranks (id INTEGER PRIMARY KEY, score REAL NOT NULL)"
_RANK_SCORES = text(
    "INSERT INTO temp.catalog_ranks (id, score) SELECT rowid, bm25(catalog_fts) FROM catalog_fts "
    "WHERE catalog_fts MATCH :rank_q AND +rowid IN (SELECT id FROM temp.catalog_matches)"
)
_RANK_UNSCORED = text(
    "INSERT INTO temp.catalog_ranks (id, score) SELECT id, 0.0 FROM temp.catalog_matches "
    "WHERE id NOT IN (SELECT id FROM temp.catalog_ranks)"
)
_RANK_THRESHOLD = text("SELECT score FROM temp.catalog_ranks ORDER BY score LIMIT 1 OFFSET :nth")
_RANK_HEAD = text(
    "SELECT r.id FROM temp.catalog_ranks r JOIN catalog_tracks t ON t.id = r.id "
    "WHERE r.score < :score ORDER BY r.score, t.uri, t.id"
)
_RANK_TIES = text("SELECT count(*) FROM temp.catalog_ranks WHERE score = :score")
_RANK_TIES_SORTED = text(
    "SELECT r.id FROM temp.catalog_ranks r JOIN catalog_tracks t ON t.id = r.id "
    "WHERE r.score = :score ORDER BY t.uri, t.id LIMIT :limit"
)
_RANK_TIES_DENSE = text(
    "SELECT id FROM catalog_tracks INDEXED BY ix_catalog_tracks_uri "
    "WHERE id IN (SELECT id FROM temp.catalog_ranks WHERE score = :score) ORDER BY uri, id LIMIT :limit"
)


@dataclass(frozen=True)
class SourceRecord:
    id: int
    source: str
    kind: str
    version: int
    imported_at: datetime
    documents: int
    tracks: int
    invalid: int
    flagged: int
    details: dict[str, Any]

    def to_json(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "kind": self.kind,
            "version": self.version,
            "imported_at": self.imported_at.isoformat(),
            "documents": self.documents,
            "tracks": self.tracks,
            "invalid_documents": self.invalid,
            "flagged_documents": self.flagged,
        }


@dataclass(frozen=True)
class SearchResult:
    total: int
    tracks: list[CatalogTrack]
    facets: dict[str, list[tuple[str, int]]]


@dataclass(frozen=True)
class BrowseEntry:
    """One child in the browse tree: an attribute path (``kind`` category, branch, leaf or ontology: a
    term field) or a value (``kind`` value, or term: an ontology label with its ``term_id``)."""

    name: str
    path: str
    kind: str
    count: int
    term_id: str | None = None

    def to_json(self) -> dict[str, Any]:
        body: dict[str, Any] = {"name": self.name, "path": self.path, "kind": self.kind, "count": self.count}
        if self.term_id is not None:
            body["term_id"] = self.term_id
        return body


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector paused for an import: the import makes millions of tuples,
    lists and rows, none of them in a cycle, and the collector's passes over them as they pile up were
    a tenth of its CPU time (measured: 10,000 tracks into a 100,000-track store). Reference counting
    still frees everything; the collector is enabled again afterwards (unless it was off before)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _fts_words(words: str) -> list[str]:
    return re.findall(r"\w+", words)


class Catalog:
    """The catalog in a store (one per store; every call opens its own connection)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.engine = store.engine
        self.dialect = self.engine.dialect.name
        self._path_id_cache: dict[str, int] = {}

    # --- import -----------------------------------------------------------------------------------

    def replace_source(self, batch: ImportBatch) -> SourceRecord:
        """Replace ``batch.source`` (its previous version, if any) in one transaction.

        Bulk, because catalogs hold millions of leaves: the experiments, samples, studies and
        collections shared by tracks are stored once as records (``fairgauge.catalog.rows``), ids are
        reserved up front (no RETURNING round trip per chunk), rows go in through one raw
        ``executemany`` per table (SQLite) or ``COPY`` (PostgreSQL), and SQLite's full-text table is
        filled with one ``INSERT ... SELECT`` instead of a trigger per row.
        """
        with _collector_paused():
            return self._replace_source(batch)

    def _replace_source(self, batch: ImportBatch) -> SourceRecord:
        kept = [d for d in batch.documents if d.imported]
        track_count = sum(len(d.tracks) for d in kept)
        details = {
            "documents": [
                {
                    "name": d.name,
                    "status": d.status,
                    "schema_version": d.schema_version,
                    "tracks": len(d.tracks),
                    "imported": d.imported,
                    "errors": list(d.errors),
                }
                for d in batch.documents
            ]
        }
        rows = LoadRows()
        for document in kept:
            problems = tuple(document.errors) if document.status != "valid" else ()
            for track in document.tracks:
                rows.add(track, document.name, document.status, problems)
        rows.finish()
        path_counts = rows.path_counts()
        with self.engine.connect() as conn:
            if self.dialect == "sqlite":
                # WAL keeps NORMAL durable against crashes of the process; a big page cache for the load
                conn.exec_driver_sql("PRAGMA synchronous=NORMAL")
                conn.exec_driver_sql("PRAGMA cache_size=-131072")
                conn.exec_driver_sql("PRAGMA temp_store=MEMORY")  # temporary B-trees of the load in memory
                conn.commit()
            with conn.begin():
                before = self._track_total(conn)
                source_id = self._replace_row(conn, batch, len(batch.documents), track_count, details)
                path_ids = self._path_ids(conn, sorted(path_counts))
                ids = self._reserve_ids(conn, len(rows.records) + len(rows.tracks))
                record_ids, track_ids = ids[: len(rows.records)], ids[len(rows.records) :]
                self._bulk_records(conn, source_id, record_ids, rows)
                self._bulk_tracks(conn, source_id, track_ids, record_ids, rows)
                self._bulk_leaves(conn, record_ids, track_ids, rows, path_ids)
                if path_counts:
                    conn.execute(
                        insert(catalog_source_paths),
                        [{"source_id": source_id, "path": p, "tracks": n} for p, n in sorted(path_counts.items())],
                    )
                self._add_ancestors(conn, batch.ancestors)
                if self.dialect == "sqlite":  # the same text as the rows' (the delete trigger removes it)
                    search = ((i, t.search) for i, t in zip(track_ids, rows.tracks, strict=True))
                    self._bulk(conn, "catalog_fts", "rowid, search_text", search)
        if self.dialect == "postgresql" and self._stale_statistics(before, track_count):
            # fresh statistics after a bulk change: without them the planner picks nested loops over
            # millions of leaf values (measured: 21 s instead of milliseconds for one equality)
            # VACUUM too: it marks the new pages all-visible, which index-only scans (counts) need
            with self.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(
                    text(
                        "VACUUM (ANALYZE) catalog_tracks, catalog_records, catalog_leaves, catalog_postings, "
                        "catalog_paths, catalog_term_ancestors"
                    )
                )
        record = self.source(batch.source)
        assert record is not None
        return record

    def _track_total(self, conn: Connection) -> int:
        """Tracks in the catalog (from the sources' counts: no scan of the tracks)."""
        return int(conn.execute(select(func.coalesce(func.sum(catalog_sources.c.tracks), 0))).scalar_one())

    def _stale_statistics(self, before: int, added: int) -> bool:
        """Whether PostgreSQL's statistics of the catalog are due for a VACUUM (ANALYZE): never taken, or
        taken when the catalog was more than a tenth smaller or larger than now. The planner scales its
        row estimates by the tables' current size on its own; what goes stale is the value distribution,
        and a tenth is where autovacuum would analyze too. Every import vacuumed every catalog table
        (measured at 100,000 tracks, load 9 on 2 cores: 2.7 - 6.1 s per VACUUM, next to about 17 s per
        import of 10,000 tracks; it grows with the catalog, the import does not)."""
        with self.engine.connect() as conn:
            analyzed = conn.execute(
                text("SELECT reltuples FROM pg_class WHERE oid = to_regclass('catalog_tracks')")
            ).scalar_one_or_none()
            now = self._track_total(conn)
        if analyzed is None or float(analyzed) < 0 or (before == 0 and added > 0):
            return True
        return abs(now - float(analyzed)) * 10 >= max(now, 1)

    def _replace_row(
        self, conn: Connection, batch: ImportBatch, documents: int, tracks: int, details: dict[str, Any]
    ) -> int:
        """Delete the source's previous version (if any) and insert its new row; its id."""
        previous = conn.execute(
            select(catalog_sources.c.id, catalog_sources.c.version).where(catalog_sources.c.source == batch.source)
        ).first()
        version = (previous.version + 1) if previous else 1
        if previous is not None:
            self._delete_source(conn, previous.id)
        source_id: int = conn.execute(
            insert(catalog_sources)
            .values(
                source=batch.source,
                kind=batch.kind,
                version=version,
                imported_at=utcnow(),
                documents=documents,
                tracks=tracks,
                invalid=sum(1 for d in batch.documents if d.status == "invalid" and not d.imported),
                flagged=sum(1 for d in batch.documents if d.flagged),
                details=details,
            )
            .returning(catalog_sources.c.id)
        ).scalar_one()
        return source_id

    def _path_ids(self, conn: Connection, paths: list[str]) -> dict[str, int]:
        """Ids of ``paths``, adding the new ones (ON CONFLICT: a concurrent import may add them too)."""
        if not paths:
            return {}
        existing = {
            p: i
            for p, i in conn.execute(
                select(catalog_paths.c.path, catalog_paths.c.id).where(catalog_paths.c.path.in_(paths))
            )
        }
        missing = [p for p in paths if p not in existing]
        if missing:
            conn.execute(
                text("INSERT INTO catalog_paths (path) VALUES (:path) ON CONFLICT (path) DO NOTHING"),
                [{"path": p} for p in missing],
            )
            existing |= {
                p: i
                for p, i in conn.execute(
                    select(catalog_paths.c.path, catalog_paths.c.id).where(catalog_paths.c.path.in_(missing))
                )
            }
        return existing

    def _reserve_ids(self, conn: Connection, count: int) -> list[int]:
        """``count`` fresh ids for tracks and records (one id space, so a leaf's ``record_id`` names one
        of them). PostgreSQL: from the tracks' sequence (safe with concurrent imports); SQLite: after
        the current maximum of both (this transaction already holds the write lock)."""
        if count == 0:
            return []
        if self.dialect == "postgresql":
            query = text("SELECT nextval(pg_get_serial_sequence('catalog_tracks', 'id')) FROM generate_series(1, :n)")
            return [int(i) for i in conn.execute(query, {"n": count}).scalars()]
        tracks, records = (
            select(func.coalesce(func.max(t.c.id), 0)).scalar_subquery() for t in (catalog_tracks, catalog_records)
        )
        top = int(conn.execute(select(func.max(tracks, records))).scalar_one())  # SQLite's two-argument max
        return list(range(top + 1, top + 1 + count))

    def _bulk_records(self, conn: Connection, source_id: int, record_ids: list[int], rows: LoadRows) -> None:
        self._bulk(
            conn,
            "catalog_records",
            "id, source_id, category, tracks, doc",
            (
                (i, source_id, record.category, record.tracks, record.json)
                for i, record in zip(record_ids, rows.records, strict=True)
            ),
        )

    def _bulk_tracks(
        self,
        conn: Connection,
        source_id: int,
        track_ids: list[int],
        record_ids: list[int],
        rows: LoadRows,
    ) -> None:
        links = ", ".join(column for _, column in LINKED)
        columns = f"id, source_id, document, status, uri, title, assembly, doc, problems, search_text, {links}"
        self._bulk(
            conn,
            "catalog_tracks",
            columns,
            (
                (
                    *(i, source_id, t.document, t.status, t.uri, t.title, t.assembly),
                    *(t.doc_json, t.problems_json, t.search),
                    *(None if link is None else record_ids[link] for link in t.links),
                )
                for i, t in zip(track_ids, rows.tracks, strict=True)
            ),
        )

    def _bulk_leaves(
        self, conn: Connection, record_ids: list[int], track_ids: list[int], rows: LoadRows, path_ids: dict[str, int]
    ) -> None:
        """The leaves of the import's records and tracks: the distinct ones are looked up in the leaf
        dictionary (one join with them), the new ones added with their track counts, the known ones'
        counts raised, then two integers per leaf of a record or track are written to the postings, in
        their key's order (leaf ids, then ascending record ids).

        The distinct leaves are probed, and the new ones numbered and written, in (path id, value) order:
        the dictionary's (path_id, value) index is then read and extended page by page, where the order
        of the import touched a page of it per leaf (it outgrows the page cache at a million tracks)."""
        found = _distinct_leaves(record_ids, rows.records, track_ids, rows.tracks, path_ids)
        if not found.keys:
            return
        keys = found.keys
        paths, values = [key[0] for key in keys], [key[1] for key in keys]
        by_value = [k for _, _, k in sorted(zip(paths, values, range(len(keys)), strict=True))]
        known = self._known_leaves(conn, keys, by_value)
        fresh = [k for k in by_value if k not in known]
        ids = dict(known)
        ids.update(zip(fresh, self._reserve_leaf_ids(conn, len(fresh)), strict=True))
        self._bulk(
            conn,
            "catalog_leaves",
            "id, path_id, value, number, tracks",
            ((ids[k], *found.keys[k], found.tracks[k]) for k in fresh),
        )
        raised = [(found.tracks[k], leaf_id) for k, leaf_id in sorted(known.items(), key=itemgetter(1))]
        if raised:
            mark = "?" if self.dialect == "sqlite" else "%s"
            cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
            try:
                cursor.executemany(f"UPDATE catalog_leaves SET tracks = tracks + {mark} WHERE id = {mark}", raised)
            finally:
                cursor.close()
        ordered = sorted(zip([ids[k] for k in range(len(found.keys))], found.holders, strict=True), key=itemgetter(0))
        self._bulk(conn, "catalog_postings", "leaf_id, record_id", ((i, r) for i, held in ordered for r in held))

    def _known_leaves(
        self, conn: Connection, keys: list[tuple[int, str, float | None]], order: list[int]
    ) -> dict[int, int]:
        """Dictionary ids of the leaves ``keys`` already holds, by position in ``keys``, in one statement
        whose every key (taken in ``order``) probes the dictionary's (path_id, value) index. SQLite: the
        keys go in as one JSON array read by ``json_each`` (inserting them into a temporary table first
        cost more than the join), and the numbers are compared here (exactly: no float goes through JSON).
        PostgreSQL: the keys are copied to a temporary table. The join order is forced (SQLite: CROSS
        JOIN; PostgreSQL: LATERAL ... LIMIT 1, which it does not flatten): left to them, SQLite without
        statistics may scan the dictionary and PostgreSQL hashed all of it (a sequential scan of 600,000
        leaves per import at 100,000 tracks, growing with the catalog; the probes cost the same at any size)."""
        if self.dialect == "sqlite":
            query = (
                "SELECT j.key, d.id, d.number FROM json_each(?) j CROSS JOIN catalog_leaves d "
                "WHERE d.path_id = json_extract(j.value, '$[0]') AND d.value = json_extract(j.value, '$[1]')"
            )
            # a JSON text value ends at its first NUL in SQLite: such keys (path id 0 matches none) are
            # asked on their own
            pairs = [keys[k][:2] for k in order]
            odd = [at for at, (_, value) in enumerate(pairs) if "\0" in value]
            for at in odd:
                pairs[at] = (0, "")
            found = list(conn.exec_driver_sql(query, (dump_json(pairs),)))
            for at in odd:
                probe = "SELECT ?, id, number FROM catalog_leaves WHERE path_id = ? AND value = ?"
                found += conn.exec_driver_sql(probe, (at, *keys[order[at]][:2]))
            # SQLite stores NaN as NULL (so the temporary table's join matched it to NULL too)
            known = {}
            for at, i, n in found:
                k = order[at]
                if n == keys[k][2] or (n is None and _nan_or_none(keys[k][2])):
                    known[k] = i
            return known
        same = (
            "d.path_id = l.path_id AND d.value = l.value "
            "AND (d.number = l.number OR (d.number IS NULL AND l.number IS NULL))"
        )
        conn.exec_driver_sql(
            f"CREATE TEMP TABLE IF NOT EXISTS {_LOAD} (k integer, path_id integer, value text, "
            "number double precision) ON COMMIT DROP"
        )
        conn.exec_driver_sql(f"TRUNCATE {_LOAD}")
        conn.exec_driver_sql("SET LOCAL jit = off")  # compiling this plan cost more than running it
        query = (
            f"SELECT l.k, d.id FROM {_LOAD} l CROSS JOIN LATERAL "
            f"(SELECT d.id FROM catalog_leaves d WHERE {same} LIMIT 1) d"
        )
        self._bulk(conn, _LOAD, "k, path_id, value, number", ((k, *keys[k]) for k in order))
        return {int(k): int(i) for k, i in conn.exec_driver_sql(query)}

    def _reserve_leaf_ids(self, conn: Connection, count: int) -> list[int]:
        """``count`` fresh dictionary ids (PostgreSQL: from its sequence; SQLite: after the maximum, under
        this transaction's write lock)."""
        if count == 0:
            return []
        if self.dialect == "postgresql":
            query = text("SELECT nextval(pg_get_serial_sequence('catalog_leaves', 'id')) FROM generate_series(1, :n)")
            return [int(i) for i in conn.execute(query, {"n": count}).scalars()]
        top = int(conn.execute(select(func.coalesce(func.max(catalog_leaves.c.id), 0))).scalar_one())
        return list(range(top + 1, top + 1 + count))

    def _bulk(self, conn: Connection, table: str, columns: str, rows: Iterable[tuple[Any, ...]]) -> None:
        """Rows into ``table`` through the driver: COPY on PostgreSQL, one executemany on SQLite
        (SQLAlchemy's per-statement compilation was a third of the import time). ``table`` and
        ``columns`` are constants of this module, never user input."""
        raw: Any = conn.connection.dbapi_connection
        if self.dialect == "postgresql":
            with raw.cursor() as cursor, cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        marks = ", ".join("?" for _ in columns.split(","))
        cursor = raw.cursor()
        try:
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)
        finally:
            cursor.close()

    def _delete_source(self, conn: Connection, source_id: int) -> None:
        """Remove a source: its postings (the dictionary's counts lowered by the tracks they counted: one
        per track leaf, the record's tracks per record leaf), records, tracks and paths. Leaves left with
        no track stay in the dictionary (a re-import finds them again) and are skipped by browse and facets."""
        postings = catalog_postings
        for owner, weight in ((catalog_tracks, literal(1)), (catalog_records, catalog_records.c.tracks)):
            owned = select(owner.c.id.label("record_id"), weight.label("weight")).where(owner.c.source_id == source_id)
            mine = owned.subquery("owned")
            lowered = conn.execute(
                select(func.sum(mine.c.weight), postings.c.leaf_id)
                .join_from(mine, postings, postings.c.record_id == mine.c.record_id)
                .group_by(postings.c.leaf_id)
            ).all()
            if lowered:
                conn.execute(
                    update(catalog_leaves)
                    .where(catalog_leaves.c.id == bindparam("leaf"))
                    .values(tracks=catalog_leaves.c.tracks - bindparam("n")),
                    [{"n": int(n), "leaf": int(leaf)} for n, leaf in lowered],
                )
            conn.execute(delete(postings).where(postings.c.record_id.in_(select(mine.c.record_id))))
        conn.execute(delete(catalog_records).where(catalog_records.c.source_id == source_id))
        conn.execute(delete(catalog_tracks).where(catalog_tracks.c.source_id == source_id))
        conn.execute(delete(catalog_source_paths).where(catalog_source_paths.c.source_id == source_id))
        conn.execute(delete(catalog_sources).where(catalog_sources.c.id == source_id))

    def _add_ancestors(self, conn: Connection, ancestors: dict[str, frozenset[str]]) -> None:
        if not ancestors:
            return
        known = {
            (r.term, r.ancestor)
            for r in conn.execute(
                select(catalog_term_ancestors.c.term, catalog_term_ancestors.c.ancestor).where(
                    catalog_term_ancestors.c.term.in_(sorted(ancestors))
                )
            )
        }
        pairs = {(term, a) for term, found in ancestors.items() for a in ({term} | set(found))} - known
        if pairs:
            conn.execute(insert(catalog_term_ancestors), [{"term": t, "ancestor": a} for t, a in sorted(pairs)])

    def delete_source(self, source: str) -> bool:
        with self.engine.begin() as conn:
            row = conn.execute(select(catalog_sources.c.id).where(catalog_sources.c.source == source)).first()
            if row is None:
                return False
            self._delete_source(conn, row.id)
            return True

    # --- sources ----------------------------------------------------------------------------------

    def sources(self) -> list[SourceRecord]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(catalog_sources).order_by(catalog_sources.c.source)).all()
        return [_source(r) for r in rows]

    def source(self, name: str) -> SourceRecord | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(catalog_sources).where(catalog_sources.c.source == name)).first()
        return _source(row) if row is not None else None

    def known_paths(self) -> dict[str, int]:
        """Every attribute path with the number of tracks that have it."""
        query = select(catalog_source_paths.c.path, func.sum(catalog_source_paths.c.tracks)).group_by(
            catalog_source_paths.c.path
        )
        with self.engine.connect() as conn:
            return {path: int(count) for path, count in conn.execute(query)}

    # --- queries ----------------------------------------------------------------------------------

    def parse(self, query: str, known: Iterable[str] | None = None) -> Node:
        return parse_query(query, self.known_paths() if known is None else known)

    def compile(self, node: Node) -> ColumnElement[bool]:
        """The WHERE condition on ``catalog_tracks`` for a parsed query (all values bound)."""
        if isinstance(node, And):
            return and_(*(self.compile(item) for item in node.items))
        if isinstance(node, Or):
            return or_(*(self.compile(item) for item in node.items))
        if isinstance(node, Not):
            return not_(self.compile(node.item))
        if isinstance(node, Text):
            return self._text_condition(node.words)
        groups, negated = self._leaf(node)
        links = [self._link(c).in_(_holders(where)) for c, where in groups]
        found = or_(*links) if links else false()
        return not_(found) if negated else found

    def ids(self, node: Node) -> Select[Any] | CompoundSelect[Any]:
        """The ids (column ``track_id``) of the tracks matching ``node``, as set operations over leaf
        index lookups: counting them reads no track rows (a row lookup per match made counts slow).
        A negation inside AND is subtracted from the other members (``A EXCEPT X``) rather than
        intersected as its complement (``A INTERSECT (all EXCEPT X)``), which listed every track id."""
        found, negated = self._signed_ids(node)
        return except_(_all_ids(), _as_select(found)) if negated else found

    def _signed_ids(self, node: Node) -> tuple[Select[Any] | CompoundSelect[Any], bool]:
        """The ids of ``node``, or of its negation and True: the caller subtracts them from what it has."""
        if isinstance(node, And):
            return self._and_ids(_and_items(node))
        if isinstance(node, Or):
            return union(*(_as_select(self.ids(item)) for item in node.items)), False
        if isinstance(node, Not):
            inner, negated = self._signed_ids(node.item)
            return inner, not negated
        if isinstance(node, Text):
            if self.dialect == "postgresql":
                return select(catalog_tracks.c.id.label("track_id")).where(self._text_condition(node.words)), False
            rowids = self._fts_rowids(node.words)
            if rowids is None:
                return select(catalog_tracks.c.id.label("track_id")).where(false()), False
            found = rowids.subquery("fts")
            return select(found.c.rowid.label("track_id")), False
        groups, negated = self._leaf(node)
        members = [self._track_ids(c, where) for c, where in groups]
        if not members:
            members = [select(catalog_tracks.c.id.label("track_id")).where(false())]
        return (members[0] if len(members) == 1 else union(*members)), negated

    def _and_ids(self, items: Sequence[Node]) -> tuple[Select[Any] | CompoundSelect[Any], bool]:
        """The ids of tracks meeting every item. Items that are conditions on a few dictionary leaves
        (``_resolved``) are not intersected as sets: the one with the fewest tracks (the dictionary's
        counts) lists its tracks, and each other one, negated or not, is an index probe per listed track
        ((record_id, leaf_id) seeks). Intersecting materialised every member (for ``a = x AND b = y``
        on 1,000,000 tracks: both sets of hundreds of thousands of ids). The other items are
        intersected, negations subtracted, as before."""
        resolved = [self._resolved(item) for item in items]
        drivers = [k for k, found in enumerate(resolved) if found is not None and not found.negated]
        parts: list[tuple[Select[Any] | CompoundSelect[Any], bool]] = []
        if drivers:
            estimates = {k: found.tracks for k, found in enumerate(resolved) if found is not None}
            first = min(drivers, key=estimates.__getitem__)
            driver = _resolved_ids(resolved[first].groups).subquery("driver")  # type: ignore[union-attr]
            track = driver.c.track_id
            others = [found for k, found in enumerate(resolved) if found is not None and k != first]
            if len(others) > 1:  # the order needs the catalog's track total: asked only when there is one
                others.sort(key=self._probe_order())
            probes = [
                ~_has_leaf(found.groups, track, self.dialect)
                if found.negated
                else _has_leaf(found.groups, track, self.dialect)
                for found in others
            ]
            parts.append((select(track.label("track_id")).where(*probes), False))
            items = [item for item, found in zip(items, resolved, strict=True) if found is None]
        parts += [self._signed_ids(item) for item in items]
        kept = [_as_select(ids) for ids, negated in parts if not negated]
        dropped = [_as_select(ids) for ids, negated in parts if negated]
        if not kept:  # NOT a AND NOT b: the complement of their union
            return (dropped[0] if len(dropped) == 1 else union(*dropped)), True
        base = kept[0] if len(kept) == 1 else intersect(*kept)
        return (except_(_as_select(base), *dropped) if dropped else base), False

    def _probe_order(self) -> Callable[[_Resolved], tuple[bool, float]]:
        """The order the probes of an AND run in (SQLite stops at the first that fails): those on the
        track's own leaves first, then by the share of tracks that pass them (fewest first). A probe of
        a record's leaves reads the track's row for its link (a row of a few KB in a big table); run
        first, it read that row for every listed track (1,000,000 tracks: 125,000 rows for a CSV
        export whose track-leaf probe would have kept a quarter of them)."""
        with self.engine.connect() as conn:
            everything = max(self._track_total(conn), 1)

        def order(found: _Resolved) -> tuple[bool, float]:
            share = min(found.tracks / everything, 1.0)
            return any(category != "tracks" for category, _ in found.groups), 1 - share if found.negated else share

        return order

    def _resolved(self, node: Node) -> _Resolved | None:
        """``node`` as dictionary leaf ids per category, with the tracks they count, when it is a leaf
        condition (or an OR of them, or a negation) matching at most ``_PROBE_LEAVES`` leaves; else None
        (``~`` too: finding its leaves may scan a path's whole dictionary)."""
        if isinstance(node, Not):
            inner = self._resolved(node.item)
            return None if inner is None else _Resolved(inner.groups, inner.tracks, not inner.negated)
        if isinstance(node, Or):
            found = [f for f in (self._resolved(item) for item in node.items) if f is not None and not f.negated]
            if len(found) < len(node.items):
                return None
            merged: dict[str, list[int]] = {}  # one member per category: a union of them cost more than a list
            for f in found:
                for category, ids in f.groups:
                    merged.setdefault(category, []).extend(ids)
            return _Resolved(list(merged.items()), sum(f.tracks for f in found), False)
        if not isinstance(node, Comparison | InList | DescendantOf) or (
            isinstance(node, Comparison) and node.op == "~"
        ):
            return None
        groups, negated = self._leaf(node)
        resolved: list[tuple[str, list[int]]] = []
        tracks = 0
        with self.engine.connect() as conn:
            for category, where in groups:
                query = select(catalog_leaves.c.id, catalog_leaves.c.tracks).where(*where).limit(_PROBE_LEAVES + 1)
                rows = conn.execute(query).all()
                if len(rows) > _PROBE_LEAVES:
                    return None
                resolved.append((category, [int(i) for i, _ in rows]))
                tracks += sum(int(n) for _, n in rows)
        return _Resolved(resolved, tracks, negated)

    def _track_ids(self, category: str, where: Sequence[ColumnElement[bool]]) -> Select[Any]:
        """Ids of the tracks that have a leaf meeting ``where``: the leaves' own ids for track paths,
        else the tracks linked to the records found (index seeks on the link column)."""
        if category == "tracks":
            return _holders(where, "track_id")
        records = _holders(where)
        return select(catalog_tracks.c.id.label("track_id")).where(self._link(category).in_(records))

    def _link(self, category: str) -> ColumnElement[int]:
        """The track column holding the id its leaves of ``category`` are stored under."""
        return catalog_tracks.c.id if category == "tracks" else catalog_tracks.c[LINK_OF[category]]

    def _path_is(self, path: str) -> ColumnElement[bool]:
        """The leaf's path is ``path``, by its id bound as a constant: a subquery for it hid the path
        from PostgreSQL's statistics (it then misjudged every value's frequency)."""
        return catalog_leaves.c.path_id == self._path_id(path)

    def _path_id(self, path: str) -> int:
        """A path's id (-1, which matches nothing, for a path the catalog never held). Ids are never
        reused nor deleted, so they are cached for the life of this object."""
        if path not in self._path_id_cache:
            with self.engine.connect() as conn:
                found = conn.execute(select(catalog_paths.c.id).where(catalog_paths.c.path == path)).scalar()
            if found is None:
                return -1
            self._path_id_cache[path] = int(found)
        return self._path_id_cache[path]

    def _leaf(self, node: Comparison | InList | DescendantOf) -> tuple[list[Conditions], bool]:
        """The conditions on leaf rows for a condition, by category (a track has a matching leaf of
        any of them), and whether the condition is their negation."""
        if isinstance(node, DescendantOf):
            return self._descendant(node), False
        category = _category(node.path)
        conditions, negated = self._leaf_conditions(node)
        return [(category, conditions)], negated

    def _leaf_conditions(self, node: Comparison | InList) -> tuple[list[ColumnElement[bool]], bool]:
        if isinstance(node, InList):
            texts = [v if isinstance(v, str) else _number_text(v) for v in node.values]
            return [self._path_is(node.path), catalog_leaves.c.value.in_(texts)], node.negated
        path = self._path_is(node.path)
        value = node.value
        if node.op in ("=", "!="):
            # a number leaf's text is its canonical form (``_number_text``, as flattening writes it), so
            # one (path_id, value) seek finds numbers and number-like text (an OR with the number
            # column made it a scan of the path)
            match = catalog_leaves.c.value == (_number_text(value) if isinstance(value, float) else value)
            return [path, match], node.op == "!="
        if node.op == "~":
            return [path, self._contains(str(value if not isinstance(value, float) else _number_text(value)))], False
        number = catalog_leaves.c.number
        compare = {
            "<": number < value,
            "<=": number <= value,
            ">": number > value,
            ">=": number >= value,
        }[node.op]
        return [path, compare], False

    def _contains(self, part: str) -> ColumnElement[bool]:
        """The leaf's value contains ``part``, ignoring the case of ASCII letters. SQLite: ``LIKE`` alone,
        which ignores exactly that case (its ``lower()`` folds ASCII letters only, and this store never
        turns on ``case_sensitive_like``); ``lower()`` on both sides made a ``~`` scan of a path's leaves
        twice as slow. PostgreSQL: ``lower()`` on both sides (its ``LIKE`` is case-sensitive)."""
        pattern = "%" + _like_escape(part) + "%"
        if self.dialect == "sqlite":
            return catalog_leaves.c.value.like(pattern, escape="\\")
        return func.lower(catalog_leaves.c.value).like(func.lower(pattern), escape="\\")

    def _descendant(self, node: DescendantOf) -> list[Conditions]:
        """Through the ancestor closure (term -> every ancestor, itself included). The term paths and
        the descendant terms are looked up first (the closure only holds terms the catalog uses, so
        both lists are short) and bound as lists: one (path_id, value) index seek per pair. Left to
        the planners, SQLite scanned every term leaf instead."""
        term = expand_term(node.term)
        if node.path is None:
            where: ColumnElement[bool] = catalog_paths.c.path.like("%.term_id")
        else:
            where = catalog_paths.c.path == term_path(node.path)
        below = select(catalog_term_ancestors.c.term).where(catalog_term_ancestors.c.ancestor == term)
        with self.engine.connect() as conn:
            paths = conn.execute(select(catalog_paths.c.path, catalog_paths.c.id).where(where)).all()
            terms = sorted({term, *conn.execute(below).scalars()})
        by_category: dict[str, list[int]] = {}
        for path, path_id in sorted(paths):
            by_category.setdefault(_category(path), []).append(path_id)
        return [
            (category, [catalog_leaves.c.path_id.in_(ids), catalog_leaves.c.value.in_(terms)])
            for category, ids in by_category.items()
        ]

    def _text_condition(self, words: str) -> ColumnElement[bool]:
        if self.dialect == "postgresql":
            tokens = _fts_words(words)
            if not tokens:
                return false()
            return literal_column("catalog_tracks.tsv").op("@@")(
                func.plainto_tsquery(literal_column("'simple'"), " ".join(tokens))
            )
        rowids = self._fts_rowids(words)
        return false() if rowids is None else catalog_tracks.c.id.in_(rowids)

    def _fts_rowids(self, words: str) -> TextualSelect | None:
        """SQLite: the FTS5 rows holding every word (each quoted: FTS5 syntax in them is inert)."""
        tokens = _fts_words(words)
        if not tokens:
            return None
        match = " ".join('"' + t.replace('"', '""') + '"' for t in tokens)
        return (
            text("SELECT rowid FROM catalog_fts WHERE catalog_fts MATCH :fts")
            .bindparams(bindparam("fts", match, unique=True))
            .columns(literal_column("rowid"))
        )

    def _ranked(self, statement: Select[Any], words: str) -> Select[Any]:
        """``statement`` ordered by full-text rank (best first), then uri. SQLite: bm25 of one MATCH
        joined in (a correlated bm25 per candidate row re-ran the MATCH for each of them)."""
        tokens = _fts_words(words)
        if self.dialect == "postgresql":
            # any of the words counts towards the rank (the filter itself decides what matches)
            rank = func.ts_rank(
                literal_column("catalog_tracks.tsv"),
                func.websearch_to_tsquery(literal_column("'simple'"), " or ".join(tokens)),
            ).desc()
            return statement.order_by(rank, catalog_tracks.c.uri, catalog_tracks.c.id)
        match = " OR ".join('"' + t.replace('"', '""') + '"' for t in tokens)
        scores = (
            text(
                "SELECT rowid AS track_id, bm25(catalog_fts) AS score FROM catalog_fts WHERE catalog_fts MATCH :rank_q"
            )
            .bindparams(bindparam("rank_q", match, unique=True))
            .columns(literal_column("track_id"), literal_column("score"))
            .subquery("ranks")
        )
        statement = statement.outerjoin(scores, scores.c.track_id == catalog_tracks.c.id)
        return statement.order_by(func.coalesce(scores.c.score, 0.0).asc(), catalog_tracks.c.uri, catalog_tracks.c.id)

    def nodes(self, query: str | None, facets: Sequence[tuple[str, str]], known: Mapping[str, int]) -> list[Node]:
        """The parsed query and one equality per facet filter (the conditions all tracks must meet)."""
        nodes: list[Node] = []
        if query and query.strip():
            nodes.append(self.parse(query, known))
        for path, value in facets:
            if "\x00" in value:
                raise InputError(f"NUL character in the facet value for {path!r}")
            if path not in known:
                raise InputError(f"unknown facet path {path!r}")
            nodes.append(Comparison(path, "=", value, 0))
        return nodes

    def where(
        self, query: str | None, facets: Sequence[tuple[str, str]] = (), known: Mapping[str, int] | None = None
    ) -> tuple[ColumnElement[bool], str]:
        """The condition for a query plus facet filters, and the full-text words (for ranking)."""
        nodes = self.nodes(query, facets, self.known_paths() if known is None else known)
        words = " ".join(w for node in nodes for w in _text_words(node))
        return (and_(*(self.compile(node) for node in nodes)) if nodes else true()), words

    def search(
        self,
        query: str | None,
        facets: Sequence[tuple[str, str]] = (),
        *,
        limit: int = 100,
        offset: int = 0,
        facet_paths: Iterable[str] | None = None,
    ) -> SearchResult:
        """Matching tracks (a page of them, LIMIT/OFFSET in SQL), their total, and facet counts for
        ``facet_paths`` (default: ``DEFAULT_FACETS``; pass ``()`` when no counts are wanted: on a big
        catalog they cost more than the page itself).

        The matches are computed once, as one id set (see ``ids``) kept in a temporary table of the
        connection (``_matched``): the total, the page and every facet count read that table. Each of
        them recompiling the condition ran the whole set algebra again (twice plus once per facet)."""
        known = self.known_paths()
        nodes = self.nodes(query, facets, known)
        words = " ".join(w for node in nodes for w in _text_words(node))
        limit = max(0, min(limit, MAX_LIMIT))
        paths = [p for p in (facet_paths if facet_paths is not None else DEFAULT_FACETS) if p in known]
        with self.engine.connect() as conn:
            if not nodes:
                total = int(conn.execute(select(func.count()).select_from(catalog_tracks)).scalar_one())
                ids = self._page(conn, None, words, total, limit, offset)
                facet_counts = self._facets(conn, None, paths) if total else {}
            else:
                with self._matched(conn, nodes) as (matches, total):
                    required = [w for node in nodes for w in _required_words(node)]
                    ids = self._page(conn, matches, words, total, limit, offset, required)
                    facet_counts = self._facets(conn, matches, paths, total) if total else {}
            rows = self._rows(conn, ids)
        facet_counts = {p: facet_counts.get(p, []) for p in paths}
        return SearchResult(total, [rows[i] for i in ids], facet_counts)

    @contextmanager
    def _matched(self, conn: Connection, nodes: Sequence[Node]) -> Iterator[tuple[Table, int]]:
        """The ids of the tracks meeting every node, in a temporary table of ``conn`` (dropped on exit),
        and how many there are. SQLite keeps it in memory (an integer primary key: the rowid);
        PostgreSQL gets fresh statistics on it, or it would guess 2,550 rows for any size."""
        ids = self.ids(nodes[0] if len(nodes) == 1 else And(tuple(nodes)))
        # a compound's rows are distinct already; SQLite drops duplicates by the table's key (INSERT OR
        # IGNORE, whose row count is the rows inserted) rather than by a DISTINCT, which first sorted
        # every id into a temporary index of its own (half the time of filling the table)
        keyed = isinstance(ids, CompoundSelect) or self.dialect == "sqlite"
        found = ids.subquery() if keyed else ids.distinct().subquery()  # type: ignore[union-attr]
        fill = insert(_MATCHES)
        if self.dialect == "sqlite":
            fill = fill.prefix_with("OR IGNORE")
            conn.exec_driver_sql("PRAGMA temp_store=MEMORY")
            conn.exec_driver_sql(f"CREATE TEMP TABLE IF NOT EXISTS {_MATCHES.name} (id INTEGER PRIMARY KEY)")
            conn.execute(delete(_MATCHES))
        else:
            conn.exec_driver_sql(f"CREATE TEMP TABLE IF NOT EXISTS {_MATCHES.name} (id integer) ON COMMIT DROP")
        # PostgreSQL: words only through the GIN index (see ``_has_text``)
        by_index = self.dialect == "postgresql" and any(_has_text(node) for node in nodes)
        try:
            with self._by_index(conn, by_index):
                total = conn.execute(fill.from_select(["id"], select(found.c.track_id))).rowcount
            if self.dialect == "postgresql":
                conn.exec_driver_sql(f"ANALYZE {_MATCHES.name}")
                # psycopg reports no row count for SQLAlchemy's INSERT ... SELECT (-1)
                total = conn.execute(select(func.count()).select_from(_MATCHES)).scalar_one()
            yield _MATCHES, int(total)
        finally:
            if self.dialect == "sqlite":
                conn.execute(delete(_MATCHES))
            conn.rollback()

    @contextmanager
    def _by_index(self, conn: Connection, wanted: bool) -> Iterator[None]:
        """PostgreSQL, when ``wanted``: the statements inside run with sequential scans off (see
        ``_has_text``) and without JIT (disabled scans inflate the costs past JIT's threshold: it then
        compiled for 0.9 s to save nothing)."""
        if not wanted:
            yield
            return
        conn.exec_driver_sql("SET LOCAL enable_seqscan = off")
        conn.exec_driver_sql("SET LOCAL jit = off")
        yield  # on an error, no RESET: the transaction is aborted, and its end undoes SET LOCAL anyway
        conn.exec_driver_sql("RESET enable_seqscan")
        conn.exec_driver_sql("RESET jit")

    def _page(
        self,
        conn: Connection,
        matches: Table | None,
        words: str,
        total: int,
        limit: int,
        offset: int,
        required: Sequence[str] = (),
    ) -> list[int]:
        """The ids of one page of matches: chosen on ids (sorting uri and id only), then only its rows
        are read (sorting whole rows of every match was most of a query's time)."""
        if not limit:
            return []
        bounds = {"limit": limit, "offset": offset}
        if matches is not None and not words and self._dense(conn, total, limit + offset):
            # written out: SQLAlchemy's SQLite compiler drops ``with_hint`` (the hint this replaced never
            # reached SQLite, which sorted every match's row: 1.6 s for 166,000 of 1,000,000 tracks)
            return list(conn.execute(_DENSE_PAGE if self.dialect == "sqlite" else _PG_DENSE_PAGE, bounds).scalars())
        if matches is not None and words and self.dialect == "sqlite":
            return self._sqlite_ranked_page(conn, words, total, limit, offset)
        page: Select[Any] = select(catalog_tracks.c.id)
        if matches is not None and words and required:
            # PostgreSQL, every match has the ``required`` words: ranked from the GIN index's rows (the
            # condition is implied by the matches; it only lets the planner read the matches' rows and
            # not every track's), the matches a hashed filter (``IS TRUE``: not pulled up into a join)
            page = page.where(*(self._text_condition(w) for w in required))
            page = page.where(catalog_tracks.c.id.in_(select(matches.c.id)).is_(true()))
        elif matches is not None:
            page = page.where(catalog_tracks.c.id.in_(select(matches.c.id)))
        page = self._ranked(page, words) if words else page.order_by(catalog_tracks.c.uri, catalog_tracks.c.id)
        with self._by_index(conn, bool(required) and self.dialect == "postgresql"):
            return list(conn.execute(page.limit(limit).offset(offset)).scalars())

    def _sqlite_ranked_page(self, conn: Connection, words: str, total: int, limit: int, offset: int) -> list[int]:
        """One page of the matches ordered by bm25 (best first; 0 for a match with none of the words),
        then uri and id, without sorting every match by uri: a common word's matches are most of the
        catalog and their scores take a handful of values (documents of similar length).

        Every match's score goes into a temporary table (one MATCH; bm25 is only computed for
        matches); the score of the last row the page needs is the threshold. Rows scoring better come
        first (fewer than the page needs: sorted with their uri); the rows tied at the threshold follow
        in uri order, taken by walking the uri index when they are many (as ``_DENSE_PAGE``). Sorting
        every match by score and uri read the row of each (1M tracks: 234,000 rows for one word)."""
        wanted = min(limit + offset, total)
        if wanted <= offset:
            return []
        tokens = _fts_words(words)
        match = " OR ".join('"' + t.replace('"', '""') + '"' for t in tokens)
        conn.exec_driver_sql(_RANKS)
        conn.exec_driver_sql("DELETE FROM temp.catalog_ranks")
        try:
            scored = conn.execute(_RANK_SCORES, {"rank_q": match}).rowcount if tokens else 0
            if scored < total:
                conn.execute(_RANK_UNSCORED)
            threshold = conn.execute(_RANK_THRESHOLD, {"nth": wanted - 1}).scalar_one()
            head = list(conn.execute(_RANK_HEAD, {"score": threshold}).scalars())
            ties = int(conn.execute(_RANK_TIES, {"score": threshold}).scalar_one())
            bounds = {"score": threshold, "limit": wanted - len(head)}
            dense = self._dense(conn, ties, wanted - len(head))
            tail = list(conn.execute(_RANK_TIES_DENSE if dense else _RANK_TIES_SORTED, bounds).scalars())
        finally:
            conn.exec_driver_sql("DELETE FROM temp.catalog_ranks")
        return (head + tail)[offset:]

    def _dense(self, conn: Connection, total: int, wanted: int) -> bool:
        """Whether walking the uri index and keeping matches finds the first ``wanted`` sooner than
        sorting every match (which reads each match's row): SQLite's planner, with no statistics,
        always sorts. Walking costs about ``wanted * all / total`` index entries, sorting ``total``
        row reads (each several times an index entry)."""
        if total == 0:
            return False
        everything = int(conn.execute(select(func.coalesce(func.sum(catalog_sources.c.tracks), 0))).scalar_one())
        return max(wanted, 1) * everything < 4 * total * total

    def _rows(self, conn: Connection, ids: list[int]) -> dict[int, CatalogTrack]:
        """The tracks ``ids`` (with their source's name and their joined documents: the track's own
        parts and its records' JSON, see ``fairgauge.catalog.rows``), by id, in chunks of bound ids."""
        found: dict[int, CatalogTrack] = {}
        links = [catalog_tracks.c[column] for _, column in LINKED]
        columns = [catalog_tracks.c[name] for name in _STORED_COLUMNS]
        for start in range(0, len(ids), _CHUNK):
            chunk = ids[start : start + _CHUNK]
            statement = (
                select(*columns, *links, catalog_sources.c.source)
                .join(catalog_sources)
                .where(catalog_tracks.c.id.in_(chunk))
            )
            rows = [row._mapping for row in conn.execute(statement)]
            docs = self._record_docs(conn, {row[c] for row in rows for _, c in LINKED if row[c] is not None})
            for row in rows:
                linked = {category: docs[row[c]] for category, c in LINKED if row[c] in docs}
                own = {name: row[name] for name in _STORED_COLUMNS}
                own["doc"] = join_doc(own["doc"] or {}, linked)
                own["problems"] = tuple(own["problems"] or ())
                found[row["id"]] = CatalogTrack(source=row["source"], **own)
        return found

    def _record_docs(self, conn: Connection, record_ids: set[int]) -> dict[int, Any]:
        """The JSON of records ``record_ids``, by id."""
        wanted = sorted(record_ids)
        docs: dict[int, Any] = {}
        for start in range(0, len(wanted), _CHUNK):
            chunk = wanted[start : start + _CHUNK]
            query = select(catalog_records.c.id, catalog_records.c.doc).where(catalog_records.c.id.in_(chunk))
            docs |= {int(i): doc for i, doc in conn.execute(query)}
        return docs

    def _facets(
        self, conn: Connection, matches: Table | None, paths: Sequence[str], total: int = 0, per_path: int = 20
    ) -> dict[str, list[tuple[str, int]]]:
        """Tracks per value of each path, among ``matches`` (None: every track; else ``total`` of them)."""
        out: dict[str, list[tuple[str, int]]] = {}
        from_matches = matches is not None and self.dialect == "sqlite"
        everything = self._track_total(conn) if from_matches else 0
        for path in paths:
            found = self._matched_counts(conn, path, total, everything) if from_matches else None
            query = self._value_counts(path, matches) if found is None else found
            out[path] = [(value, int(n)) for value, n in conn.execute(query.limit(per_path))]
        return out

    def _matched_counts(self, conn: Connection, path: str, total: int, everything: int) -> Select[Any] | None:
        """SQLite: tracks per value of ``path`` among the matches, read from the matches: each match's
        postings of the path's leaves (a (record_id, leaf_id) seek per leaf; for a record path, per
        matched record), when the path has at most ``_PROBE_LEAVES`` leaves and that costs less than
        reading every posting of the path, which SQLite's own plan does (for a record path it also
        walked the link index of every track): at 1,000,000 tracks a facet over 7,000 matches read a
        million postings. None where the path-wide plan is cheaper (``everything``: the catalog's tracks)."""
        leaves = conn.execute(
            select(catalog_leaves.c.id, catalog_leaves.c.tracks)
            .where(self._path_is(path), catalog_leaves.c.tracks > 0)
            .limit(_PROBE_LEAVES + 1)
        ).all()
        if not leaves or len(leaves) > _PROBE_LEAVES or total * len(leaves) * 4 > everything:
            return None
        ids = [int(i) for i, _ in leaves]
        category = _category(path)
        # CROSS JOIN: SQLite keeps this join order (the matches outermost)
        if category not in LINK_OF:
            holders, weight = _MATCHES.name, "1"
        else:
            link = LINK_OF[category]  # a constant of this module's schema
            holders = (
                f"(SELECT t.{link} AS id, count(*) AS n FROM temp.{_MATCHES.name} m CROSS JOIN catalog_tracks t "
                f"WHERE t.id = m.id AND t.{link} IS NOT NULL GROUP BY t.{link})"
            )
            weight = "h.n"
        statement = text(
            f"SELECT l.value AS value, sum({weight}) AS n FROM {holders} h CROSS JOIN catalog_postings p "
            "CROSS JOIN catalog_leaves l WHERE p.record_id = h.id AND p.leaf_id IN :ids AND l.id = p.leaf_id "
            "GROUP BY l.value ORDER BY n DESC, l.value"
        ).bindparams(bindparam("ids", ids, expanding=True))
        found = statement.columns(literal_column("value"), literal_column("n")).subquery("counts")
        return select(found.c.value, found.c.n)

    def _value_counts(self, path: str, matches: Table | None, *where: ColumnElement[bool]) -> Select[Any]:
        """Tracks per value of ``path`` (most first), among the tracks in ``matches`` (None: all).
        All tracks: the leaf dictionary's counts alone (a value's leaves summed: a value may be a number
        leaf and a text leaf). Among matches: a track leaf's postings are its tracks; a record's leaf
        counts the matched tracks linked to the record (counted per record first, then each record's
        postings of the path's leaves are looked up once, not per track)."""
        leaves, postings = catalog_leaves, catalog_postings
        value = leaves.c.value
        category = _category(path)
        count: Any
        query: Select[Any]
        if matches is None:
            count = func.sum(leaves.c.tracks)
            query = select(value, count).where(leaves.c.tracks > 0)
        elif category not in LINK_OF:
            count = func.count()
            query = (
                select(value, count)
                .join_from(leaves, postings, postings.c.leaf_id == leaves.c.id)
                .join(matches, matches.c.id == postings.c.record_id)
            )
        else:
            link = catalog_tracks.c[LINK_OF[category]]
            per_record = (
                select(link.label("record_id"), func.count().label("tracks"))
                .join_from(matches, catalog_tracks, catalog_tracks.c.id == matches.c.id)
                .where(link.is_not(None))
                .group_by(link)
                .subquery("per_record")
            )
            count = func.sum(per_record.c.tracks)
            query = (
                select(value, count)
                .join_from(per_record, postings, postings.c.record_id == per_record.c.record_id)
                .join(leaves, leaves.c.id == postings.c.leaf_id)
            )
            if self.dialect == "sqlite":  # (record_id, leaf_id) seeks; PostgreSQL then guessed 1 row (1.5 s)
                query = query.where(postings.c.leaf_id.in_(select(leaves.c.id).where(self._path_is(path), *where)))
        query = query.where(self._path_is(path), *where)
        return query.group_by(value).order_by(count.desc(), value)

    def tracks(
        self, query: str | None, facets: Sequence[tuple[str, str]] = (), *, limit: int = MAX_LIMIT
    ) -> list[CatalogTrack]:
        """Every matching track (for exports), sorted by uri."""
        return self.search(query, facets, limit=limit, facet_paths=()).tracks

    def track(self, track_id: int) -> CatalogTrack | None:
        with self.engine.connect() as conn:
            return self._rows(conn, [track_id]).get(track_id)

    # --- browse -----------------------------------------------------------------------------------

    def browse(self, path: str | None = None, *, limit: int = 200) -> list[BrowseEntry]:
        """Categories; then attribute paths under a category or branch; then values of a leaf path."""
        known = self.known_paths()
        if not path:
            counts = {c: self._category_tracks(c, known) for c in CATEGORIES}
            return [BrowseEntry(c, c, "category", counts[c]) for c in CATEGORIES if counts[c] or c in known]
        path = path.replace("->", ".").replace("\x00", "").strip(".")
        if path in known:
            return self.values(path, limit=limit)
        if f"{path}.term_id" in known:
            return self.term_values(path, limit=limit)
        children: dict[str, int] = {}
        prefix = path + "."
        for candidate, count in known.items():
            if candidate.startswith(prefix):
                child = candidate[len(prefix) :].split(".", 1)[0]
                children[child] = max(children.get(child, 0), count)
        if not children:
            raise InputError(f"no attribute path {path!r} in the catalog")
        entries = []
        for child, count in sorted(children.items()):
            full = prefix + child
            kind = "leaf" if full in known else ("ontology" if f"{full}.term_id" in known else "branch")
            entries.append(BrowseEntry(child, full, kind, count))
        return entries

    def _category_tracks(self, category: str, known: Mapping[str, int]) -> int:
        return max((n for p, n in known.items() if p.split(".", 1)[0] == category), default=0)

    def values(self, path: str, *, limit: int = 200, contains: str | None = None) -> list[BrowseEntry]:
        path, contains = path.replace("\x00", ""), (contains or "").replace("\x00", "") or None
        where = []
        if contains:
            where.append(self._contains(contains))
        query = self._value_counts(path, None, *where).limit(limit)
        with self.engine.connect() as conn:
            return [BrowseEntry(v, path, "value", int(n)) for v, n in conn.execute(query)]

    def term_values(self, path: str, *, limit: int = 200) -> list[BrowseEntry]:
        """An ontology field: its labels with their term ids and counts."""
        ids, id_postings = catalog_leaves.alias("ids"), catalog_postings.alias("id_postings")
        labels, label_postings = catalog_leaves.alias("labels"), catalog_postings.alias("label_postings")
        label_path, id_path = self._path_id(f"{path}.term_label"), self._path_id(f"{path}.term_id")
        # a record's label is found by its postings of the label path's leaves (a (record_id, leaf_id) seek
        # per label leaf, then the label's row by id)
        path_labels = select(catalog_leaves.c.id).where(catalog_leaves.c.path_id == label_path)
        on_record = and_(
            label_postings.c.record_id == id_postings.c.record_id, label_postings.c.leaf_id.in_(path_labels)
        )
        joined = (
            ids.join(id_postings, id_postings.c.leaf_id == ids.c.id)
            .outerjoin(label_postings, on_record)
            .outerjoin(labels, labels.c.id == label_postings.c.leaf_id)
        )
        # rows are distinct (record, term, label): a track's row counts once, a record's its tracks
        count: Any = func.count()
        if _category(path) in LINK_OF:
            joined = joined.join(catalog_records, catalog_records.c.id == id_postings.c.record_id)
            count = func.sum(catalog_records.c.tracks)
        query = (
            select(labels.c.value, ids.c.value, count)
            .select_from(joined)
            .where(ids.c.path_id == id_path)
            .group_by(labels.c.value, ids.c.value)
            .order_by(count.desc(), ids.c.value)
            .limit(limit)
        )
        with self.engine.connect() as conn:
            return [
                BrowseEntry(label or term, f"{path}.term_id", "term", int(n), term_id=term)
                for label, term, n in conn.execute(query)
            ]

    def stats(self) -> dict[str, int]:
        with self.engine.connect() as conn:
            tracks = int(conn.execute(select(func.count()).select_from(catalog_tracks)).scalar_one())
            values = int(conn.execute(select(func.count()).select_from(catalog_postings)).scalar_one())
            sources = int(conn.execute(select(func.count()).select_from(catalog_sources)).scalar_one())
        return {"sources": sources, "tracks": tracks, "values": values}


def _category(path: str) -> str:
    return path.split(".", 1)[0]


def _holders(where: Sequence[ColumnElement[bool]], label: str = "record_id") -> Select[Any]:
    """Ids of the records (or tracks) holding a leaf that meets ``where`` (conditions on the dictionary):
    the dictionary's matching leaf ids, then their postings (a key range each)."""
    leaf_ids = select(catalog_leaves.c.id).where(*where)
    return select(catalog_postings.c.record_id.label(label)).where(catalog_postings.c.leaf_id.in_(leaf_ids))


@dataclass(frozen=True)
class _Resolved:
    """A condition as dictionary leaf ids by category (a track meets it when it, or its record of that
    category, holds one of them), the tracks those leaves count (an estimate of its matches: a track
    with two of them counts twice), and whether the condition is their negation."""

    groups: list[tuple[str, list[int]]]
    tracks: int
    negated: bool


def _and_items(node: And) -> list[Node]:
    """The members of an AND with nested ANDs spliced in (a query AND facet filters is one AND)."""
    return [leaf for item in node.items for leaf in (_and_items(item) if isinstance(item, And) else [item])]


def _resolved_ids(groups: Sequence[tuple[str, list[int]]]) -> Select[Any] | CompoundSelect[Any]:
    """Ids of the tracks holding one of the leaves (their own, or through their record of the category)."""
    postings = catalog_postings
    members: list[Select[Any]] = []
    for category, ids in groups:
        holders = select(postings.c.record_id).where(postings.c.leaf_id.in_(ids))
        if category == "tracks":
            members.append(holders.with_only_columns(postings.c.record_id.label("track_id")))
        else:
            link = catalog_tracks.c[LINK_OF[category]]
            members.append(select(catalog_tracks.c.id.label("track_id")).where(link.in_(holders)))
    if not members:
        return select(catalog_tracks.c.id.label("track_id")).where(false())
    return members[0] if len(members) == 1 else union(*members)


def _has_leaf(groups: Sequence[tuple[str, list[int]]], track: ColumnElement[Any], dialect: str) -> ColumnElement[bool]:
    """The track ``track`` holds one of the leaves: a (record_id, leaf_id) seek per leaf, on the track's
    id or on its record's (read from the track's row). SQLite, for two or more leaves: one seek to the
    record's first posting in the leaves' id range, then its postings up to the range's end (a record
    has a few dozen postings in all); it made a seek per leaf of the list (a numeric range or an IN
    list probed each of its values for every track the driver listed)."""
    probe, row = catalog_postings.alias("probe"), catalog_tracks.alias("probe_track")
    found: list[ColumnElement[bool]] = []
    for category, ids in groups:
        if not ids:
            continue
        holds: list[ColumnElement[bool]] = [probe.c.leaf_id.in_(ids)]
        if dialect == "sqlite" and len(ids) > 1:  # ``+ 0``: the list is a filter, the range the seek
            holds = [probe.c.leaf_id.between(min(ids), max(ids)), (probe.c.leaf_id + 0).in_(ids)]
        if category == "tracks":
            found.append(exists().where(probe.c.record_id == track, *holds))
        else:
            link = row.c[LINK_OF[category]]
            found.append(exists().where(row.c.id == track, probe.c.record_id == link, *holds))
    return or_(*found) if found else false()


def _all_ids() -> Select[Any]:
    return select(catalog_tracks.c.id.label("track_id"))


def _as_select(ids: Select[Any] | CompoundSelect[Any]) -> Select[Any]:
    """A compound select as a plain one (SQLite takes no parenthesised compound inside another)."""
    if isinstance(ids, CompoundSelect):
        inner = ids.subquery()
        return select(inner.c.track_id)
    return ids


def _text_words(node: Node) -> list[str]:
    if isinstance(node, Text):
        return [node.words]
    if isinstance(node, And | Or):
        return [w for item in node.items for w in _text_words(item)]
    return []  # words under NOT do not rank


def _required_words(node: Node) -> list[str]:
    """The full-text words every track matching ``node`` has (its Text nodes joined by AND only)."""
    if isinstance(node, Text):
        return [node.words]
    if isinstance(node, And):
        return [w for item in node.items for w in _required_words(item)]
    return []


def _has_text(node: Node) -> bool:
    """Whether full-text words occur anywhere in ``node`` (under NOT too).

    On PostgreSQL such a query's match set is computed with sequential scans off (``SET LOCAL``, for
    that one statement). The planner costs a sequential scan of the tracks as cheaper than the GIN
    index for a common word (a quarter of the catalog), but the scan decompresses every track's
    tsvector (1.8 KB, TOASTed) to test it: 1.4 s for 100,000 tracks, against 0.36 s through the index,
    which reads only the matching rows' pages and never their tsvector."""
    if isinstance(node, Text):
        return True
    if isinstance(node, And | Or):
        return any(_has_text(item) for item in node.items)
    if isinstance(node, Not):
        return _has_text(node.item)
    return False


def _like_escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _number_text(value: float) -> str:
    return str(int(value)) if value.is_integer() else repr(value)


def _nan_or_none(number: float | None) -> bool:
    return number is None or number != number


def _source(row: Any) -> SourceRecord:
    return SourceRecord(
        id=row.id,
        source=row.source,
        kind=row.kind,
        version=row.version,
        imported_at=as_utc(row.imported_at),  # type: ignore[arg-type]
        documents=row.documents,
        tracks=row.tracks,
        invalid=row.invalid,
        flagged=row.flagged,
        details=dict(row.details or {}),
    )


@dataclass
class _Leaves:
    """An import's distinct leaves: (path_id, value, number) keys, their track counts, and the ids of the
    records and tracks holding each (ascending: records are given lower ids than tracks)."""

    keys: list[tuple[int, str, float | None]]
    tracks: list[int]
    holders: list[list[int]]


def _distinct_leaves(
    record_ids: Sequence[int],
    records: Sequence[RecordRow],
    track_ids: Sequence[int],
    tracks: Sequence[TrackRow],
    path_ids: Mapping[str, int],
) -> _Leaves:
    """The distinct leaves of records (each counting its tracks) and tracks (each counting one)."""
    position: dict[tuple[str, str, float | None], int] = {}
    found = _Leaves([], [], [])
    keys, counts, holders = found.keys, found.tracks, found.holders
    owners = (
        *((i, r.leaves, r.tracks) for i, r in zip(record_ids, records, strict=True)),
        *((i, t.leaves, 1) for i, t in zip(track_ids, tracks, strict=True)),
    )
    for owner_id, leaves, weight in owners:
        for leaf in leaves:
            k = position.get(leaf)
            if k is None:
                k = position[leaf] = len(keys)
                keys.append((path_ids[leaf[0]], leaf[1], leaf[2]))
                counts.append(weight)
                holders.append([owner_id])
            else:
                counts[k] += weight
                holders[k].append(owner_id)
    return found


def open_catalog(store: Store) -> Catalog:
    return Catalog(store)
