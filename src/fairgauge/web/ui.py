"""The web UI: server-rendered pages (Jinja2, no CDN, no script) over the same services as the API.

Pages: assess form (``/``), report (``/report/{id}``), history of an identifier with a chart and a
comparison of two assessments (``/history``, ``/compare``), and the FAIRtracks validator (``/tracks``).
Every page carries a Content-Security-Policy that allows nothing from elsewhere.
"""

from __future__ import annotations

from importlib.resources import files
from typing import Any
from urllib.parse import urlencode

import jinja2
from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from starlette.datastructures import UploadFile

from fairgauge.batch.wording import counted
from fairgauge.errors import FairgaugeError
from fairgauge.metrics.profile import bundled_profile_ids
from fairgauge.model.harvest import SERVICE_TYPES
from fairgauge.render import report_evidence as evidence
from fairgauge.render import report_templates
from fairgauge.render import report_view as view
from fairgauge.web import charts, deps, ui_view
from fairgauge.web.envelope import ApiError

router = APIRouter(include_in_schema=False)


def _environment() -> jinja2.Environment:
    """Our pages, plus the report parts shared with the standalone HTML report (render/templates).

    starlette's default select_autoescape() escapes only .html/.htm/.xml names, not our .html.j2 templates,
    and these pages show values harvested from pages anyone can write: escape everything."""
    loader = jinja2.ChoiceLoader(
        [
            jinja2.FileSystemLoader(str(files("fairgauge.web") / "templates")),
            jinja2.FunctionLoader(report_templates.load),
        ]
    )
    env = jinja2.Environment(loader=loader, autoescape=True)
    report_templates.install(env)
    env.filters["counted"] = counted  # "1 error", "2 errors" on the run pages
    return env


templates = Jinja2Templates(env=_environment())
CSP = "default-src 'none'; img-src 'self' data:; style-src 'self'; form-action 'self'; base-uri 'none'"


def _page(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
    base = {"csp": CSP, "service_types": SERVICE_TYPES}  # the form's metadata service choices
    response = templates.TemplateResponse(request, name, {**base, **context}, status_code=status)
    response.headers["Content-Security-Policy"] = CSP
    return response


@router.get("/", response_class=HTMLResponse)
async def home(request: Request) -> HTMLResponse:
    recent = await run_in_threadpool(deps.store(request).assessments.recent, limit=10)
    return _page(request, "home.html.j2", profiles=bundled_profile_ids(), recent=recent, form={}, error=None)


@router.post("/assess", response_model=None)
async def assess(request: Request) -> Response:
    """The form's POST: queue the assessment and go to its page (303), or show the form with the reason."""
    from fairgauge.compose import service_option

    form = await request.form()
    values = {k: str(v).strip() for k, v in form.items() if isinstance(v, str)}
    services = deps.services(request)
    try:
        if services.settings.api_require_token:
            token = values.get("token", "")
            if not token or await run_in_threadpool(deps.store(request).tokens.verify, token) is None:
                raise ApiError(401, "unauthorized", "an API token is needed to start assessments here")
        profile = values.get("profile") or "fsf-0.8"
        if profile not in bundled_profile_ids():
            raise ApiError(422, "unknown_profile", f"unknown profile {profile!r}")
        ident = deps.interpret(request, values.get("identifier", ""))
        endpoint, kind = values.get("endpoint") or None, values.get("endpoint_type") or None
        service_option(endpoint, kind, ("metadata service endpoint", "metadata service type"))
    except (ApiError, FairgaugeError) as exc:
        message = str(exc.detail) if isinstance(exc, ApiError) else str(exc)
        status = exc.status_code if isinstance(exc, ApiError) else 422
        recent = await run_in_threadpool(deps.store(request).assessments.recent, limit=10)
        return _page(
            request, "home.html.j2", status, profiles=bundled_profile_ids(), recent=recent, form=values, error=message
        )
    options = {"metadata_service_endpoint": endpoint, "metadata_service_type": kind} if endpoint else {}
    record = await run_in_threadpool(
        deps.store(request).assessments.create, values["identifier"], deps.identifier_key(ident), profile, options
    )
    deps.jobs(request).submit(record)
    return RedirectResponse(str(request.url_for("report_page", assessment_id=record.id)), status_code=303)


@router.get("/report/{assessment_id}", response_class=HTMLResponse)
async def report_page(request: Request, assessment_id: str) -> HTMLResponse:
    from fairgauge.model.report import Report

    record = await run_in_threadpool(deps.store(request).assessments.get, assessment_id)
    if record is None:
        return _page(request, "missing.html.j2", 404, what=f"assessment {assessment_id}")
    report = Report.model_validate(record.report) if record.state == "done" and record.report else None
    badge_url = str(request.url_for("latest_badge")) + "?" + urlencode({"identifier": record.identifier})
    context: dict[str, Any] = {"record": record, "report": report, "badge_url": badge_url}
    if report is not None:
        context |= {
            "bars": charts.principle_bars(record.score_percent or {}) if record.outcome == "scored" else [],
            "rows": view.summary_rows(report),
            "level_text": view.fairport_text(report.fairport_level.level),
            "fixes": view.scored_fixes(report),
            "unscored_fixes": view.unscored_fixes(report),
            "metrics": view.all_metrics(report),
            "links": evidence.split_links(report),
            "metadata": ui_view.metadata_rows(report),
        }
    return _page(request, "report.html.j2", **context)


@router.get("/assets/report_parts.css", name="report_parts_css")
async def report_parts_css() -> Response:
    """The rules of the report parts shared with the standalone report (one file, so they cannot diverge)."""
    css = report_templates.read_template("report_parts.css")
    return Response(css, media_type="text/css", headers={"Cache-Control": "public, max-age=3600"})


@router.get("/history", response_class=HTMLResponse)
async def history(request: Request, identifier: str = "") -> HTMLResponse:
    if not identifier.strip():
        return _page(request, "missing.html.j2", 404, what="an identifier (history?identifier=...)")
    try:
        key = deps.identifier_key(deps.interpret(request, identifier))
    except ApiError as exc:
        return _page(request, "missing.html.j2", 422, what=str(exc.detail))
    records = await run_in_threadpool(deps.store(request).assessments.history, key, limit=500)
    done = [r for r in records if r.state == "done"]
    points = charts.history_points([(r.id, r.created_at, r.fair_percent) for r in done])
    return _page(
        request,
        "history.html.j2",
        identifier=identifier.strip(),
        records=records,
        points=points,
        line=charts.polyline(points),
    )


@router.get("/compare", response_class=HTMLResponse)
async def compare(request: Request, a: str = "", b: str = "") -> HTMLResponse:
    store = deps.store(request)
    old, new = await run_in_threadpool(store.assessments.get, a), await run_in_threadpool(store.assessments.get, b)
    if old is None or new is None or not old.report or not new.report:
        return _page(request, "missing.html.j2", 404, what="two finished assessments to compare")
    return _page(request, "compare.html.j2", old=old, new=new, changes=ui_view.compare(old.report, new.report))


@router.get("/tracks", response_class=HTMLResponse)
async def tracks_form(request: Request) -> HTMLResponse:
    return _page(request, "tracks.html.j2", report=None, error=None, text="")


@router.post("/tracks", response_class=HTMLResponse)
async def tracks_validate(request: Request) -> HTMLResponse:
    """Paste or upload a FAIRtracks document; problems are listed by JSON pointer."""
    from fairgauge.tracks.jsonload import load_document

    form = await request.form()
    upload = form.get("file")
    text = str(form.get("document") or "")
    if isinstance(upload, UploadFile) and upload.filename:
        raw, name = await upload.read(), upload.filename
    else:
        raw, name = text.encode("utf-8"), "pasted document"
    if not raw.strip():
        return _page(request, "tracks.html.j2", 422, report=None, error="paste a document or choose a file", text="")
    loaded = load_document(raw, name)
    if loaded.data is None:
        problem = loaded.problems[0]
        error = f"{name} is not JSON: {problem.message} (line {problem.line}, column {problem.column})"
        return _page(request, "tracks.html.j2", 422, report=None, error=error, text=text)
    service = await run_in_threadpool(deps.services(request).tracks.get, None)
    report = await run_in_threadpool(service.validate, [loaded], None)
    return _page(request, "tracks.html.j2", report=report.to_json(), error=None, text=text)
