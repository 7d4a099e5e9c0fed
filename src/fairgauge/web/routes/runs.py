"""Batch runs on the web: the JSON API (``/api/v1/runs``...) and the run pages (``/runs``...) in the same app.

- ``GET /api/v1/runs``: every run with its counts;
- ``GET /api/v1/runs/{name}``: a run's inputs, settings, counts, mean scores, score distribution per
  principle, FAIRport levels and pass rates per metric and test (scored objects only);
- ``GET /api/v1/runs/{name}/results``: its objects' results in input order (``status``, ``limit``, ``offset``);
- ``GET /api/v1/runs/{name}/compare/{other}``: per-object and per-principle changes (as ``runs compare``);
- pages: ``/runs`` (list), ``/runs/{name}`` (summary, charts, objects; ``?compare=OTHER`` for before vs
  after), ``/runs/{name}/object?key=KEY`` (one object's metrics and tests).

Runs are read from the store; nothing here starts one (``fairgauge batch`` does).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse

from fairgauge.batch.compare import Comparison, compare
from fairgauge.batch.stats import PRINCIPLES, RunStats, run_stats
from fairgauge.store import Store
from fairgauge.store.runs import ResultRecord, ResultStatus, RunRecord, Runs
from fairgauge.web import run_charts
from fairgauge.web.deps import store
from fairgauge.web.envelope import ApiError, ok
from fairgauge.web.schemas import ERRORS, DataEnvelope

router = APIRouter(prefix="/runs", tags=["runs"], responses=ERRORS)
pages = APIRouter(include_in_schema=False)

RunName = Annotated[str, Path(min_length=1, max_length=200, description="Run name.")]
PAGE_SIZE = 100


def run_json(run: RunRecord) -> dict[str, Any]:
    return run.summary()


def result_json(result: ResultRecord) -> dict[str, Any]:
    return result.as_json()


def _get_run(db: Store, name: str) -> RunRecord:
    run = Runs(db).get(name)
    if run is None:
        raise ApiError(404, "not_found", f"no run named {name!r}", {"run": name})
    return run


def _summary(db: Store, name: str) -> tuple[RunRecord, RunStats]:
    run = _get_run(db, name)
    return run, run_stats(Runs(db).results(run.id))


def _comparison(db: Store, name: str, other: str) -> Comparison:
    first, second = _get_run(db, name), _get_run(db, other)
    runs = Runs(db)
    return compare(first.name, runs.results(first.id), second.name, runs.results(second.id))


@router.get("", response_model=DataEnvelope)
async def list_runs(request: Request) -> dict[str, Any]:
    """Every run with its progress and outcome counts, newest first."""
    runs = await run_in_threadpool(Runs(store(request)).all)
    return ok({"runs": [run_json(r) for r in runs]})


@router.get("/{name}", response_model=DataEnvelope)
async def show_run(request: Request, name: RunName) -> dict[str, Any]:
    """A run's inputs, settings and numbers (means, distributions, pass rates over scored objects only)."""
    run, stats = await run_in_threadpool(_summary, store(request), name)
    return ok({**run_json(run), "inputs": run.inputs, "settings": run.settings, **stats.as_json()})


@router.get("/{name}/results", response_model=DataEnvelope)
async def run_results(
    request: Request,
    name: RunName,
    status: Annotated[
        Literal["scored", "not_assessed", "error"] | None, Query(description="Only this outcome.")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = PAGE_SIZE,
    offset: Annotated[int, Query(ge=0, le=100_000_000)] = 0,
) -> dict[str, Any]:
    """The run's objects in input order, one page at a time."""
    db = store(request)
    run = await run_in_threadpool(_get_run, db, name)
    page = await run_in_threadpool(Runs(db).results_page, run.id, limit=limit, offset=offset, status=status)
    return ok({"run": run.name, "offset": offset, "limit": limit, "results": [result_json(r) for r in page]})


@router.get("/{name}/compare/{other}", response_model=DataEnvelope)
async def compare_runs(request: Request, name: RunName, other: RunName) -> dict[str, Any]:
    """``name`` before, ``other`` after: objects improved or regressed and by which tests, per-principle
    means, the tests that changed most (objects scored in both runs only)."""
    comparison = await run_in_threadpool(_comparison, store(request), name, other)
    return ok(comparison.as_json())


def _page(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    """A page with the UI's templates and Content-Security-Policy (nothing from elsewhere, no script)."""
    from fairgauge.web.ui import CSP, templates

    response = templates.TemplateResponse(request, template, {"csp": CSP, **context}, status_code=status)
    response.headers["Content-Security-Policy"] = CSP
    return response


@pages.get("/runs", response_class=HTMLResponse)
async def runs_page(request: Request) -> HTMLResponse:
    runs = await run_in_threadpool(Runs(store(request)).all)
    return _page(request, "runs.html.j2", runs=runs)


def _run_page_data(db: Store, name: str, other: str | None, status: ResultStatus | None, offset: int) -> dict[str, Any]:
    run, stats = _summary(db, name)
    chosen: list[tuple[str, RunStats]] = [(run.name, stats)]
    comparison = None
    if other:
        second, second_stats = _summary(db, other)
        chosen.append((second.name, second_stats))
        comparison = _comparison(db, name, other)
    runs = Runs(db)
    return {
        "run": run,
        "stats": stats,
        "principles": PRINCIPLES,
        "charts": [run_charts.histogram(p, chosen) for p in PRINCIPLES],
        "rates": run_charts.pass_rates(chosen),
        "legend": [(n, run_charts.COLORS[i]) for i, (n, _) in enumerate(chosen)],
        "others": [r.name for r in runs.all() if r.name != run.name],
        "other": other,
        "comparison": comparison,
        "means": {n: s.means() for n, s in chosen},
        "objects": runs.results_page(run.id, limit=PAGE_SIZE, offset=offset, status=status),
        "shown": status,
        "offset": offset,
        "page_size": PAGE_SIZE,
    }


@pages.get("/runs/{name}", response_class=HTMLResponse)
async def run_page(
    request: Request,
    name: str,
    compare: str | None = None,
    status: Literal["scored", "not_assessed", "error"] | None = None,
    offset: Annotated[int, Query(ge=0, le=100_000_000)] = 0,
) -> HTMLResponse:
    try:
        data = await run_in_threadpool(_run_page_data, store(request), name, compare or None, status, offset)
    except ApiError as exc:
        return _page(request, "missing.html.j2", 404, what=str(exc.detail))
    return _page(request, "run.html.j2", **data)


@pages.get("/runs/{name}/object", response_class=HTMLResponse)
async def run_object_page(request: Request, name: str, key: str = "") -> HTMLResponse:
    db = store(request)
    try:
        run = await run_in_threadpool(_get_run, db, name)
    except ApiError as exc:
        return _page(request, "missing.html.j2", 404, what=str(exc.detail))
    result = await run_in_threadpool(Runs(db).result, run.id, key)
    if result is None:
        return _page(request, "missing.html.j2", 404, what=f"object {key} in run {name}")
    return _page(request, "run_object.html.j2", run=run, result=result, principles=PRINCIPLES)
