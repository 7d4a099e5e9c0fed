"""The JSON rendering: the report model as is, with F-UJI's field names (they are the model's).

Keys keep the model's declaration order rather than being sorted: F-UJI readers expect ``test_id``,
``request``, ``resolved_url`` ... and the summary blocks' F, A, I, R, principles, FAIR order. That order
is fixed by the model and the scorer, so the output is byte-for-byte stable for one report. Nothing is
left out (``None`` and defaults included), so the text round-trips through ``Report.model_validate``.
"""

from __future__ import annotations

import json

from fairgauge.model.report import Report


def render_json(report: Report, *, indent: int | None = 2) -> str:
    """Serialise the whole report, harvest evidence included; non-ASCII kept readable."""
    data = report.model_dump(mode="json", by_alias=True)
    return json.dumps(data, indent=indent, ensure_ascii=False) + "\n"
