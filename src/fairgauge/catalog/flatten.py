"""Flattening FAIRtracks documents into tracks with their experiment, sample and study joined in.

TrackFind's metamodel has one category per document part (``collection_info``, ``studies``,
``experiments``, ``samples``, ``tracks``); a flattened track keeps each part as its own nested object, so
the attribute path ``samples.sample_type.cell_line.term_label`` reads the sample of that track's
experiment. Ontology terms keep their ``term_id`` and ``term_label``; a missing label is filled from the
term source (the augmentation labels), when it knows the term.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

CATEGORIES: tuple[str, ...] = ("tracks", "experiments", "samples", "studies", "collection_info")
LabelLookup = Callable[[str], str | None]


@dataclass(frozen=True)
class FlatValue:
    """One leaf of a flattened track: its category, dotted path, text value and number (if numeric)."""

    category: str
    path: str
    value: str
    number: float | None


@dataclass(frozen=True)
class FlatTrack:
    """A track with its joined categories (``doc[category]`` is a JSON object, maybe empty)."""

    doc: dict[str, Any]
    uri: str
    title: str
    assembly: str

    def values(self) -> list[FlatValue]:
        return list(leaf_values(self.doc))

    def term_ids(self) -> set[str]:
        return {v.value for v in self.values() if v.path.endswith(".term_id")}

    def search_text(self) -> str:
        """Every string value once, for full-text search."""
        seen = dict.fromkeys(v.value for v in self.values() if v.number is None)
        return " ".join(seen)


def _index(items: Any) -> dict[str, Mapping[str, Any]]:
    found: dict[str, Mapping[str, Any]] = {}
    if isinstance(items, list):
        for item in items:
            if isinstance(item, Mapping) and isinstance(item.get("local_id"), str):
                found.setdefault(item["local_id"], item)
    return found


def _label_terms(node: Any, labels: LabelLookup | None) -> Any:
    """Copy of ``node`` with ``term_label`` added where a term has an id and no label."""
    if isinstance(node, Mapping):
        out = {key: _label_terms(value, labels) for key, value in node.items() if key != "@schema"}
        term = out.get("term_id")
        if isinstance(term, str) and not isinstance(out.get("term_label"), str) and labels is not None:
            label = labels(term)
            if label:
                out["term_label"] = label
        return out
    if isinstance(node, list):
        return [_label_terms(item, labels) for item in node]
    return copy.deepcopy(node)


def _tracks_of(document: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    tracks = document.get("tracks")
    if isinstance(tracks, list):
        return [t for t in tracks if isinstance(t, Mapping)]
    if "file_url" in document or "file_format" in document:  # a track document on its own
        return [document]
    return []


def flatten_document(document: Any, labels: LabelLookup | None = None) -> list[FlatTrack]:
    """Every track of a FAIRtracks document (a collection, or a single track document)."""
    if not isinstance(document, Mapping):
        return []
    experiments = _index(document.get("experiments"))
    samples = _index(document.get("samples"))
    studies = _index(document.get("studies"))
    collection = document.get("collection_info")
    collection = collection if isinstance(collection, Mapping) else {}
    # id(record) -> (the record, kept alive so its id stays its own; its labelled copy), made once and
    # shared by the record's tracks (the store then walks and encodes each shared part once)
    labelled: dict[int, tuple[Mapping[str, Any], Any]] = {}

    def shared(record: Mapping[str, Any]) -> Any:
        if id(record) not in labelled:
            labelled[id(record)] = (record, _label_terms(record, labels))
        return labelled[id(record)][1]

    flat: list[FlatTrack] = []
    for track in _tracks_of(document):
        experiment = experiments.get(str(track.get("experiment_ref")), {})
        sample = samples.get(str(experiment.get("sample_ref")), {})
        study = studies.get(str(experiment.get("study_ref")), {})
        doc = {
            "tracks": _label_terms(track, labels),
            "experiments": shared(experiment),
            "samples": shared(sample),
            "studies": shared(study),
            "collection_info": shared(collection),
        }
        flat.append(
            FlatTrack(
                doc=doc,
                uri=_text(track.get("file_url")),
                title=_text(track.get("label_short")) or _text(track.get("file_name")) or _text(track.get("local_id")),
                assembly=_text(track.get("assembly_name")),
            )
        )
    return flat


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def leaf_values(doc: Mapping[str, Any]) -> Iterator[FlatValue]:
    """Every scalar leaf, arrays contributing each element under the same path."""
    for category in CATEGORIES:
        part = doc.get(category)
        if isinstance(part, Mapping):
            for path, value, number in _walk(category, part):
                yield FlatValue(category, path, value, number)


def leaf_tuples(doc: Mapping[str, Any]) -> Iterator[tuple[str, str, float | None]]:
    """``leaf_values`` as (path, value, number) tuples: the bulk import's form (a million tracks have
    tens of millions of leaves, and a dataclass per leaf was a visible part of the import)."""
    for category in CATEGORIES:
        part = doc.get(category)
        if isinstance(part, Mapping):
            yield from _walk(category, part)


def walk_leaves(path: str, node: Any) -> Iterator[tuple[str, str, float | None]]:
    """The (path, value, number) leaves under ``node``, whose own path is ``path``."""
    return _walk(path, node)


def collect_leaves(path: str, node: Any) -> list[tuple[str, str, float | None]]:
    """``walk_leaves`` as a list, built without a generator per level: the bulk import walks every
    track's part (a generator frame per node and per level was most of the walk's time)."""
    out: list[tuple[str, str, float | None]] = []
    _collect(path, node, out.append)
    return out


def _collect(path: str, node: Any, add: Callable[[tuple[str, str, float | None]], None]) -> None:
    """``_walk``'s leaves in its order; string leaves (most of them) are added without a call."""
    kind = type(node)
    if kind is dict or (kind is not list and isinstance(node, Mapping)):
        for key, value in node.items():
            if type(value) is str:
                add((f"{path}.{key}", value, None))
            else:
                _collect(f"{path}.{key}", value, add)
    elif kind is list:
        for item in node:
            if type(item) is str:
                add((path, item, None))
            else:
                _collect(path, item, add)
    else:
        for leaf in _walk(path, node):
            add(leaf)


def _walk(path: str, node: Any) -> Iterator[tuple[str, str, float | None]]:
    kind = type(node)  # exact JSON types first (fast), then the general checks
    if kind is dict or (kind is not list and isinstance(node, Mapping)):
        for key, value in node.items():
            yield from _walk(f"{path}.{key}", value)
    elif kind is list:
        for item in node:
            yield from _walk(path, item)
    elif kind is str:
        yield path, node, None
    elif isinstance(node, bool):
        yield path, "true" if node else "false", None
    elif isinstance(node, int | float):
        yield path, _number_text(node), float(node)
    elif isinstance(node, str):
        yield path, node, None


def _number_text(value: float) -> str:
    return str(int(value)) if isinstance(value, int) or float(value).is_integer() else repr(float(value))


def get_path(doc: Mapping[str, Any], path: str) -> list[Any]:
    """Values at a dotted path (arrays fan out): ``samples.sample_type.cell_line.term_label``."""
    nodes: list[Any] = [doc]
    for part in path.split("."):
        next_nodes: list[Any] = []
        for node in nodes:
            if isinstance(node, list):
                next_nodes.extend(i.get(part) for i in node if isinstance(i, Mapping) and part in i)
            elif isinstance(node, Mapping) and part in node:
                next_nodes.append(node[part])
        nodes = next_nodes
    out: list[Any] = []
    for node in nodes:
        out.extend(node if isinstance(node, list) else [node])
    return out
