"""F-UJI-compatible routes under ``/fuji/api/v1``: F-UJI clients keep working against fairgauge.

``POST /evaluate`` takes F-UJI's request body and answers F-UJI's response (the JSON report keeps its
field names; ``harvested_metadata`` is added as F-UJI returns it), or W3C DQV RDF when ``Accept`` asks
for Turtle or JSON-LD. Assessments made here are stored like any other (history, badges). Optional
HTTP Basic auth (``api_basic_auth``), off by default, as F-UJI has.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from fastapi import APIRouter, Depends, Request, Response
from fastapi.concurrency import run_in_threadpool

from fairgauge.render.report import RDF_MEDIA_TYPES
from fairgauge.render.report_fuji import fuji_output
from fairgauge.render.report_json import join_fields, json_field
from fairgauge.store.assessments import started
from fairgauge.web import deps
from fairgauge.web.envelope import ApiError
from fairgauge.web.jobs import Busy, Failed, Finished, execute
from fairgauge.web.routes.assessments import check_service, profile_info
from fairgauge.web.schemas import ERRORS, FujiBody, FujiHarvestBody, FujiMetrics

if TYPE_CHECKING:
    from fairgauge.render.report import Format

router = APIRouter(tags=["F-UJI compatible"], responses=ERRORS, dependencies=[Depends(deps.require_basic)])

# F-UJI metric_version values -> our profiles (0.5 and 0.8 are F-UJI's FsF metric files).
_VERSION = re.compile(r"^(?:metrics_)?v?(\d+\.\d+)$")
PROFILES = {"0.5": "fsf-0.5", "0.8": "fsf-0.8"}
RDF_TYPES: dict[str, Format] = RDF_MEDIA_TYPES  # Accept media type -> DQV rendering, from REPORT_FORMATS


def profile_for(metric_version: str) -> str:
    """``metrics_v0.8``, ``v0.8`` or ``0.8`` -> ``fsf-0.8``; anything else is a 422 naming what works."""
    found = _VERSION.match(metric_version.strip())
    profile = PROFILES.get(found.group(1)) if found else None
    if profile is None:
        raise ApiError(
            422,
            "unknown_metric_version",
            f"unsupported metric_version {metric_version!r}",
            {"supported": [f"metrics_v{v}" for v in PROFILES]},
        )
    return profile


def _service_type(kind: str | None) -> str | None:
    """F-UJI accepts any type containing 'csw' for CSW."""
    if kind and "csw" in kind.lower():
        return "ogc_csw"
    return kind or None


def _service(body: FujiBody) -> tuple[str | None, str | None]:
    """The metadata service a body names, as F-UJI reads it: a type without an endpoint names none.
    F-UJI's own web client always sends ``metadata_service_type`` (its select defaults to ``oai_pmh``)
    and an empty ``metadata_service_endpoint`` when the user gives no service; F-UJI then asks none."""
    endpoint = (body.metadata_service_endpoint or body.oaipmh_endpoint or "").strip() or None
    if endpoint is None:
        return None, None
    return endpoint, _service_type(body.metadata_service_type) or ("oai_pmh" if body.oaipmh_endpoint else None)


def _rdf_format(request: Request) -> Format | None:
    accept = request.headers.get("accept", "")
    for media, fmt in RDF_TYPES.items():
        if media in accept:
            return fmt
    return None


def _names(agents: Any) -> list[str]:
    return [a["name"] for a in agents or [] if isinstance(a, dict) and a.get("name")]


def _first(values: Any) -> Any:
    return values[0] if isinstance(values, list) and values else None


def fuji_metadata(fields: dict[str, Any]) -> dict[str, Any]:
    """One record's fields under F-UJI's names too (``title``, ``creator``, ``publisher``, ``license`` ...,
    as F-UJI 3.5.1 answers them; tests/fixtures/fuji), next to ours: F-UJI clients read those keys."""
    issued = next((d.get("value") for d in fields.get("dates") or [] if d.get("type") == "issued"), None)
    flat: dict[str, Any] = {
        "title": _first(fields.get("titles")),
        "summary": _first(fields.get("descriptions")),
        "creator": _names(fields.get("creators")),
        "publisher": _first(_names(fields.get("publishers"))),
        "publication_date": issued or fields.get("publication_year"),
        "object_type": [t["value"] for t in fields.get("resource_types") or [] if t.get("value")],
        "language": _first(fields.get("languages")),
        "license": [x.get("url") or x.get("identifier") or x.get("name") for x in fields.get("licenses") or []],
        "object_identifier": [i["value"] for i in fields.get("identifiers") or [] if i.get("value")],
        "access_level": [a["value"] for a in fields.get("access_rights") or [] if a.get("value")],
        "related_resources": [
            {"related_resource": r.get("identifier"), "relation_type": r.get("relation_type")}
            for r in fields.get("related") or []
        ],
    }
    return {**{k: v for k, v in flat.items() if v not in (None, [], "")}, **fields}


_LEVELS = {"info": "INFO", "warning": "WARNING", "error": "ERROR"}


def debug_trail(metric: dict[str, Any]) -> list[str]:
    """F-UJI's per-metric debug trail (``LEVEL: message`` lines) from our findings, test by test, each
    test closed by its outcome (F-UJI sends it when the request asks for ``test_debug``)."""
    lines: list[str] = []
    for test_id, test in metric.get("metric_tests", {}).items():
        lines += [f"{_LEVELS.get(f['severity'], 'INFO')}: {f['message']}" for f in test.get("findings", [])]
        status = test.get("metric_test_status")
        word = {"pass": "SUCCESS", "fail": "WARNING", "error": "ERROR"}.get(status, "INFO")
        lines.append(f"{word}: {test_id} {test.get('metric_test_name', '')} - {status}")
    return lines


def _fuji_metric(metric: dict[str, Any], test_debug: bool) -> dict[str, Any]:
    """One metric as F-UJI answers it (a new dict: the stored report is left alone)."""
    shaped = {**metric, "output": fuji_output(metric.get("metric_identifier", ""), metric.get("output") or {})}
    if test_debug:
        shaped["test_debug"] = debug_trail(metric)
    shaped["metric_tests"] = {
        test_id: {"metric_test_requirements": [], **test} for test_id, test in metric.get("metric_tests", {}).items()
    }
    return shaped


def fuji_response(finished: Finished, body: FujiBody) -> bytes:
    """Our report (its JSON as stored) with F-UJI's extras: the request echoed as sent (minus credentials),
    each metric's ``output`` in F-UJI's shape (:mod:`fairgauge.render.report_fuji`), its ``test_debug``
    trail when asked for, each test's ``metric_test_requirements`` (F-UJI lists
    what its metric file requires; fairgauge's profiles state none, so the list is empty), and
    ``harvested_metadata`` in F-UJI's shape (method, url, format, schema, namespaces, metadata).

    Only the fields F-UJI changes are dumped again; the rest (the harvest evidence, most of the bytes) is
    the stored JSON as serialised once."""
    report = finished.report
    changed = report.model_dump(mode="json", by_alias=True, include={"request", "results", "informative_results"})
    echoed = body.model_dump(exclude={"auth_token", "auth_token_type"}, exclude_none=True)
    changed["request"] = {**changed["request"], **echoed}  # as sent (metrics_v0.8, not 0.8), our extras kept
    for block in ("results", "informative_results"):
        changed[block] = [_fuji_metric(metric, body.test_debug) for metric in changed[block]]
    records = report.model_dump(mode="json", by_alias=True, include={"harvest": {"records"}})["harvest"]["records"]
    harvested = [
        {
            "method": r.get("method"),
            "url": r.get("url"),
            "format": r.get("format"),
            "schema": r.get("schema"),
            "namespaces": r.get("namespaces", []),
            "metadata": fuji_metadata(r.get("fields", {})),
        }
        for r in records
    ]
    fields = dict(finished.fields)
    for key, value in changed.items():
        fields[key] = json_field(key, value)
    fields["harvested_metadata"] = json_field("harvested_metadata", harvested)
    return join_fields(fields.values())


@router.post(
    "/evaluate",
    responses={200: {"description": "F-UJI's FAIRResults", "content": {t: {} for t in RDF_TYPES}}},
    dependencies=[Depends(deps.require_token)],
)
async def evaluate(body: FujiBody, request: Request) -> Response:
    """Assess one object now and answer F-UJI's ``FAIRResults`` (or DQV RDF by ``Accept``)."""
    from fairgauge.render.report import render, report_format

    if body.auth_token:
        raise ApiError(422, "unsupported", "auth_token (dataset-level credentials) is not supported by fairgauge", None)
    ident = deps.interpret(request, body.object_identifier)
    profile = profile_for(body.metric_version)
    endpoint, kind = _service(body)
    check_service(endpoint, kind)
    options: dict[str, Any] = {"use_datacite": body.use_datacite, "fuji": True}
    if endpoint:
        options |= {"metadata_service_endpoint": endpoint, "metadata_service_type": kind}
    services = deps.services(request)
    deps.store(request)  # 503 before any work when the server runs without a store
    record = started(body.object_identifier.strip(), deps.identifier_key(ident), profile, options)
    try:
        async with deps.jobs(request).slot():  # under the same cap as background assessments
            finished = await execute(services, record, stored=False)
    except Busy as exc:
        error = ApiError(503, "busy", str(exc), {"retry_after": exc.retry_after})
        error.headers = {"Retry-After": str(exc.retry_after)}
        raise error from exc
    if isinstance(finished, Failed):
        raise ApiError(500, "assessment_failed", finished.error)
    fmt = _rdf_format(request)
    if fmt is not None:
        text = await run_in_threadpool(render, finished.report, fmt)
        return Response(text, media_type=report_format(fmt).media_type)
    return Response(fuji_response(finished, body), media_type="application/json")


@router.post("/harvest", dependencies=[Depends(deps.require_token)])
async def harvest(body: FujiHarvestBody, request: Request) -> dict[str, Any]:
    """Harvest only (F-UJI's ``/harvest``): the target and the metadata found, in F-UJI's record shape."""
    from fairgauge.render.harvest import harvest_to_dict

    if body.auth_token:
        raise ApiError(422, "unsupported", "auth_token (dataset-level credentials) is not supported by fairgauge")
    deps.interpret(request, body.object_identifier)
    result = await deps.services(request).harvest(body.object_identifier)
    data = harvest_to_dict(result)
    return {
        "target_uri": data.get("landing_url") or body.object_identifier,
        "metadata": [
            {
                "method": r.get("method"),
                "url": r.get("url"),
                "format": r.get("format"),
                "schema": r.get("schema"),
                "namespaces": r.get("namespaces", []),
                "metadata": r.get("fields", {}),
            }
            for r in data.get("records", [])
        ],
        "harvest": data,
    }


def _metrics(request: Request, profile: str) -> FujiMetrics:
    info = profile_info(request, profile)
    return FujiMetrics(total=len(info.metrics), metrics=info.metrics)


@router.get("/metrics", response_model=FujiMetrics)
async def metrics(request: Request) -> FujiMetrics:
    """The metrics of the default version (FsF v0.8)."""
    return _metrics(request, PROFILES["0.8"])


@router.get("/metrics/{version}", response_model=FujiMetrics)
async def metrics_version(version: str, request: Request) -> FujiMetrics:
    """The metrics of one version: ``metrics_v0.5``, ``metrics_v0.8`` (or ``0.5``, ``v0.8``)."""
    try:
        profile = profile_for(version)
    except ApiError as exc:
        raise ApiError(404, "not_found", str(exc.detail), exc.details) from exc
    return _metrics(request, profile)
