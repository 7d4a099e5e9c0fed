"""The RDF renderings: Turtle and JSON-LD of the DQV/EARL/PROV graph built in :mod:`report_dqv`.

JSON-LD is written with an inline context (a dict, never a URL), so writing and reading it fetches
nothing; nodes and multi-valued properties are sorted so one report always gives the same bytes
(rdflib's Turtle writer sorts already).
"""

from __future__ import annotations

import json
from typing import Any

from fairgauge.model.report import Report
from fairgauge.render.report_dqv import prefixes, report_graph


def render_turtle(report: Report) -> str:
    return report_graph(report).serialize(format="turtle")


def render_jsonld(report: Report) -> str:
    context = prefixes(report.profile)
    text = report_graph(report).serialize(format="json-ld", context=context, auto_compact=True)
    return json.dumps(_stable(json.loads(text)), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _stable(value: Any) -> Any:
    """rdflib emits nodes and multi-valued properties in hash order; sort them so output is reproducible.

    Safe because JSON-LD arrays are unordered sets unless they sit in an ``@list``, which this graph
    never produces (it holds no RDF collections).
    """
    if isinstance(value, dict):
        return {key: _stable(item) for key, item in value.items()}
    if isinstance(value, list):
        items = [_stable(item) for item in value]
        return sorted(items, key=lambda item: json.dumps(item, sort_keys=True, ensure_ascii=False))
    return value
