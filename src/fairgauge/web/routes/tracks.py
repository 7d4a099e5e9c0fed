"""``/tracks``: validate and augment FAIRtracks documents over HTTP.

Bodies: a JSON document; a JSON list of documents; ``{"documents": [...], "schema_version": ...,
"ontology_source": ...}`` (``{"document": {...}}`` for augment); or ``multipart/form-data`` with one
file per document (any field names) and optional ``schema_version`` / ``ontology_source`` fields.
Query parameters ``schema_version``, ``ontology_source`` and ``lenient_json`` (tolerate trailing
commas, reported as warnings) work for every form. A body that is not
JSON is answered with the error envelope, code ``invalid_json``, line and column in ``details``.

Services are built once per app (on first use) and kept on ``app.state``.
"""

from __future__ import annotations

import threading
from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from starlette.datastructures import UploadFile

from fairgauge.errors import InputError, TracksError
from fairgauge.settings import Settings
from fairgauge.tracks.jsonload import LoadedDocument, parse_document
from fairgauge.tracks.service import ONTOLOGY_SOURCES, TracksService, build_service
from fairgauge.web.envelope import error_response, ok

router = APIRouter(tags=["tracks"])
OPTIONS = ("schema_version", "ontology_source")
_BUILD_LOCK = threading.Lock()


class _BadJson(Exception):
    def __init__(self, document: LoadedDocument) -> None:
        self.document = document


def _service(request: Request, mode: str | None) -> TracksService:
    settings: Settings = request.app.state.settings
    mode = mode or settings.tracks_ontology_source
    if mode not in ONTOLOGY_SOURCES:
        raise InputError(f"unknown ontology_source {mode!r} (choose from {', '.join(ONTOLOGY_SOURCES)})")
    with _BUILD_LOCK:
        services: dict[str, TracksService] = getattr(request.app.state, "tracks_services", None) or {}
        request.app.state.tracks_services = services
        if mode not in services:
            online = None
            if mode == "ols":
                from fairgauge.harvest.ols import OlsTermSource

                online = OlsTermSource(settings)
            services[mode] = build_service(settings, ontology_source=mode, online_terms=online)
        return services[mode]


async def _inputs(request: Request) -> tuple[list[LoadedDocument], dict[str, Any]]:
    """Documents and options from a JSON or multipart body; broken JSON raises _BadJson."""
    options: dict[str, Any] = {k: v for k, v in request.query_params.items() if k in OPTIONS}
    lenient = request.query_params.get("lenient_json", "").lower() in {"1", "true", "yes"}
    if request.headers.get("content-type", "").startswith("multipart/form-data"):
        form = await request.form()
        documents = []
        for key, value in form.multi_items():
            if isinstance(value, UploadFile):
                documents.append(parse_document(await value.read(), value.filename or key, lenient=lenient))
            elif key in OPTIONS:
                options.setdefault(key, value)
        return documents, options
    loaded = parse_document(await request.body(), "body", lenient=lenient)
    if loaded.data is None:
        raise _BadJson(loaded)
    return _unwrap(loaded, options), options


def _unwrap(loaded: LoadedDocument, options: dict[str, Any]) -> list[LoadedDocument]:
    """Documents of a JSON body; notes about the body itself (lenient commas) go with the first one."""
    data = loaded.data
    if isinstance(data, dict) and "@schema" not in data and ("documents" in data or "document" in data):
        for key in OPTIONS:
            if data.get(key) is not None:
                options.setdefault(key, data[key])
        items = data.get("documents", [data.get("document")])
        items = items if isinstance(items, list) else [items]
    else:
        items = data if isinstance(data, list) else [data]
    names = [f"documents[{i}]" if len(items) > 1 else "document" for i in range(len(items))]
    notes = tuple(p.model_copy(update={"document": names[0]}) for p in loaded.problems) if names else ()
    pairs = enumerate(zip(names, items, strict=True))
    return [LoadedDocument(name, item, notes if i == 0 else ()) for i, (name, item) in pairs]


def _check_version(service: TracksService, version: Any) -> str | None:
    if version is None:
        return None
    try:
        service.catalogue.version(str(version))
    except TracksError as exc:
        raise InputError(str(exc)) from exc
    return str(version)


def _bad_json(exc: _BadJson) -> JSONResponse:
    problem = exc.document.problems[0]
    details = {"line": problem.line, "column": problem.column, "problem": problem.model_dump(mode="json")}
    return error_response(400, "invalid_json", f"request body: {problem.message}", details)


@router.post("/tracks/validate")
async def validate(request: Request) -> Any:
    """Validate the given documents as one set (report shaped as ``tracks validate --format json``)."""
    try:
        documents, options = await _inputs(request)
    except _BadJson as exc:
        return _bad_json(exc)
    if not documents:
        raise InputError("no document in the request")
    service = await run_in_threadpool(_service, request, options.get("ontology_source"))
    version = _check_version(service, options.get("schema_version"))
    report = await run_in_threadpool(service.validate, documents, version)
    return ok(report.to_json())


@router.post("/tracks/augment")
async def augment(request: Request) -> Any:
    """Augment one document; answers the augmented document and the augmentation report."""
    try:
        documents, options = await _inputs(request)
    except _BadJson as exc:
        return _bad_json(exc)
    if len(documents) != 1:
        raise InputError(f"augment takes exactly one document, got {len(documents)}")
    service = await run_in_threadpool(_service, request, options.get("ontology_source"))
    version = _check_version(service, options.get("schema_version"))
    data, report = await run_in_threadpool(service.augment, documents[0], version)
    return ok({"document": data, "report": report.to_json()})
