"""ASGI middleware of the API: body size cap, per-client rate limit, and a last-resort error catcher.

All three answer in the error envelope. The catcher sits inside Starlette's ServerErrorMiddleware and
does not re-raise: an unexpected error becomes a complete 500 response and the keep-alive connection
stays usable (re-raising makes the server drop the connection after the answer).
"""

from __future__ import annotations

import json
import logging
import math
import time
from collections import deque
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from starlette.exceptions import HTTPException

from fairgauge.web.envelope import error_body

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

log = logging.getLogger("fairgauge.web")


async def send_error(
    send: Send, status: int, code: str, message: str, details: Any = None, headers: dict[str, str] | None = None
) -> None:
    body = json.dumps(error_body(code, message, details)).encode("utf-8")
    raw = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    raw += [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()]
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": body})


class BodyTooLarge(HTTPException):
    """A request body passed the cap while being read (chunked uploads have no Content-Length). An
    HTTPException so that FastAPI's body parsing passes it on instead of calling it a bad body (400)."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"the request body is larger than {limit} bytes")
        self.limit = limit


class BodyLimitMiddleware:
    """413 for bodies over ``limit`` bytes: at once from Content-Length, else while reading."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            await send_error(
                send,
                413,
                "body_too_large",
                f"the request body is larger than {self.limit} bytes",
                {"limit": self.limit},
            )
            return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise BodyTooLarge(self.limit)
            return message

        await self.app(scope, counted, send)


class RateLimitMiddleware:
    """At most ``per_minute`` API requests per client address in any 60 s window (429 + Retry-After).

    State lives in this instance (one per app), not in the module."""

    WINDOW = 60.0

    def __init__(
        self, app: ASGIApp, per_minute: int, prefixes: tuple[str, ...] = ("/api/", "/fuji/", "/assess", "/tracks")
    ) -> None:
        self.app = app
        self.per_minute = per_minute
        self.prefixes = prefixes
        self._hits: dict[str, deque[float]] = {}

    def _client(self, scope: Scope) -> str:
        client = scope.get("client")
        return str(client[0]) if client else "unknown"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not self.per_minute or not str(scope["path"]).startswith(self.prefixes):
            await self.app(scope, receive, send)
            return
        now = time.monotonic()
        hits = self._hits.setdefault(self._client(scope), deque())
        while hits and now - hits[0] >= self.WINDOW:
            hits.popleft()
        if len(hits) >= self.per_minute:
            retry = max(1, math.ceil(self.WINDOW - (now - hits[0])))
            await send_error(
                send,
                429,
                "rate_limited",
                f"more than {self.per_minute} requests in a minute from this client",
                {"retry_after": retry},
                {"Retry-After": str(retry)},
            )
            return
        hits.append(now)
        if len(self._hits) > 10_000:  # forget idle clients so the table stays bounded
            for key in [k for k, v in self._hits.items() if not v or now - v[-1] >= self.WINDOW]:
                del self._hits[key]
        await self.app(scope, receive, send)


class CatchAllMiddleware:
    """Turns any exception that escaped the routes into a 500 envelope without re-raising."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, tracking)
        except BodyTooLarge as exc:
            if not started:
                await send_error(send, 413, "body_too_large", str(exc.detail), {"limit": exc.limit})
        except Exception as exc:
            log.exception("unexpected error on %s %s", scope.get("method"), scope.get("path"))
            if not started:
                await send_error(send, 500, "internal_error", f"unexpected error: {type(exc).__name__}")
