"""What an assessment reads from one FAIRtracks document: recognition, validation, formats, terms.

- :func:`read_fairtracks`: the community reader the harvest is handed (recognition, terms, track files).
- :func:`recognise`: is this JSON document a FAIRtracks document, which release, which part?
- :func:`validate_document`: its problems, with an injected validator (no network of its own).
- :func:`track_file_formats`: the track file formats it declares (EDAM terms).
- :func:`ontology_terms`: every term it uses, where.

None of them reads files or touches the network; the validator carries whatever term sources the
caller built (``fairgauge.tracks.service.build_service``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from fairgauge.model.community import CommunityReading, TrackFile
from fairgauge.tracks.jsonload import LoadedDocument
from fairgauge.tracks.pointers import join
from fairgauge.tracks.problems import Problem
from fairgauge.tracks.schemaset import Catalogue, build_catalogue
from fairgauge.tracks.selection import Selection, is_legacy, release_fallback, select_schema
from fairgauge.tracks.validator import TracksValidator

FAIRTRACKS_URL = re.compile(
    r"^https?://raw\.githubusercontent\.com/fairtracks/fairtracks_standard/(?P<major>v\d+)/(?P<release>[^/]+)"
    r"/json/schema/(?P<file>fairtracks(?:_(?P<part>[a-z]+))?\.schema\.json)#?$"
)


@dataclass(frozen=True)
class Recognition:
    """What kind of FAIRtracks document this is."""

    version: str | None
    schema_id: str | None
    kind: str
    pinned: bool
    supported: bool
    experimental: bool
    standard: str = "FAIRtracks"


@dataclass(frozen=True)
class TrackFileFormat:
    """One track's declared file format."""

    pointer: str
    term_id: str | None
    term_label: str | None
    file_url: str | None
    file_name: str | None


@dataclass(frozen=True)
class TermUse:
    pointer: str
    term_id: str
    term_label: str | None


def recognise(document: Any, catalogue: Catalogue | None = None) -> Recognition | None:
    """A Recognition for FAIRtracks documents (any release, also unsupported ones); None otherwise."""
    if is_legacy(document):
        return Recognition("pre-1.0", None, "collection", False, False, False)
    declared = document.get("@schema") if isinstance(document, Mapping) else None
    match = FAIRTRACKS_URL.match(declared) if isinstance(declared, str) else None
    if match is None:
        return None
    kind = match.group("part") or "collection"
    catalogue = catalogue or build_catalogue()
    selection = select_schema(catalogue, "document", document, None)
    if not isinstance(selection, Selection):
        return Recognition(None, declared, kind, match.group("release") != "current", False, False)
    if not selection.bundle.validator(selection.schema_id).is_valid(document):
        selection = release_fallback(catalogue, "document", selection, document) or selection
    bundle = selection.bundle
    pinned = match.group("release") != "current"
    return Recognition(bundle.name, selection.schema_id, kind, pinned, True, bundle.status != "released")


def read_fairtracks(document: Any) -> CommunityReading | None:
    """The FAIRtracks :class:`~fairgauge.model.community.CommunityReader` the harvest is given."""
    recognition = recognise(document)
    if recognition is None or not isinstance(document, Mapping):
        return None
    files = tuple(TrackFile(f.file_url, f.file_name, f.term_label) for f in track_file_formats(document))
    return CommunityReading(
        standard="fairtracks",
        version=recognition.version,
        schema_id=recognition.schema_id,
        kind=recognition.kind,
        supported=recognition.supported,
        term_ids=tuple(t.term_id for t in ontology_terms(document)),
        track_files=files,
    )


def validate_document(
    document: Any, validator: TracksValidator, *, name: str = "document", schema_version: str | None = None
) -> tuple[Problem, ...]:
    """Problems of one document validated on its own (cross-document checks see only itself)."""
    report = validator.validate([LoadedDocument(name, document)], schema_version=schema_version)
    return report.problems


def _tracks(document: Any) -> Iterator[tuple[str, Mapping[str, Any]]]:
    if not isinstance(document, Mapping):
        return
    tracks = document.get("tracks")
    if isinstance(tracks, list):
        for index, track in enumerate(tracks):
            if isinstance(track, Mapping):
                yield join("/tracks", index), track
    elif "file_format" in document or "file_url" in document:
        yield "", document


def track_file_formats(document: Any) -> tuple[TrackFileFormat, ...]:
    """The file format each track declares (``tracks[*].file_format``, or a track document's own)."""
    found = []
    for pointer, track in _tracks(document):
        fmt = track.get("file_format")
        fmt = fmt if isinstance(fmt, Mapping) else {}
        found.append(
            TrackFileFormat(
                pointer=join(pointer, "file_format"),
                term_id=_str(fmt.get("term_id")),
                term_label=_str(fmt.get("term_label")),
                file_url=_str(track.get("file_url")),
                file_name=_str(track.get("file_name")),
            )
        )
    return tuple(found)


def ontology_terms(document: Any) -> tuple[TermUse, ...]:
    """Every object with a ``term_id`` string, in document order."""
    found: list[TermUse] = []

    def walk(node: Any, pointer: str) -> None:
        if isinstance(node, Mapping):
            if isinstance(node.get("term_id"), str):
                found.append(TermUse(pointer, node["term_id"], _str(node.get("term_label"))))
            for key, value in node.items():
                walk(value, join(pointer, key))
        elif isinstance(node, list):
            for index, value in enumerate(node):
                walk(value, join(pointer, index))

    walk(document, "")
    return tuple(found)


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) else None
