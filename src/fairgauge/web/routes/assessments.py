"""Native API: assessments (queued, run in the background, stored), history, badges, harvest, profiles."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from fairgauge.errors import ProfileError
from fairgauge.render.report import DOWNLOAD_FORMATS, FORMAT_BY_NAME
from fairgauge.store import AssessmentRecord
from fairgauge.web import deps
from fairgauge.web.envelope import ApiError, ok
from fairgauge.web.schemas import (
    ERRORS,
    AssessmentCreatedEnvelope,
    AssessmentEnvelope,
    AssessmentRequest,
    DataEnvelope,
    HarvestRequest,
    HistoryEnvelope,
    ProfileEnvelope,
    ProfileInfo,
    ProfilesEnvelope,
)

router = APIRouter(tags=["assessments"], responses=ERRORS)
if TYPE_CHECKING:
    from fairgauge.render.report import Format as DownloadFormat
else:  # the report formats offered as downloads, as a Literal FastAPI validates ?format= against
    DownloadFormat = Literal[DOWNLOAD_FORMATS]
_DOWNLOAD_TYPES: dict[str, dict[str, Any]] = {FORMAT_BY_NAME[name].media_type: {} for name in DOWNLOAD_FORMATS}


def assessment_url(request: Request, assessment_id: str) -> str:
    return str(request.url_for("get_assessment", assessment_id=assessment_id))


def summary(request: Request, record: AssessmentRecord, *, with_report: bool = False) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": record.id,
        "url": assessment_url(request, record.id),
        "identifier": record.identifier,
        "identifier_key": record.identifier_key,
        "profile": record.profile,
        "state": record.state,
        "outcome": record.outcome,
        "metric_version": record.metric_version,
        "fair_percent": record.fair_percent,
        "score_percent": record.score_percent,
        "fairport_level": record.fairport_level,
        "error": record.error,
        "created_at": record.created_at.isoformat(),
        "started_at": record.started_at.isoformat() if record.started_at else None,
        "finished_at": record.finished_at.isoformat() if record.finished_at else None,
    }
    if with_report:
        data["report"] = record.report
    return data


def check_profile(request: Request, profile: str) -> None:
    """Only bundled profiles by id over the API (a path would read the server's files)."""
    from fairgauge.metrics.profile import bundled_profile_ids

    if profile not in bundled_profile_ids():
        raise ApiError(422, "unknown_profile", f"unknown profile {profile!r}", {"profiles": bundled_profile_ids()})
    try:
        deps.services(request).assessor.profile(profile)
    except ProfileError as exc:  # pragma: no cover - a bundled profile that does not load is a packaging bug
        raise ApiError(500, "internal_error", str(exc)) from exc


def check_service(endpoint: str | None, kind: str | None) -> None:
    from fairgauge.compose import service_option
    from fairgauge.errors import InputError

    try:
        service_option(endpoint, kind)
    except InputError as exc:
        raise ApiError(422, "invalid_request", str(exc)) from exc


@router.post(
    "/assessments",
    status_code=202,
    response_model=AssessmentCreatedEnvelope,
    dependencies=[Depends(deps.require_token)],
)
async def create_assessment(body: AssessmentRequest, request: Request) -> JSONResponse:
    """Queue an assessment; it runs in the background (a bounded number at once, the rest wait queued).
    Answers 202 with its URL (also in ``Location``)."""
    ident = deps.interpret(request, body.identifier)
    check_profile(request, body.profile)
    options: dict[str, Any] = {}
    if body.metadata_service is not None:
        check_service(body.metadata_service.endpoint, body.metadata_service.type)
        options = {
            "metadata_service_endpoint": body.metadata_service.endpoint,
            "metadata_service_type": body.metadata_service.type,
        }
    record = await run_in_threadpool(
        deps.store(request).assessments.create,
        body.identifier.strip(),
        deps.identifier_key(ident),
        body.profile,
        options,
    )
    deps.jobs(request).submit(record)
    url = assessment_url(request, record.id)
    return JSONResponse(ok(summary(request, record)), status_code=202, headers={"Location": url})


async def _record(request: Request, assessment_id: str) -> AssessmentRecord:
    record = await run_in_threadpool(deps.store(request).assessments.get, assessment_id)
    if record is None:
        raise ApiError(404, "not_found", f"no assessment {assessment_id!r}")
    return record


@router.get("/assessments/{assessment_id}", response_model=AssessmentEnvelope)
async def get_assessment(assessment_id: str, request: Request) -> dict[str, Any]:
    """One assessment with its state and, once done, the full report (harvest evidence included)."""
    return ok(summary(request, await _record(request, assessment_id), with_report=True))


def _report_model(record: AssessmentRecord) -> Any:
    from fairgauge.model.report import Report

    if record.state != "done" or record.report is None:
        raise ApiError(409, "not_ready", f"assessment {record.id} is {record.state}", {"state": record.state})
    return Report.model_validate(record.report)


@router.get(
    "/assessments/{assessment_id}/report",
    responses={200: {"content": _DOWNLOAD_TYPES}},
)
async def download_report(
    assessment_id: str, request: Request, format: Annotated[DownloadFormat, Query()] = "json"
) -> Response:
    """The report as a download: JSON, HTML, Turtle, JSON-LD or text."""
    from fairgauge.render.report import render, report_format

    record = await _record(request, assessment_id)
    report = _report_model(record)
    text = await run_in_threadpool(render, report, format)
    fmt = report_format(format)
    headers = {"Content-Disposition": f'attachment; filename="fairgauge-{record.id}.{fmt.extension}"'}
    return Response(text, media_type=fmt.media_type, headers=headers)


def _svg(text: str) -> Response:
    return Response(text, media_type="image/svg+xml", headers={"Cache-Control": "no-cache, max-age=0"})


def _state_badge(record: AssessmentRecord | None) -> str:
    from fairgauge.render.report_badge import NO_SCORE_COLOR, BadgeText, badge_svg, render_badge

    if record is not None and record.state == "done" and record.report is not None:
        if record.outcome == "scored":
            return str(render_badge(_report_model(record)))
        return badge_svg(BadgeText("not assessed", NO_SCORE_COLOR, "FAIR: not assessed (object unreachable)"))
    value = {None: "unknown", "queued": "pending", "running": "pending", "failed": "error"}.get(
        record.state if record else None, "unknown"
    )
    return badge_svg(BadgeText(value, NO_SCORE_COLOR, f"FAIR: {value}"))


@router.get(
    "/assessments/{assessment_id}/badge.svg",
    response_class=Response,
    responses={200: {"content": {"image/svg+xml": {}}}},
)
async def assessment_badge(assessment_id: str, request: Request) -> Response:
    """The SVG badge of one assessment (grey 'not assessed' when the object could not be reached)."""
    return _svg(_state_badge(await _record(request, assessment_id)))


@router.get("/badge.svg", response_class=Response, responses={200: {"content": {"image/svg+xml": {}}}})
async def latest_badge(
    request: Request,
    identifier: Annotated[str, Query(min_length=1, max_length=2000, examples=["10.5281/zenodo.1196821"])],
    profile: Annotated[str | None, Query()] = None,
) -> Response:
    """A stable badge URL for READMEs: the latest finished assessment of an identifier (any spelling)."""
    key = deps.identifier_key(deps.interpret(request, identifier))
    record = await run_in_threadpool(deps.store(request).assessments.latest, key, profile=profile)
    return _svg(_state_badge(record))


@router.get("/assessments", response_model=HistoryEnvelope)
async def list_assessments(
    request: Request,
    identifier: Annotated[str, Query(min_length=1, max_length=2000, description="Any spelling of the identifier.")],
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> dict[str, Any]:
    """Assessments of one identifier over time, oldest first."""
    key = deps.identifier_key(deps.interpret(request, identifier))
    records = await run_in_threadpool(deps.store(request).assessments.history, key, limit=limit, offset=offset)
    return ok(
        {
            "identifier": identifier.strip(),
            "identifier_key": key,
            "assessments": [summary(request, r) for r in records],
        }
    )


@router.post("/harvest", response_model=DataEnvelope, dependencies=[Depends(deps.require_token)])
async def harvest(body: HarvestRequest, request: Request) -> dict[str, Any]:
    """Harvest only: every exchange, signpost, record, the merged metadata and conflicts (not stored)."""
    from fairgauge.compose import service_option
    from fairgauge.render.harvest import harvest_to_dict

    deps.interpret(request, body.identifier)
    chosen = body.metadata_service
    if chosen is not None:
        check_service(chosen.endpoint, chosen.type)
    service = service_option(chosen.endpoint, chosen.type) if chosen else None
    result = await deps.services(request).harvest(body.identifier, service=service)
    return ok(harvest_to_dict(result))


def profile_info(request: Request, profile_id: str) -> ProfileInfo:
    profile = deps.services(request).assessor.profile(profile_id)
    metrics = [
        {
            "metric_identifier": m.id,
            "metric_number": m.number,
            "metric_name": m.name,
            "fair_principle": m.principle,
            "total_score": m.total_score,
            "scored": m.scored,
            "scoring": m.scoring,
            "metric_tests": [
                {
                    "metric_test_identifier": t.id,
                    "metric_test_name": t.name,
                    "metric_test_score": t.score,
                    "metric_test_maturity": t.maturity,
                }
                for t in m.tests
            ],
        }
        for m in profile.metrics
    ]
    return ProfileInfo(
        id=profile.id,
        version=profile.version,
        specification=profile.specification,
        total_score=profile.total_score,
        metrics=metrics,
    )


@router.get("/profiles", response_model=ProfilesEnvelope)
async def list_profiles(request: Request) -> dict[str, Any]:
    """The bundled metric profiles with their metrics and tests."""
    from fairgauge.metrics.profile import bundled_profile_ids

    return ok([profile_info(request, p).model_dump() for p in bundled_profile_ids()])


@router.get("/profiles/{profile_id}", response_model=ProfileEnvelope)
async def get_profile(profile_id: str, request: Request) -> dict[str, Any]:
    """One profile's metrics and tests (``fsf-0.8``, ``fsf-0.5``, ``fairtracks``)."""
    from fairgauge.metrics.profile import bundled_profile_ids

    if profile_id not in bundled_profile_ids():
        raise ApiError(404, "not_found", f"no profile {profile_id!r}", {"profiles": bundled_profile_ids()})
    return ok(profile_info(request, profile_id).model_dump())
