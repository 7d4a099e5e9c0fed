"""What routes receive: the services built by the composition root, and the access checks.

Nothing here builds a service: ``create_app`` puts the built ``Services`` on ``app.state``.
"""

from __future__ import annotations

import base64
import binascii
import secrets
from typing import TYPE_CHECKING

from fastapi import Request
from fastapi.concurrency import run_in_threadpool

from fairgauge.errors import IdentifierError
from fairgauge.web.envelope import ApiError

if TYPE_CHECKING:
    from fairgauge.compose import Services
    from fairgauge.model.identifiers import Identifier
    from fairgauge.store import Store
    from fairgauge.web.jobs import Jobs


def services(request: Request) -> Services:
    built: Services = request.app.state.services
    return built


def jobs(request: Request) -> Jobs:
    """The app's background assessments (bounded concurrency, FIFO queue)."""
    running: Jobs = request.app.state.jobs
    return running


def store(request: Request) -> Store:
    found = services(request).store
    if found is None:
        raise ApiError(503, "store_unavailable", "this server runs without a store")
    return found


def interpret(request: Request, identifier: str) -> Identifier:
    """The identifier as the harvester will read it; one nothing can resolve is a 422 with the reason."""
    from fairgauge.harvest.harvester import resolvers_from
    from fairgauge.identifiers import parse_identifier

    try:
        ident = parse_identifier(identifier, resolvers_from(services(request).settings))
    except IdentifierError as exc:
        raise ApiError(422, "unknown_identifier", str(exc), {"identifier": identifier}) from exc
    if ident.resolvable_url is None:
        raise ApiError(
            422,
            "unknown_identifier",
            f"{identifier.strip()!r} is not an identifier fairgauge can resolve (DOI, Handle, ARK, PURL, w3id, "
            "URN, CURIE, ORCID or http(s) URL)",
            {"identifier": identifier, "scheme": ident.scheme},
        )
    return ident


def identifier_key(ident: Identifier) -> str:
    """What groups the assessments of one object over time, whatever spelling was typed."""
    return ident.normalized if ident.is_persistent else (ident.resolvable_url or ident.normalized)


async def require_token(request: Request) -> None:
    """Write endpoints: when ``api_require_token`` is set, 'Authorization: Bearer <token>' must name an
    active token of the store (only its hash is stored)."""
    if not services(request).settings.api_require_token:
        return
    header = request.headers.get("authorization", "")
    scheme, _, secret = header.partition(" ")
    if scheme.lower() != "bearer" or not secret.strip():
        raise ApiError(401, "unauthorized", "this endpoint needs an API token: 'Authorization: Bearer <token>'")
    if await run_in_threadpool(store(request).tokens.verify, secret.strip()) is None:
        raise ApiError(401, "unauthorized", "the API token is unknown or revoked")


async def require_basic(request: Request) -> None:
    """F-UJI routes: HTTP Basic auth as F-UJI has it, when ``api_basic_auth`` (USER:PASSWORD) is set."""
    expected = services(request).settings.api_basic_auth
    if not expected:
        return
    header = request.headers.get("authorization", "")
    scheme, _, encoded = header.partition(" ")
    given = ""
    if scheme.lower() == "basic":
        try:
            given = base64.b64decode(encoded.strip(), validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            given = ""
    if not given or not secrets.compare_digest(given.encode(), expected.encode()):
        error = ApiError(401, "unauthorized", "HTTP Basic credentials are missing or wrong")
        error.headers = {"WWW-Authenticate": 'Basic realm="fairgauge"'}
        raise error
