"""``/tracks``: validate and augment FAIRtracks documents over HTTP.

Bodies: a JSON document; a JSON list of documents; ``{"documents": [...], "schema_version": ...,
"ontology_source": ...}`` (``{"document": {...}}`` for augment); or ``multipart/form-data`` with one
file per document (any field names) and optional ``schema_version`` / ``ontology_source`` fields.
Query parameters ``schema_version``, ``ontology_source`` and ``lenient_json`` (tolerate trailing
commas, reported as warnings) work for every form. A body that is not
JSON is answered with the error envelope, code ``invalid_json``, line and column in ``details``.

The FAIRtracks services come from the composition root (``Services.tracks``, one per app).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from starlette.datastructures import UploadFile

from fairgauge.errors import InputError, TracksError
from fairgauge.model.terms import ONTOLOGY_SOURCES
from fairgauge.tracks.jsonload import LoadedDocument, load_document
from fairgauge.tracks.service import TracksService
from fairgauge.web.deps import services
from fairgauge.web.envelope import error_response, ok
from fairgauge.web.schemas import ERRORS, DataEnvelope

router = APIRouter(tags=["tracks"], responses=ERRORS)
OPTIONS = ("schema_version", "ontology_source")


class _BadJson(Exception):
    def __init__(self, document: LoadedDocument) -> None:
        self.document = document


def _service(request: Request, mode: str | None) -> TracksService:
    return services(request).tracks.get(mode)


def _flag(value: str | None) -> bool:
    """A boolean query parameter as OpenAPI clients send it; anything else is a one-line input error."""
    if value is None or value.lower() in {"", "0", "false", "no"}:
        return False
    if value.lower() in {"1", "true", "yes"}:
        return True
    raise InputError(f"lenient_json must be true or false, got {value!r}")


async def _inputs(request: Request) -> tuple[list[LoadedDocument], dict[str, Any]]:
    """Documents and options from a JSON or multipart body; broken JSON raises _BadJson."""
    options: dict[str, Any] = {k: v for k, v in request.query_params.items() if k in OPTIONS}
    lenient = _flag(request.query_params.get("lenient_json"))
    if request.headers.get("content-type", "").startswith("multipart/form-data"):
        form = await request.form()
        documents = []
        for key, value in form.multi_items():
            if isinstance(value, UploadFile):
                documents.append(load_document(await value.read(), value.filename or key, lenient=lenient))
            elif key in OPTIONS:
                options.setdefault(key, value)
        return documents, options
    loaded = load_document(await request.body(), "body", lenient=lenient)
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


_DOCUMENT = {"type": "object", "description": "A FAIRtracks JSON document", "additionalProperties": True}
_QUERY = [
    {
        "name": "schema_version",
        "in": "query",
        "required": False,
        "schema": {"type": "string"},
        "description": "Bundled release: 1.0, 1.0.1, 1.0.2, dev, 2.0-draft.",
    },
    {
        "name": "ontology_source",
        "in": "query",
        "required": False,
        "schema": {"type": "string", "enum": list(ONTOLOGY_SOURCES)},
    },
    {
        "name": "lenient_json",
        "in": "query",
        "required": False,
        "schema": {"type": "boolean"},
        "description": "Tolerate trailing commas (reported as warnings).",
    },
]


def _body_spec(many: bool) -> dict[str, Any]:
    """The request body the route reads by hand (so /docs can send a document)."""
    key = "documents" if many else "document"
    wrapper = {
        "type": "object",
        "properties": {
            key: {"type": "array", "items": _DOCUMENT} if many else _DOCUMENT,
            "schema_version": {"type": "string"},
            "ontology_source": {"type": "string", "enum": list(ONTOLOGY_SOURCES)},
        },
        "required": [key],
    }
    alternatives = [_DOCUMENT, wrapper] + ([{"type": "array", "items": _DOCUMENT}] if many else [])
    files = {"type": "array", "items": {"type": "string", "format": "binary"}}
    form = {
        "type": "object",
        "properties": {"files": files, "schema_version": {"type": "string"}, "ontology_source": {"type": "string"}},
    }
    return {
        "parameters": _QUERY,
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {"schema": {"oneOf": alternatives}},
                "multipart/form-data": {"schema": form},
            },
        },
    }


@router.post("/tracks/validate", response_model=DataEnvelope, openapi_extra=_body_spec(True))
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


@router.post("/tracks/augment", response_model=DataEnvelope, openapi_extra=_body_spec(False))
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
