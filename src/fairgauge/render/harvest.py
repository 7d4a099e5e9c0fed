"""Renderings of a harvest: the JSON contract of ``fairgauge harvest`` and a readable text summary."""

from __future__ import annotations

import json
from collections import Counter
from io import StringIO
from typing import Any

from rich.console import Console
from rich.table import Table

from fairgauge.model.harvest import HarvestResult
from fairgauge.render.report_rendering import rendering_summary


def harvest_to_dict(result: HarvestResult) -> dict[str, Any]:
    """The documented JSON shape (field names are a contract for scripts)."""
    ident = result.identifier
    return {
        "identifier": {
            "input": ident.given,
            "normalized": ident.normalized,
            "scheme": ident.scheme,
            "is_persistent": ident.is_persistent,
            "is_unique": ident.is_unique,
            "resolvable_url": ident.resolvable_url,
        },
        "landing_url": result.landing_url,
        "pid_resolution": result.pid_resolution.model_dump(mode="json"),
        "cite_as_resolution": result.cite_as_resolution.model_dump(mode="json") if result.cite_as_resolution else None,
        "metadata_pid_resolutions": [r.model_dump(mode="json") for r in result.metadata_pid_resolutions],
        "landing_page": result.landing_page.model_dump(mode="json") if result.landing_page else None,
        "exchanges": [e.model_dump(mode="json") for e in result.exchanges],
        "signposting": [link.model_dump(mode="json", exclude_none=True) for link in result.signposting.links],
        "cite_as": result.signposting.cite_as,
        "warnings": [w.model_dump(mode="json", exclude_none=True) for w in result.signposting.warnings],
        "records": [
            record.model_dump(mode="json", by_alias=True, exclude_defaults=True) | {"fields": _fields(record)}
            for record in result.records
        ],
        "metadata": result.metadata.model_dump(mode="json", exclude_defaults=True),
        "conflicts": [c.model_dump(mode="json") for c in result.conflicts],
        "repository": result.repository.model_dump(mode="json", exclude_defaults=True) if result.repository else None,
        "services": [s.model_dump(mode="json") for s in result.services],
        "content_samples": [s.model_dump(mode="json", exclude_defaults=True) for s in result.content_samples],
        "outcomes": [o.model_dump(mode="json") for o in result.outcomes],
        "findings": [f.model_dump(mode="json", exclude_none=True) for f in result.findings],
        "rendering": result.rendering.model_dump(mode="json") if result.rendering else None,
        "started_at": result.started_at.isoformat() if result.started_at else None,
        "finished_at": result.finished_at.isoformat() if result.finished_at else None,
    }


def _fields(record: Any) -> dict[str, Any]:
    dumped: dict[str, Any] = record.fields.model_dump(mode="json", exclude_defaults=True)
    return dumped


def harvest_to_json(result: HarvestResult) -> str:
    return json.dumps(harvest_to_dict(result), indent=2, ensure_ascii=False)


def harvest_to_text(result: HarvestResult, width: int = 110) -> str:
    """A summary people can read: what was asked, what answered, what was found, what went wrong."""
    buffer = StringIO()
    console = Console(file=buffer, width=width, force_terminal=False, color_system=None, highlight=False)
    ident = result.identifier
    console.print(
        f"Identifier   {ident.given}  ({ident.scheme}, {'persistent' if ident.is_persistent else 'not persistent'})"
    )
    console.print(f"Landing page {result.landing_url or '-'}  (HTTP {result.pid_resolution.final_status or '-'})")
    if result.signposting.cite_as:
        console.print(f"Cite as      {result.signposting.cite_as}")
    rendering = rendering_summary(result.rendering)
    if rendering:
        console.print(f"JavaScript   {rendering}")
    for resolution in [r for r in (result.cite_as_resolution, *result.metadata_pid_resolutions) if r]:
        answer = f"HTTP {resolution.first_status}" if resolution.first_status else f"no answer ({resolution.error})"
        target = f" -> {resolution.final_url}" if resolution.redirected else ""
        console.print(f"PID resolved {resolution.pid} ({resolution.found_in}): {answer}{target}")
    _print_metadata(console, result)
    _print_sources(console, result)
    _print_problems(console, result)
    return buffer.getvalue()


def _print_metadata(console: Console, result: HarvestResult) -> None:
    """One row per core field: the merged values and the harvesting methods that stated them."""
    meta = result.metadata
    table = Table("field", "value", "stated by", title="Merged metadata", show_lines=False)
    rows: list[tuple[str, str, str]] = [
        ("title", "titles", "; ".join(meta.values("titles"))[:200]),
        ("creators", "creators", f"{len(meta.creators)}: " + "; ".join(c.value.name for c in meta.creators[:4])),
        ("publisher", "publishers", "; ".join(p.value.name for p in meta.publishers)),
        ("year", "publication_year", ", ".join(str(y) for y in meta.values("publication_year"))),
        ("type", "resource_types", ", ".join(t.value.value for t in meta.resource_types)),
        ("licence", "licenses", ", ".join(lic.value.url or lic.value.name or "" for lic in meta.licenses)),
        ("files", "content_files", str(len(meta.content_files))),
        ("related", "related", str(len(meta.related))),
    ]
    for label, field_name, text in rows:
        methods = sorted({s.method for item in getattr(meta, field_name) for s in item.sources})
        table.add_row(label, text or "-", ", ".join(methods) or "-")
    console.print(table)


def _print_sources(console: Console, result: HarvestResult) -> None:
    table = Table("method", "standard", "format", "url", title=f"Records ({len(result.records)})")
    for record in result.records:
        table.add_row(record.method, record.standard, record.format, record.url or "-")
    console.print(table)
    rels = Counter(link.rel for link in result.signposting.links)
    console.print("Signposting  " + (", ".join(f"{rel} x{n}" for rel, n in sorted(rels.items())) or "none"))
    steps = ", ".join(f"{o.name}={o.status}" for o in result.outcomes)
    console.print(f"Steps        {steps}")
    console.print(f"Exchanges    {len(result.exchanges)}")


def _print_problems(console: Console, result: HarvestResult) -> None:
    problems = [*result.signposting.warnings, *result.findings]
    for conflict in result.conflicts:
        console.print(f"CONFLICT  {conflict.field}: {conflict.message}")
    for item in problems:
        console.print(f"{item.severity.upper():8}  {item.code}: {item.message}")
