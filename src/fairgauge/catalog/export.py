"""Exporting catalog results: JSON, CSV and GSuite (as TrackFind writes it).

GSuite (the GSuite HyperBrowser's tabular track list): four header lines (``##location: remote``,
``##file format: unknown``, ``##track type: unknown``, ``##genome: <assembly>``), the column line
``###uri<TAB>title<TAB>...``, one row per track sorted by uri, a final newline. ``uri`` is the file URL
with ``@`` written ``%40``; ``title`` is ``label_short`` verbatim; track attributes are unprefixed,
nested ones flattened with ``->``, the other categories prefixed ``category->``; arrays joined with
``,``; a missing value is ``.``; attribute values percent-decoded (as TrackFind does).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import unquote

ExportFormat = Literal["json", "csv", "gsuite"]
EXPORT_FORMATS: tuple[ExportFormat, ...] = ("json", "csv", "gsuite")
GSUITE_CATEGORIES = ("tracks", "experiments", "samples", "studies", "collection_info")


@dataclass(frozen=True)
class CatalogTrack:
    """A track as the store hands it out."""

    id: int
    source: str
    document: str
    status: str
    uri: str
    title: str
    assembly: str
    doc: dict[str, Any]
    problems: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "source": self.source,
            "document": self.document,
            "validation_status": self.status,
            "problems": list(self.problems),
            "uri": self.uri,
            "title": self.title,
            "assembly": self.assembly,
            **self.doc,
        }


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def flat_columns(node: Any, prefix: str, sep: str) -> dict[str, list[str]]:
    """Leaf values by flattened name; arrays collect their elements under one name."""
    out: dict[str, list[str]] = {}

    def walk(current: Any, name: str) -> None:
        kind = type(current)  # JSON's own types first: the ABC check of Mapping is slow
        if kind is str:
            out.setdefault(name, []).append(current)
        elif kind is dict or (kind is not list and isinstance(current, Mapping)):
            for key, value in current.items():
                child = f"{name}{sep}{key}" if name else str(key)
                if type(value) is str:  # most leaves: no call for them
                    out.setdefault(child, []).append(value)
                else:
                    walk(value, child)
        elif kind is list or isinstance(current, list):
            for item in current:
                walk(item, name)
        elif current is not None:
            out.setdefault(name, []).append(_scalar(current))

    walk(node, prefix)
    return out


class _Flattened:
    """``flat_columns`` with the values joined (``,``), once per part object: the store hands out the
    tracks of one record (experiment, sample, study, collection) with the same dict for its part, so a
    shared part is walked once per export instead of once per track (the walk was most of an export's
    time). Parts are kept alive with their result, so an ``id`` is never reused within one export."""

    def __init__(self, sep: str) -> None:
        self.sep = sep
        self._seen: dict[tuple[int, str], tuple[Any, dict[str, str]]] = {}

    def __call__(self, node: Any, prefix: str) -> dict[str, str]:
        key = (id(node), prefix)  # the columns are named after the prefix: one object, two prefixes, two results
        seen = self._seen.get(key)
        if seen is not None and seen[0] is node:
            return seen[1]
        flat = {name: ",".join(values) for name, values in flat_columns(node, prefix, self.sep).items()}
        self._seen[key] = (node, flat)
        return flat


def to_json(tracks: Sequence[CatalogTrack], query: str | None = None) -> str:
    body = {"query": query, "count": len(tracks), "tracks": [t.to_json() for t in tracks]}
    return json.dumps(body, indent=2, ensure_ascii=False) + "\n"


def to_csv(tracks: Sequence[CatalogTrack]) -> str:
    """One row per track; columns are dotted attribute paths (arrays joined with ``,``)."""
    rows: list[dict[str, str]] = []
    columns: dict[str, None] = dict.fromkeys(["id", "source", "validation_status", "uri", "title"])
    flattened = _Flattened(".")
    empty: dict[str, Any] = {}
    for track in tracks:
        row = {"id": str(track.id), "source": track.source, "validation_status": track.status}
        row |= {"uri": track.uri, "title": track.title}
        for category in GSUITE_CATEGORIES:
            flat = flattened(track.doc.get(category, empty), category)
            columns.update(dict.fromkeys(flat))
            row |= flat
        rows.append(row)
    names = list(columns)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(names)
    writer.writerows([row.get(name, "") for name in names] for row in rows)
    return buffer.getvalue()


def gsuite_uri(url: str) -> str:
    return url.replace("@", "%40")


def _gsuite_cell(value: str) -> str:
    """Attribute values percent-decoded as TrackFind writes them (its golden shows ``CD20%2B_...`` as
    ``CD20+_...``); tabs and newlines, which would break the table, become spaces."""
    return unquote(value).replace("\t", " ").replace("\r", " ").replace("\n", " ")


def to_gsuite(tracks: Sequence[CatalogTrack]) -> str:
    rows: list[dict[str, str]] = []
    columns: dict[str, None] = {}
    genomes: dict[str, None] = {}
    flattened = _Flattened("->")
    empty: dict[str, Any] = {}
    for track in tracks:
        attributes = dict(track.doc.get("tracks", empty))
        uri = gsuite_uri(str(attributes.pop("file_url", "") or track.uri))
        label = attributes.get("label_short")
        row = {"uri": uri, "title": label if isinstance(label, str) else track.title}
        if track.assembly:
            genomes.setdefault(track.assembly, None)
        for category in GSUITE_CATEGORIES:
            if category == "tracks":
                flat = flattened(attributes, "")
            else:
                flat = flattened(track.doc.get(category, empty), category)
            columns.update(dict.fromkeys(flat))
            row |= flat
        rows.append(row)
    rows.sort(key=lambda r: r["uri"])
    genome = next(iter(genomes)) if len(genomes) == 1 else "unknown"
    names = ["uri", "title", *columns]
    lines = [
        "##location: remote",
        "##file format: unknown",
        "##track type: unknown",
        f"##genome: {genome}",
        "###" + "\t".join(names),
    ]
    cells: dict[str, str] = {}  # cell text by value: values repeat across the tracks of a record
    for row in rows:
        line = [row["uri"]]
        for name in names[1:]:
            value = row.get(name, "")
            cell = cells.get(value)
            if cell is None:
                cell = cells[value] = _gsuite_cell(value) or "."
            line.append(cell)
        lines.append("\t".join(line))
    return "\n".join(lines) + "\n"


def export(tracks: Sequence[CatalogTrack], fmt: ExportFormat, query: str | None = None) -> str:
    if fmt == "json":
        return to_json(tracks, query)
    if fmt == "csv":
        return to_csv(tracks)
    return to_gsuite(tracks)
