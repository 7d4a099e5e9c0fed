"""TrackFind-compatible routes (mounted at ``/trackfind/api/v1``) for TrackFind's clients.

TrackFind organises tracks as repositories -> hubs; here there is one repository, ``fairgauge``, whose
hubs are the imported sources. Attribute paths are written TrackFind's way (``samples->sample_type``);
``query`` takes our safe query language, never raw SQL. ``/search`` answers JSON (a list of tracks,
each with its categories), or GSuite when the client sends ``Accept: text/plain``.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response

from fairgauge.catalog.export import to_gsuite
from fairgauge.catalog.flatten import CATEGORIES
from fairgauge.catalog.query import QueryError
from fairgauge.errors import InputError
from fairgauge.web.envelope import ApiError
from fairgauge.web.routes.catalog import catalog_of, invalid_query
from fairgauge.web.schemas import ERRORS

router = APIRouter(tags=["trackfind"], responses=ERRORS)
REPOSITORY = "fairgauge"
METAMODEL_VALUES = 50


def _repo(repository: str) -> None:
    if repository != REPOSITORY:
        raise ApiError(404, "not_found", f"no repository {repository!r} (there is {REPOSITORY!r})")


@router.get("/repositories")
async def repositories() -> list[str]:
    """The repositories (one: the catalog)."""
    return [REPOSITORY]


@router.get("/hubs/{repository}")
async def hubs(request: Request, repository: str) -> list[dict[str, Any]]:
    """The hubs of a repository: the imported sources."""
    _repo(repository)
    records = await run_in_threadpool(catalog_of(request).sources)
    return [{"repository": REPOSITORY, "name": r.source, "tracks": r.tracks, "version": r.version} for r in records]


@router.get("/categories")
async def categories(request: Request) -> list[str]:
    """The categories that hold values."""
    entries = await run_in_threadpool(catalog_of(request).browse, None)
    return [e.name for e in entries]


def _tree(paths: dict[str, list[str]]) -> dict[str, Any]:
    root: dict[str, Any] = {}
    for path, values in sorted(paths.items()):
        node = root
        parts = path.split(".")
        for part in parts[:-1]:
            child = node.setdefault(part, {})
            if not isinstance(child, dict):  # a path that is both a leaf and a branch keeps the branch
                child = node[part] = {}
            node = child
        node.setdefault(parts[-1], values)
    return root


@router.get("/metamodel/{repository}/{hub:path}")
async def metamodel(request: Request, repository: str, hub: str) -> dict[str, Any]:
    """Category -> attribute -> ... -> distinct values (at most 50 per attribute), as TrackFind nests it."""
    _repo(repository)
    catalog = catalog_of(request)

    def build() -> dict[str, Any]:
        paths = {p: [e.name for e in catalog.values(p, limit=METAMODEL_VALUES)] for p in catalog.known_paths()}
        return _tree(paths)

    return await run_in_threadpool(build)


@router.get("/attributes")
async def attributes(
    request: Request, path: Annotated[str, Query(max_length=500, description="category or a->b path")] = ""
) -> list[str]:
    """The attributes directly under a category or attribute path."""
    clean = path.replace("->", ".").strip(".")
    if not clean:
        return list(CATEGORIES)
    try:
        entries = await run_in_threadpool(catalog_of(request).browse, clean)
    except InputError as exc:
        raise ApiError(404, "unknown_path", str(exc)) from exc
    return [e.name for e in entries if e.kind in ("branch", "leaf", "ontology", "category")]


@router.get("/values")
async def values(
    request: Request,
    path: Annotated[str, Query(max_length=500, description="a->b->c attribute path")],
    filter: Annotated[str | None, Query(max_length=500, description="only values containing this")] = None,
    limit: Annotated[int, Query(ge=1, le=10000)] = 1000,
) -> list[str]:
    """Distinct values of an attribute (optionally only those containing ``filter``)."""
    clean = path.replace("->", ".").strip(".")
    entries = await run_in_threadpool(catalog_of(request).values, clean, limit=limit, contains=filter)
    return [e.name for e in entries]


@router.get("/search", response_model=None)
async def search(
    request: Request,
    query: Annotated[str, Query(max_length=4000, description="Catalog query (our safe language).")] = "",
    categories: Annotated[str | None, Query(max_length=500, description="comma-separated categories")] = None,
    limit: Annotated[int, Query(ge=0, le=10000)] = 0,
) -> Response:
    """Matching tracks: JSON (each with its categories), or GSuite with ``Accept: text/plain``."""
    wanted = [c.strip() for c in (categories or "").split(",") if c.strip()]
    unknown = [c for c in wanted if c not in CATEGORIES]
    if unknown:
        raise ApiError(400, "invalid_input", f"unknown categories {unknown} (choose from {', '.join(CATEGORIES)})")
    catalog = catalog_of(request)
    try:
        tracks = await run_in_threadpool(catalog.tracks, query or None, (), limit=limit or 10000)
    except QueryError as exc:
        raise invalid_query(exc) from exc
    if "text/plain" in request.headers.get("accept", ""):
        return Response(to_gsuite(tracks), media_type="text/plain; charset=utf-8")
    keep = wanted or list(CATEGORIES)
    return JSONResponse([{c: t.doc.get(c, {}) for c in keep} | {"id": t.id} for t in tracks])
