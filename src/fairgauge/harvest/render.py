"""Render a landing page in headless chromium with every request answered by fairgauge's own fetcher.

The browser never touches the network itself. Each request it makes is intercepted (Playwright routing)
and fulfilled by the guarded :class:`~fairgauge.harvest.fetch.Fetcher`, so the private-network guard,
the size and time caps and ``--record``/``--replay`` apply to sub-requests exactly as to the harvester's
own requests: a recorded archive re-renders offline. Images, fonts and media are not fetched (they carry no
metadata). Belt and braces: chromium is started with its background services off, a dead proxy on the
loopback port 9 for anything that might slip past interception, and name resolution disabled.

Playwright is an optional dependency (``fairgauge[render]``); chromium comes from the system
(``apt-get install chromium``), never from ``playwright install``.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import importlib.util
import os
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from fairgauge.harvest.fetch import Fetched, Fetcher
from fairgauge.harvest.warc import normalize_url
from fairgauge.model.findings import Finding, finding
from fairgauge.model.rendering import Screenshot, ScreenshotType
from fairgauge.settings import Settings

CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-default-apps",
    "--disable-domain-reliability",
    "--disable-client-side-phishing-detection",
    "--no-pings",
    "--dns-prefetch-disable",
    "--metrics-recording-only",
    # Whatever escapes interception goes to a closed loopback port and fails; loopback is not bypassed.
    "--proxy-server=http://127.0.0.1:9",
    "--proxy-bypass-list=<-loopback>",
    "--host-resolver-rules=MAP * ~NOTFOUND",
    "--force-webrtc-ip-handling-policy=disable_non_proxied_udp",
)
SKIPPED_RESOURCES = frozenset({"image", "font", "media"})
_HOP_HEADERS = frozenset({"content-encoding", "content-length", "transfer-encoding", "connection", "keep-alive"})
_ABORT_REASON = {
    "refused_private": "addressunreachable",
    "timeout": "timedout",
    "not_in_archive": "internetdisconnected",
}
VIEWPORT = {"width": 1024, "height": 768}
INSTALL_HINT = (
    "install the extra (pip install 'fairgauge[render]') and chromium (apt-get install chromium), "
    "or point render_chromium_path at a chromium executable"
)


class RenderUnavailableError(Exception):
    """No browser to render with (Playwright not installed or chromium missing)."""


class RenderFailedError(Exception):
    """The browser could not start or could not load the page."""


@dataclass
class RenderedPage:
    """The DOM after scripts ran, and what it took to get there."""

    html: str
    url: str
    browser: str
    elapsed_ms: float
    timed_out: bool
    screenshot: Screenshot | None
    sub_requests: int
    skipped_resources: int
    capped_requests: int
    exchange_ids: list[int]
    findings: list[Finding]


def unavailable_reason(settings: Settings) -> str | None:
    """Why rendering cannot happen here, or None when a browser is available."""
    if importlib.util.find_spec("playwright") is None:
        return f"the Python package playwright is not installed: {INSTALL_HINT}"
    path = Path(settings.render_chromium_path)
    if not (path.is_file() and os.access(path, os.X_OK)):
        return f"no chromium executable at {path}: {INSTALL_HINT}"
    return None


@dataclass
class _Interceptor:
    """Answers the browser's requests through the fetcher, within the page's budget and request cap."""

    fetcher: Fetcher
    settings: Settings
    document: Fetched
    deadline: float
    sub_requests: int = 0
    skipped: int = 0
    capped: int = 0
    exchange_ids: list[int] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    pending: set[asyncio.Task[Any]] = field(default_factory=set)

    async def handle(self, route: Any, request: Any) -> None:
        task = asyncio.current_task()
        if task is not None:
            self.pending.add(task)
        try:
            await self._answer(route, request)
        except Exception:  # an unexpected failure must not leave the browser waiting for an answer
            with contextlib.suppress(Exception):  # the page may be closed or the route answered already
                await route.abort("failed")
        finally:
            if task is not None:
                self.pending.discard(task)

    async def _answer(self, route: Any, request: Any) -> None:
        url: str = request.url
        if request.resource_type in SKIPPED_RESOURCES:
            self.skipped += 1
            await route.abort("blockedbyclient")
        elif (
            request.is_navigation_request()
            and normalize_url(url) == normalize_url(self.document.url)
            and request.method in {"GET", "HEAD"}
        ):
            await _fulfil(route, self.document)  # the landing page itself: already fetched, not again
        elif urlsplit(url).scheme not in {"http", "https"} or request.method not in {"GET", "HEAD"}:
            self._note("render.request_not_made", f"the page's {request.method} {_short(url)} was not made", url)
            await route.abort("blockedbyclient")
        elif self.sub_requests >= self.settings.render_max_requests:
            self.capped += 1
            await route.abort("blockedbyclient")
        else:
            self.sub_requests += 1
            await self._fetch(route, request)

    async def _fetch(self, route: Any, request: Any) -> None:
        """What is left of the page's budget is the sub-request's absolute deadline: its attempts and the
        waits between them (a 429/503 with Retry-After) all end within it, so the page is not held past it."""
        remaining = max(self.deadline - time.monotonic(), 0.05)
        fetched = await self.fetcher.fetch(
            request.url,
            purpose=f"render:{request.resource_type}",
            accept=request.headers.get("accept"),
            method=request.method,
            deadline=remaining,
        )
        exchange = fetched.exchange
        self.exchange_ids.append(exchange.id)
        if exchange.error is None:
            await _fulfil(route, fetched)
            return
        if exchange.error_kind == "refused_private":
            message = f"the page's script asked for {_short(request.url)}, which the network guard refused"
            self.findings.append(finding("render.request_refused", "warning", message, url=request.url))
        else:
            self._note(
                "render.request_failed", f"sub-request {_short(request.url)} failed: {exchange.error}", request.url
            )
        await route.abort(_ABORT_REASON.get(exchange.error_kind or "", "failed"))

    def _note(self, code: str, message: str, url: str) -> None:
        self.findings.append(finding(code, "info", message, url=url))


async def _fulfil(route: Any, fetched: Fetched) -> None:
    headers: dict[str, str] = {}
    for key, value in fetched.exchange.headers:
        lower = key.lower()
        if lower not in _HOP_HEADERS:
            headers[lower] = f"{headers[lower]}, {value}" if lower in headers else value
    await route.fulfill(status=fetched.exchange.status or 200, headers=headers, body=fetched.body)


def _short(url: str, limit: int = 120) -> str:
    return url if len(url) <= limit else url[: limit - 1] + "…"


async def render_page(document: Fetched, fetcher: Fetcher, settings: Settings) -> RenderedPage:
    """Load ``document`` (the fetched landing page) in chromium and return the DOM once the page settles or
    the time budget runs out (then the DOM as it is, with ``timed_out``). Raises RenderUnavailableError or
    RenderFailedError; sub-request trouble is findings, not exceptions."""
    reason = unavailable_reason(settings)
    if reason:
        raise RenderUnavailableError(reason)
    from playwright.async_api import Error as PlaywrightError
    from playwright.async_api import async_playwright

    # the page's budget starts once chromium is up: its start-up is the machine's cost, not the page's
    # (on a loaded machine it took seconds and left a slow page's sub-requests no time)
    interceptor = _Interceptor(fetcher, settings, document, time.monotonic() + settings.render_time_budget)
    try:
        async with async_playwright() as playwright:
            with tempfile.TemporaryDirectory(prefix="fairgauge-chromium-") as profile:
                context = await playwright.chromium.launch_persistent_context(
                    profile,
                    executable_path=str(settings.render_chromium_path),
                    headless=True,
                    args=list(CHROMIUM_FLAGS),
                    service_workers="block",
                    viewport=VIEWPORT,  # type: ignore[arg-type]
                    user_agent=settings.user_agent,
                    accept_downloads=False,
                )
                started = time.monotonic()
                interceptor.deadline = started + settings.render_time_budget
                try:
                    return await _load(context, interceptor, document, settings, started)
                finally:
                    await _settle(interceptor)
                    with contextlib.suppress(PlaywrightError):
                        await context.close()
    except PlaywrightError as exc:
        raise RenderFailedError(f"chromium could not render {document.url}: {_first_line(exc)}") from exc


async def _load(
    context: Any, interceptor: _Interceptor, document: Fetched, settings: Settings, started: float
) -> RenderedPage:
    from playwright.async_api import Error as PlaywrightError

    await context.route("**/*", interceptor.handle)
    page = context.pages[0] if context.pages else await context.new_page()
    timed_out = False
    try:
        budget_ms = settings.render_time_budget * 1000
        await page.goto(document.url, wait_until="load", timeout=budget_ms)
        remaining = interceptor.deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError
        await page.wait_for_load_state("networkidle", timeout=remaining * 1000)
    except (TimeoutError, PlaywrightError) as exc:
        if not _is_timeout(exc):
            raise
        timed_out = True
    html = await _dom(page)
    screenshot = await _screenshot(page, settings.render_screenshot_max_bytes)
    findings = list(interceptor.findings)
    if timed_out:
        findings.append(
            finding(
                "render.time_budget",
                "warning",
                f"the page had not finished loading after {settings.render_time_budget:g} s; "
                "its DOM was read as it was then",
                url=document.url,
            )
        )
    if interceptor.capped:
        findings.append(
            finding(
                "render.request_cap",
                "warning",
                f"the page asked for more than {settings.render_max_requests} resources; "
                f"{interceptor.capped} request(s) were not made",
                url=document.url,
            )
        )
    return RenderedPage(
        html=html,
        url=page.url or document.url,
        browser=f"chromium {context.browser.version if context.browser else ''}".strip(),
        elapsed_ms=round((time.monotonic() - started) * 1000, 1),
        timed_out=timed_out,
        screenshot=screenshot,
        sub_requests=interceptor.sub_requests,
        skipped_resources=interceptor.skipped,
        capped_requests=interceptor.capped,
        exchange_ids=list(interceptor.exchange_ids),
        findings=findings,
    )


def _is_timeout(exc: BaseException) -> bool:
    from playwright.async_api import TimeoutError as PlaywrightTimeout

    return isinstance(exc, TimeoutError | PlaywrightTimeout)


async def _dom(page: Any) -> str:
    """The serialised DOM; while a navigation is still running ``content()`` refuses, the script way works."""
    from playwright.async_api import Error as PlaywrightError

    try:
        html: str = await page.content()
    except PlaywrightError:
        html = await page.evaluate("() => document.documentElement ? document.documentElement.outerHTML : ''")
    return html


async def _screenshot(page: Any, max_bytes: int) -> Screenshot | None:
    """A viewport PNG, or a JPEG when the PNG is over the cap; nothing when even that is too large."""
    if max_bytes <= 0:
        return None
    from playwright.async_api import Error as PlaywrightError

    shots: list[tuple[ScreenshotType, Callable[[], Any]]] = [
        ("image/png", lambda: page.screenshot(type="png", timeout=5000, animations="disabled")),
        ("image/jpeg", lambda: page.screenshot(type="jpeg", quality=60, timeout=5000, animations="disabled")),
    ]
    for media_type, take in shots:
        try:
            data: bytes = await take()
        except PlaywrightError:
            return None
        encoded = base64.b64encode(data).decode("ascii")
        if len(encoded) <= max_bytes:
            return Screenshot(
                media_type=media_type,
                width=VIEWPORT["width"],
                height=VIEWPORT["height"],
                data=encoded,
            )
    return None


async def _settle(interceptor: _Interceptor) -> None:
    """Let sub-requests still in flight end (their fetch deadline is the page's budget), so each leaves its
    exchange as evidence before the browser closes."""
    if interceptor.pending:
        grace = max(interceptor.deadline - time.monotonic(), 0) + 1.0
        await asyncio.wait(set(interceptor.pending), timeout=grace)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__
