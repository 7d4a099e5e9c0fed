"""The JSON rendering: the report model as is, with F-UJI's field names (they are the model's).

Keys keep the model's declaration order rather than being sorted: F-UJI readers expect ``test_id``,
``request``, ``resolved_url`` ... and the summary blocks' F, A, I, R, principles, FAIR order. That order
is fixed by the model and the scorer, so the output is byte-for-byte stable for one report. Nothing is
left out (``None`` and defaults included), so the text round-trips through ``Report.model_validate``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from pydantic_core import to_json

from fairgauge.model.report import Report


def render_json(report: Report, *, indent: int | None = 2) -> str:
    """Serialise the whole report, harvest evidence included; non-ASCII kept readable."""
    data = report.model_dump(mode="json", by_alias=True)
    return json.dumps(data, indent=indent, ensure_ascii=False) + "\n"


def json_fields(report: Report) -> dict[str, bytes]:
    """The compact JSON of the report one top-level field at a time, in order: ``{key: b'"key":value'}``.
    :func:`join_fields` of them is exactly ``report.model_dump_json(by_alias=True)``; a caller that stores
    that and answers a variant of it (the F-UJI evaluate route adds and replaces a few top-level fields)
    serialises the large, unchanged rest (harvest evidence) once instead of dumping it to a dict and
    serialising that twice."""
    serializer = Report.__pydantic_serializer__
    fields: dict[str, bytes] = {}
    for name, info in Report.model_fields.items():
        fields[info.serialization_alias or info.alias or name] = serializer.to_json(
            report, include={name}, by_alias=True
        )[1:-1]
    return fields


def json_field(key: str, value: Any) -> bytes:
    """One ``"key":value`` member of a JSON object (pydantic's serializer: the same JSON as the report's)."""
    return to_json({key: value})[1:-1]


def join_fields(fields: Iterable[bytes]) -> bytes:
    """A JSON object of the given ``"key":value`` members."""
    return b"{" + b",".join(fields) + b"}"
