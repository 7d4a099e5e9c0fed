"""The rows one import writes: tracks, the shared records of their categories, and distinct leaves (pure).

A collection's experiment, sample, study and collection are shared by many of its tracks; flattening
joins them into every track (as TrackFind does), but the store keeps each one once, as a *record*
whose leaves and JSON are stored once and which the tracks link to. Records are told apart by content
(the JSON of the part), so two parts that are equal are one record whatever objects they came from.
Parts seen before (the same object again: flattening shares the labelled copies) are not walked again.

A track's own JSON (``TrackRow.doc_json``) holds its ``tracks`` part and any part that is not a record
(one without leaves, such as ``{}``); the store joins the records' JSON back in when it reads a track
(``join_doc``). Storing every track's joined document was most of a track row's bytes (2.8 of 4.6 KB in
the generated catalog) and most of PostgreSQL's GIN work on ``doc``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic_core import to_json

from fairgauge.catalog.flatten import CATEGORIES, FlatTrack, collect_leaves

Leaf = tuple[str, str, float | None]

# categories stored as shared records, with the track column that links to each (order is a contract
# of the table's columns and of migration 0006)
LINKED: tuple[tuple[str, str], ...] = (
    ("experiments", "experiment_rid"),
    ("samples", "sample_rid"),
    ("studies", "study_rid"),
    ("collection_info", "collection_rid"),
)
LINK_OF: dict[str, str] = dict(LINKED)
_SHARED = tuple(category for category in CATEGORIES if category != "tracks")


def dump_json(value: Any) -> str:
    """JSON text of a document part (pydantic-core's encoder: four times json.dumps's speed; NaN kept
    as json.dumps writes it, non-ASCII kept as is)."""
    return to_json(value, inf_nan_mode="constants").decode()


@dataclass(frozen=True, slots=True)
class Part:
    """One category part of a track: its JSON, distinct leaves, text words and (if shared) record number."""

    json: str
    leaves: tuple[Leaf, ...]
    words: tuple[str, ...]
    record: int | None


@dataclass(frozen=True, slots=True)
class RecordRow:
    """A shared record: its category, JSON, distinct leaves and how many tracks link to it."""

    category: str
    json: str
    leaves: tuple[Leaf, ...]
    tracks: int = 0


@dataclass(frozen=True, slots=True)
class TrackRow:
    """A track's own column values; ``links`` are record numbers (indexes into ``LoadRows.records``)."""

    document: str
    status: str
    uri: str
    title: str
    assembly: str
    doc_json: str  # the track's own parts (see the module docstring)
    problems_json: str
    search: str
    leaves: tuple[Leaf, ...]
    links: tuple[int | None, ...]


@dataclass
class LoadRows:
    """Everything an import writes, built track by track (``add``)."""

    tracks: list[TrackRow] = field(default_factory=list)
    records: list[RecordRow] = field(default_factory=list)
    _parts: dict[tuple[str, str], Part] = field(default_factory=dict)
    _objects: dict[int, tuple[Any, Part]] = field(default_factory=dict)  # id(part) -> (part kept alive, Part)
    _uses: list[int] = field(default_factory=list)  # tracks per record number
    _words: dict[tuple[int, ...], tuple[str, ...]] = field(default_factory=dict)  # shared parts -> their words
    _problems: dict[tuple[str, ...], str] = field(default_factory=dict)

    def add(self, track: FlatTrack, document: str, status: str, problems: Iterable[str]) -> None:
        doc = track.doc
        own = self._part("tracks", doc.get("tracks"))
        shared = [self._part(category, doc.get(category)) for category in _SHARED]
        for part in shared:
            if part.record is not None:
                self._uses[part.record] += 1
        words = dict.fromkeys(own.words)
        words.update(dict.fromkeys(self._shared_words(shared)))
        kept = tuple(problems)
        problems_json = self._problems.get(kept)
        if problems_json is None:
            problems_json = self._problems[kept] = dump_json(list(kept))
        self.tracks.append(
            TrackRow(
                document=document,
                status=status,
                uri=track.uri,
                title=track.title,
                assembly=track.assembly,
                doc_json=_own_json(doc, dict(zip(CATEGORIES, (own, *shared), strict=True))),
                problems_json=problems_json,
                search=" ".join(words),
                leaves=own.leaves,
                links=tuple(part.record for part in shared),
            )
        )

    def _shared_words(self, shared: list[Part]) -> tuple[str, ...]:
        """The distinct words of a track's shared parts, in category order (the same for all the tracks
        of a sample: computed once per combination of parts)."""
        key = tuple(id(part) for part in shared)
        found = self._words.get(key)
        if found is None:
            found = self._words[key] = tuple(dict.fromkeys(w for part in shared for w in part.words))
        return found

    def _part(self, category: str, node: Any) -> Part:
        seen = self._objects.get(id(node))
        if seen is not None and seen[0] is node:
            return seen[1]
        body = node if isinstance(node, Mapping) else {}
        text = dump_json(body)
        part = self._parts.get((category, text)) if category != "tracks" else None
        if part is None:
            leaves = tuple(dict.fromkeys(collect_leaves(category, body)))
            words = tuple(value for _, value, number in leaves if number is None)
            record = None
            if category != "tracks" and leaves:
                record = len(self.records)
                self.records.append(RecordRow(category, text, leaves))
                self._uses.append(0)
            part = Part(text, leaves, words, record)
            if category != "tracks":
                self._parts[(category, text)] = part
        if node is not None and category != "tracks":
            self._objects[id(node)] = (node, part)
        return part

    def finish(self) -> None:
        """Count the tracks of each record (browse and facets over the whole catalog weigh by it)."""
        self.records = [
            RecordRow(r.category, r.json, r.leaves, n) for r, n in zip(self.records, self._uses, strict=True)
        ]

    def path_counts(self) -> dict[str, int]:
        """Tracks per attribute path (a track has a path when its own part or a linked record has it)."""
        counts: dict[str, int] = {}
        for track in self.tracks:
            for path in {path for path, _, _ in track.leaves}:
                counts[path] = counts.get(path, 0) + 1
        for record in self.records:
            for path in {path for path, _, _ in record.leaves}:
                counts[path] = counts.get(path, 0) + record.tracks
        return counts


def _own_json(doc: Mapping[str, Any], parts: Mapping[str, Part]) -> str:
    """The track's own document: its parts that are not records (shared parts are encoded once)."""
    pieces = []
    for key, value in doc.items():
        part = parts.get(key)
        if part is not None and part.record is not None:
            continue  # stored once, as the record's JSON
        text = part.json if part is not None and isinstance(value, Mapping) else dump_json(value)
        pieces.append(f"{dump_json(key)}: {text}")
    return "{" + ", ".join(pieces) + "}"


def join_doc(own: Mapping[str, Any], linked: Mapping[str, Any]) -> dict[str, Any]:
    """A track's joined document from its own parts and its records' parts (``linked``: category ->
    the record's JSON value), in the order flattening gives them (the categories first)."""
    doc: dict[str, Any] = {}
    for category in CATEGORIES:
        if category in linked:
            doc[category] = linked[category]
        elif category in own:
            doc[category] = own[category]
    for key, value in own.items():
        doc.setdefault(key, value)
    return doc
