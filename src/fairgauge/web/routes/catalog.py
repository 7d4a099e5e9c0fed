"""``/catalog``: the track catalog over HTTP (browse, search with facets, tracks, sources, export).

Queries use the safe catalog query language (``fairgauge.catalog.query``); a bad one is a 400 with code
``invalid_query`` and the 0-based ``position`` of the error in ``details``. Facets are ``facet=PATH=VALUE``
(repeatable). Imports stay on the command line (they read local files).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from fairgauge.catalog.export import EXPORT_FORMATS, export
from fairgauge.catalog.query import QueryError
from fairgauge.errors import InputError
from fairgauge.store.catalog import Catalog, SearchResult
from fairgauge.web.deps import store
from fairgauge.web.envelope import ApiError, ok
from fairgauge.web.schemas import ERRORS, DataEnvelope

router = APIRouter(prefix="/catalog", tags=["catalog"], responses=ERRORS)
MAX_ID = 2_147_483_647  # track ids are 32-bit integers on PostgreSQL
MEDIA = {"json": "application/json", "csv": "text/csv; charset=utf-8", "gsuite": "text/plain; charset=utf-8"}

QueryText = Annotated[str | None, Query(max_length=4000, description="Catalog query or free text.")]
Facets = Annotated[list[str] | None, Query(description="PATH=VALUE filters (repeatable).")]


def catalog_of(request: Request) -> Catalog:
    return Catalog(store(request))


def facets_of(values: list[str] | None) -> list[tuple[str, str]]:
    facets = []
    for item in values or []:
        path, sep, value = item.partition("=")
        if not sep or not path.strip():
            raise ApiError(400, "invalid_facet", f"facet takes PATH=VALUE, got {item!r}")
        facets.append((path.strip().replace("->", "."), value))
    return facets


def invalid_query(exc: QueryError) -> ApiError:
    return ApiError(400, "invalid_query", str(exc), {"position": exc.position, "query": exc.query})


async def run_search(
    request: Request, query: str | None, facets: list[tuple[str, str]], limit: int, offset: int
) -> SearchResult:
    catalog = catalog_of(request)
    try:
        return await run_in_threadpool(catalog.search, query, facets, limit=limit, offset=offset)
    except QueryError as exc:
        raise invalid_query(exc) from exc
    except InputError as exc:
        raise ApiError(400, "invalid_input", str(exc)) from exc


def search_json(result: SearchResult) -> dict[str, Any]:
    return {
        "total": result.total,
        "tracks": [t.to_json() for t in result.tracks],
        "facets": {p: [{"value": v, "count": n} for v, n in items] for p, items in result.facets.items()},
    }


@router.get("/sources", response_model=DataEnvelope)
async def sources(request: Request) -> dict[str, Any]:
    """Imported sources with version, counts and import time."""
    records = await run_in_threadpool(catalog_of(request).sources)
    return ok({"sources": [r.to_json() for r in records]})


@router.get("/browse", response_model=DataEnvelope)
async def browse(
    request: Request,
    path: Annotated[str | None, Query(max_length=500, description="Category or attribute path.")] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
) -> dict[str, Any]:
    """Categories -> attribute paths -> values with track counts (ontology terms with their id)."""
    try:
        entries = await run_in_threadpool(catalog_of(request).browse, path, limit=limit)
    except InputError as exc:
        raise ApiError(404, "unknown_path", str(exc)) from exc
    return ok({"path": path, "entries": [e.to_json() for e in entries]})


@router.get("/search", response_model=DataEnvelope)
async def search(
    request: Request,
    query: QueryText = None,
    facet: Facets = None,
    limit: Annotated[int, Query(ge=0, le=1000)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> dict[str, Any]:
    """Tracks matching the query and facets (ranked when free text is given), with facet counts."""
    result = await run_search(request, query, facets_of(facet), limit, offset)
    return ok(search_json(result))


@router.get("/tracks/{track_id}", response_model=DataEnvelope)
async def track(request: Request, track_id: Annotated[int, Path(ge=1, le=MAX_ID)]) -> dict[str, Any]:
    """One track with its joined categories and its FAIRtracks validation status."""
    found = await run_in_threadpool(catalog_of(request).track, track_id)
    if found is None:
        raise ApiError(404, "not_found", f"no track {track_id}")
    return ok(found.to_json())


@router.get("/export", response_class=Response, responses={200: {"content": {m: {} for m in MEDIA.values()}}})
async def export_tracks(
    request: Request,
    to: Annotated[str, Query(pattern="^(json|csv|gsuite)$", description="json, csv or gsuite")],
    query: QueryText = None,
    facet: Facets = None,
) -> Response:
    """Every matching track as JSON, CSV or GSuite (TrackFind's layout)."""
    if to not in EXPORT_FORMATS:
        raise ApiError(400, "invalid_format", f"unknown export format {to!r}")
    catalog = catalog_of(request)
    try:
        tracks = await run_in_threadpool(catalog.tracks, query, facets_of(facet))
    except QueryError as exc:
        raise invalid_query(exc) from exc
    except InputError as exc:
        raise ApiError(400, "invalid_input", str(exc)) from exc
    body = export(tracks, to, query)
    filename = f"catalog.{'gsuite' if to == 'gsuite' else to}"
    return Response(body, media_type=MEDIA[to], headers={"Content-Disposition": f'attachment; filename="{filename}"'})
