"""The rows one import writes: tracks, the shared records of their categories, and distinct leaves (pure).

A collection's experiment, sample, study and collection are shared by many of its tracks; flattening
joins them into every track (as TrackFind does), but the store keeps each one once, as a *record*
whose leaves are stored once and which the tracks link to. Records are told apart by content (the
JSON of the part), so two parts that are equal are one record whatever objects they came from. Parts
seen before (the same object again: flattening shares the labelled copies) are not walked again.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from fairgauge.catalog.flatten import CATEGORIES, FlatTrack, walk_leaves

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


@dataclass(frozen=True)
class Part:
    """One category part of a track: its JSON, distinct leaves, text words and (if shared) record number."""

    json: str
    leaves: tuple[Leaf, ...]
    words: tuple[str, ...]
    record: int | None


@dataclass(frozen=True)
class TrackRow:
    """A track's own column values; ``links`` are record numbers (indexes into ``LoadRows.records``)."""

    document: str
    status: str
    uri: str
    title: str
    assembly: str
    doc_json: str
    problems_json: str
    search: str
    leaves: tuple[Leaf, ...]
    links: tuple[int | None, ...]


@dataclass
class LoadRows:
    """Everything an import writes, built track by track (``add``)."""

    tracks: list[TrackRow] = field(default_factory=list)
    records: list[tuple[str, tuple[Leaf, ...], int]] = field(default_factory=list)  # category, leaves, tracks
    _parts: dict[tuple[str, str], Part] = field(default_factory=dict)
    _objects: dict[int, tuple[Any, Part]] = field(default_factory=dict)  # id(part) -> (part kept alive, Part)
    _uses: Counter[tuple[str, str]] = field(default_factory=Counter)

    def add(self, track: FlatTrack, document: str, status: str, problems: Iterable[str]) -> None:
        parts = {category: self._part(category, track.doc.get(category)) for category in CATEGORIES}
        for category, part in parts.items():
            if category != "tracks":
                self._uses[(category, part.json)] += 1
        words = dict.fromkeys(w for category in CATEGORIES for w in parts[category].words)
        self.tracks.append(
            TrackRow(
                document=document,
                status=status,
                uri=track.uri,
                title=track.title,
                assembly=track.assembly,
                doc_json=_doc_json(track.doc, parts),
                problems_json=json.dumps(list(problems), ensure_ascii=False),
                search=" ".join(words),
                leaves=parts["tracks"].leaves,
                links=tuple(parts[category].record for category, _ in LINKED),
            )
        )

    def _part(self, category: str, node: Any) -> Part:
        seen = self._objects.get(id(node))
        if seen is not None and seen[0] is node:
            return seen[1]
        body = node if isinstance(node, Mapping) else {}
        text = json.dumps(body, ensure_ascii=False)
        part = self._parts.get((category, text)) if category != "tracks" else None
        if part is None:
            leaves = tuple(dict.fromkeys(walk_leaves(category, body)))
            words = tuple(value for _, value, number in leaves if number is None)
            record = None
            if category != "tracks" and leaves:
                record = len(self.records)
                self.records.append((category, leaves, 0))
            part = Part(text, leaves, words, record)
            if category != "tracks":
                self._parts[(category, text)] = part
        if node is not None and category != "tracks":
            self._objects[id(node)] = (node, part)
        return part

    def finish(self) -> None:
        """Count the tracks of each record (browse and facets over the whole catalog weigh by it)."""
        counts = {self._parts[key].record: n for key, n in self._uses.items() if self._parts[key].record is not None}
        self.records = [(category, leaves, counts.get(i, 0)) for i, (category, leaves, _) in enumerate(self.records)]

    def path_counts(self) -> Counter[str]:
        """Tracks per attribute path (a track has a path when its own part or a linked record has it)."""
        counts: Counter[str] = Counter()
        for track in self.tracks:
            counts.update({path for path, _, _ in track.leaves})
        for _, leaves, tracks in self.records:
            for path in {path for path, _, _ in leaves}:
                counts[path] += tracks
        return counts


def _doc_json(doc: Mapping[str, Any], parts: Mapping[str, Part]) -> str:
    """The track's joined document, assembled from each part's JSON (shared parts are encoded once)."""
    pieces = []
    for key, value in doc.items():
        part = parts.get(key)
        text = part.json if part is not None and isinstance(value, Mapping) else json.dumps(value, ensure_ascii=False)
        pieces.append(f"{json.dumps(key)}: {text}")
    return "{" + ", ".join(pieces) + "}"
