"""Catalog pages: browse tree, search with facets, results table, track detail, export buttons.

Server-rendered like the rest of the UI (no script; the same Content-Security-Policy). These templates
are rendered with autoescaping switched on explicitly: catalog values are other people's metadata.
"""

from __future__ import annotations

import re
from importlib.resources import files
from typing import Any
from urllib.parse import urlencode

import jinja2
from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from fairgauge.catalog.export import flat_columns
from fairgauge.catalog.flatten import CATEGORIES
from fairgauge.catalog.query import QueryError
from fairgauge.errors import InputError
from fairgauge.store.catalog import Catalog
from fairgauge.web import deps
from fairgauge.web.ui import CSP

router = APIRouter(include_in_schema=False)
_env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(files("fairgauge.web") / "templates")), autoescape=True)
templates = Jinja2Templates(env=_env)
DOI = re.compile(r"(?:doi:|https?://(?:dx\.)?doi\.org/)?(10\.\d{4,9}/\S+)", re.IGNORECASE)


def _page(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
    response = templates.TemplateResponse(request, name, {"csp": CSP, **context}, status_code=status)
    response.headers["Content-Security-Policy"] = CSP
    return response


def _link(query: str, facets: list[str], **extra: Any) -> str:
    params: list[tuple[str, str]] = [("q", query)] if query else []
    params += [("facet", f) for f in facets]
    params += [(k, str(v)) for k, v in extra.items() if v not in (None, "")]
    return "/catalog?" + urlencode(params)


def _export(query: str, facets: list[str], fmt: str) -> str:
    params = [("to", fmt)] + ([("query", query)] if query else []) + [("facet", f) for f in facets]
    return "/api/v1/catalog/export?" + urlencode(params)


def _value_query(path: str, value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'{path} = "{escaped}"'


@router.get("/catalog", response_class=HTMLResponse)
async def catalog_page(
    request: Request,
    q: str = Query("", max_length=4000),
    facet: list[str] | None = Query(None),  # noqa: B008 - FastAPI's way to declare a repeated parameter
    path: str = Query("", max_length=500),
) -> HTMLResponse:
    """Search form, facets, results and the browse tree (``path`` opens a branch)."""
    catalog = Catalog(deps.store(request))
    facets = [f for f in (facet or []) if "=" in f]
    error = caret = None
    result = None
    try:
        pairs = [(f.split("=", 1)[0], f.split("=", 1)[1]) for f in facets]
        result = await run_in_threadpool(catalog.search, q or None, pairs, limit=100)
    except QueryError as exc:
        error, caret = str(exc), exc.caret()
    except InputError as exc:
        error = str(exc)
    try:
        tree = await run_in_threadpool(catalog.browse, path or None)
    except InputError as exc:
        tree, error = [], error or str(exc)
    facet_links = {}
    if result is not None:
        for facet_path, items in result.facets.items():
            facet_links[facet_path] = [
                (value, count, _link(q, [*facets, f"{facet_path}={value}"]), f"{facet_path}={value}" in facets)
                for value, count in items
            ]
    browse = [
        {
            "entry": e,
            "href": _link(_value_query(e.path, e.term_id or e.name), [])
            if e.kind in ("value", "term")
            else _link(q, facets, path=e.path),
        }
        for e in tree
    ]
    crumbs = []
    if path:
        parts = path.replace("->", ".").split(".")
        crumbs = [(p, _link(q, facets, path=".".join(parts[: i + 1]))) for i, p in enumerate(parts)]
    return _page(
        request,
        "catalog.html.j2",
        query=q,
        facets=facets,
        removals=[(f, _link(q, [x for x in facets if x != f])) for f in facets],
        result=result,
        error=error,
        caret=caret,
        facet_links=facet_links,
        browse=browse,
        crumbs=crumbs,
        root=_link(q, facets),
        exports={fmt: _export(q, facets, fmt) for fmt in ("json", "csv", "gsuite")},
        sources=await run_in_threadpool(catalog.sources),
    )


@router.get("/catalog/tracks/{track_id}", response_class=HTMLResponse)
async def track_page(request: Request, track_id: int) -> HTMLResponse:
    """One track: validation status and problems, every attribute by category, assess its DOI."""
    in_range = 1 <= track_id <= 2_147_483_647  # ids are 32-bit integers on PostgreSQL
    track = await run_in_threadpool(Catalog(deps.store(request)).track, track_id) if in_range else None
    if track is None:
        return _page(request, "missing.html.j2", 404, what=f"catalog track {track_id}")
    sections = []
    dois: dict[str, None] = {}
    for category in CATEGORIES:
        rows = [
            (name, ", ".join(values)) for name, values in flat_columns(track.doc.get(category, {}), "", ".").items()
        ]
        for _, value in rows:
            for match in DOI.finditer(value):
                dois.setdefault(match.group(1).rstrip(".,;"), None)
        if rows:
            sections.append((category, rows))
    return _page(request, "catalog_track.html.j2", track=track, sections=sections, dois=list(dois))
