"""Bounded HTTP fetching that keeps every exchange as evidence.

Redirects are followed by hand so each hop is recorded, capped and loop-checked; bodies are read as a
stream and cut at the byte cap, counted in decoded bytes (raw bytes are decoded here with bounded output
per step, so a compression bomb cannot expand past the cap: see :mod:`.decoding`); each request has a
hard deadline (a server trickling bytes cannot hold us past it); requests to one host are limited in
number and spaced by a delay; a 429 or 503 is asked again later (backoff with jitter, ``Retry-After``
honoured, capped by settings) and every retry is kept on the exchange. A caller's deadline (a rendered
page's sub-requests share the page's time budget) is absolute: it bounds every attempt and every wait
together, and a retry whose wait would end after it is not made (the exchange says so).
"""

from __future__ import annotations

import asyncio
import itertools
import random
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from http.cookiejar import CookieJar
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpx
from tenacity import AsyncRetrying, RetryCallState, retry_if_result, wait_exponential, wait_random

from fairgauge.harvest.decoding import ACCEPT_ENCODING, ContentDecodingError, decoder_for
from fairgauge.harvest.warc import NotInArchiveError, WarcRecorder
from fairgauge.model.findings import Finding
from fairgauge.model.http import ErrorKind, Exchange, Redirect, ReplayMatch, RetriedAnswer
from fairgauge.settings import Settings

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
RETRY_STATUSES = frozenset({429, 503})  # "too many requests", "unavailable": both mean come back later


@dataclass(frozen=True)
class Fetched:
    """An exchange and the (decoded, possibly truncated) body of its final response."""

    exchange: Exchange
    body: bytes

    @property
    def ok(self) -> bool:
        return self.exchange.ok

    @property
    def url(self) -> str:
        return self.exchange.final_url or self.exchange.request_url


class _FetchFailed(Exception):
    def __init__(self, kind: ErrorKind, message: str) -> None:
        super().__init__(message)
        self.kind = kind


@dataclass
class _Hop:
    response: httpx.Response
    body: bytes
    truncated: bool
    replay_match: ReplayMatch | None = None


@dataclass
class _Attempt:
    """One try at a request: its hops and, when no usable answer came, why."""

    hop: _Hop | None = None
    redirects: list[Redirect] = field(default_factory=list)
    matches: list[ReplayMatch | None] = field(default_factory=list)
    failure: _FetchFailed | None = None


def _busy(attempt: _Attempt) -> bool:
    """The server answered "come back later"."""
    return attempt.failure is None and attempt.hop is not None and attempt.hop.response.status_code in RETRY_STATUSES


def _retry_after(attempt: _Attempt) -> float | None:
    return retry_after_seconds(attempt.hop.response.headers.get("retry-after")) if attempt.hop else None


def retry_after_seconds(value: str | None, now: datetime | None = None) -> float | None:
    """``Retry-After`` as seconds: delta-seconds or an HTTP date; None when absent or unreadable."""
    if not value or not value.strip():
        return None
    text = value.strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


class _Retrier:
    """Asks again after 429/503: exponential backoff with jitter, never sooner than ``Retry-After``, at
    most ``retry_attempts`` times and never waiting longer than ``retry_max_wait`` once (a server asking
    for more is given up on at once: a batch must not stall on it). With an absolute deadline ``until``
    (monotonic seconds) a retry whose wait would end at or after it is not made either: a per-attempt
    timeout alone would let the waits and attempts add up far past the caller's budget. Replays are never
    retried: an archive answers the same every time. tenacity does the loop; every wait is kept for the
    exchange."""

    def __init__(
        self,
        settings: Settings,
        *,
        replayed: bool,
        pause: Callable[[str, float], None],
        until: float | None = None,
    ) -> None:
        self.attempts = 0 if replayed else settings.retry_attempts
        self.max_wait = settings.retry_max_wait
        self.retries: list[RetriedAnswer] = []
        self.until = until
        self.cut: tuple[float, float] | None = None  # (planned wait, seconds left) when the deadline stopped a retry
        self._plan: tuple[int, float] = (0, 0.0)  # (attempt number, its wait): chosen once, jitter and all
        self._pause = pause
        # 1 s, 2 s, 4 s ... plus up to 1 s of jitter (wait_exponential_jitter's ``initial`` is deprecated in
        # tenacity 9 and warns; these two waits mean the same in every tenacity release)
        self._backoff = wait_exponential(multiplier=min(1.0, self.max_wait), max=self.max_wait) + wait_random(0, 1.0)
        self._url = ""

    async def run(self, attempt: Callable[..., Awaitable[_Attempt]], url: str, *args: Any) -> _Attempt:
        """The first try runs bare: almost every answer is final, and building tenacity's machinery for
        each request cost ~4% of an assessment's CPU. Only a "come back later" enters the retry loop,
        which is handed that first answer as its attempt 1, so waits and stops count exactly as before."""
        self._url = url
        first = await attempt(url, *args)
        if not _busy(first) or self.attempts == 0:
            return first
        answers = iter([first])

        async def again(*call: Any) -> _Attempt:
            return next(answers, None) or await attempt(*call)

        retrying = AsyncRetrying(
            retry=retry_if_result(_busy),
            stop=self._stop,
            wait=self._wait,
            before_sleep=self._record,
            retry_error_callback=lambda state: state.outcome.result() if state.outcome else None,
        )
        result: _Attempt = await retrying(again, url, *args)
        return result

    def _last(self, state: RetryCallState) -> _Attempt:
        assert state.outcome is not None
        attempt: _Attempt = state.outcome.result()
        return attempt

    def _stop(self, state: RetryCallState) -> bool:
        asked = _retry_after(self._last(state))
        if state.attempt_number > self.attempts or (asked is not None and asked > self.max_wait):
            return True
        return self._past_deadline(self._wait(state))

    def _past_deadline(self, wait: float) -> bool:
        """Whether waiting ``wait`` s would leave no time before ``until``; if so the host is still left
        alone for that long (it asked) and the cut is kept for the exchange."""
        if self.until is None:
            return False
        left = self.until - time.monotonic()
        if wait < left:
            return False
        self.cut = (wait, max(left, 0.0))
        self._pause(self._url, wait)
        return True

    def _wait(self, state: RetryCallState) -> float:
        """The wait before the next attempt, chosen once per attempt (stop and wait both ask for it, in an
        order that differs between tenacity releases, and the jitter must not change between the two)."""
        if self._plan[0] != state.attempt_number:
            floor = _retry_after(self._last(state)) or 0.0
            wait = min(
                max(floor + random.uniform(0, min(1.0, floor * 0.1)), self._backoff(state)),
                max(self.max_wait, floor),
            )
            self._plan = (state.attempt_number, wait)
        return self._plan[1]

    def _record(self, state: RetryCallState) -> None:
        last = self._last(state)
        assert last.hop is not None and state.next_action is not None
        waited = round(state.next_action.sleep, 3)
        self.retries.append(
            RetriedAnswer(status=last.hop.response.status_code, retry_after=_retry_after(last), waited=waited)
        )
        self._pause(self._url, waited)

    def gave_up(self, url: str, attempt: _Attempt) -> str:
        """Why a request that kept saying "later" ends without an answer (one line, for the report)."""
        assert attempt.hop is not None
        status = attempt.hop.response.status_code
        asked = _retry_after(attempt)
        host = urlsplit(url).netloc or url
        if self.cut is not None:
            wait, left = self.cut
            return (
                f"{host} answered {status} (after {len(self.retries)} retries); the next retry would wait "
                f"{wait:.1f} s but only {left:.1f} s were left of the request's deadline: not retried"
            )
        if asked is not None and asked > self.max_wait and len(self.retries) < self.attempts:
            return (
                f"{host} answered {status} asking to wait {asked:g} s (Retry-After), more than retry_max_wait "
                f"{self.max_wait:g} s: not retried further"
            )
        return f"{host} answered {status} {len(self.retries) + 1} times (gave up after {len(self.retries)} retries)"


class _HostGate:
    """Limits concurrent requests to one host and spaces their starts."""

    def __init__(self, concurrency: int, delay: float) -> None:
        self._semaphore = asyncio.Semaphore(concurrency)
        self._delay = delay
        self._next_start = 0.0
        self._lock = asyncio.Lock()

    def pause(self, seconds: float) -> None:
        """No request to this host starts before ``seconds`` from now (it asked us to wait)."""
        self._next_start = max(self._next_start, time.monotonic() + seconds)

    async def __aenter__(self) -> None:
        await self._semaphore.acquire()
        if self._delay or self._next_start > time.monotonic():
            async with self._lock:
                wait = self._next_start - time.monotonic()
                if wait > 0:
                    await asyncio.sleep(wait)
                self._next_start = max(self._next_start, time.monotonic() + self._delay)

    async def __aexit__(self, *exc: object) -> None:
        self._semaphore.release()


_SET_COOKIE = ("set-cookie", "set-cookie2")


class Fetcher:
    """The harvester's only way to the network (or to the archives standing in for it)."""

    def __init__(
        self,
        settings: Settings,
        transport: httpx.AsyncBaseTransport,
        *,
        replayed: bool = False,
        recorder: WarcRecorder | None = None,
        owns_transport: bool = True,
    ) -> None:
        """``owns_transport=False`` lets many fetchers (one per object in a batch) share one connection
        pool; the caller then closes the transport."""
        self._transport = transport
        # what httpx's client would add to every request, built once as the bytes httpx sends (the recorded
        # requests are unchanged)
        defaults = httpx.Headers({"Accept": "*/*", "Connection": "keep-alive"})
        defaults.update({"User-Agent": settings.user_agent, "Accept-Encoding": ACCEPT_ENCODING})
        self._headers: list[tuple[bytes, bytes]] = defaults.raw
        self._timeout = httpx.Timeout(settings.read_timeout, connect=settings.connect_timeout).as_dict()
        self._cookies = httpx.Cookies(CookieJar())  # one assessment's jar: a site may set one and redirect
        self._settings = settings
        self._owns_transport = owns_transport
        self._replayed = replayed
        self._recorder = recorder
        self._ids = itertools.count(1)
        self._gates: dict[str, _HostGate] = {}
        self._unavailable: dict[str, str] = {}  # host -> why it is not asked again (429/503 after the retries)
        self._requests: dict[tuple[str, str, str | None, str | None], asyncio.Future[Fetched]] = {}
        self._hops: dict[tuple[str, str, int, tuple[tuple[str, str], ...]], asyncio.Future[_Hop]] = {}
        self._urls: dict[str, httpx.URL] = {}  # parsed once per assessment: see _request
        self.exchanges: list[Exchange] = []
        self.findings: list[Finding] = []  # about the fetcher itself (e.g. a truncated replay archive)

    async def aclose(self) -> None:
        if self._owns_transport:
            await self._transport.aclose()
        if self._recorder is not None:
            self._recorder.close()

    async def __aenter__(self) -> Fetcher:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def fetch(
        self,
        url: str,
        *,
        purpose: str,
        accept: str | None = None,
        method: str = "GET",
        headers: Mapping[str, str] | None = None,
        max_bytes: int | None = None,
        allow_truncation: bool = False,
        deadline: float | None = None,
    ) -> Fetched:
        """Fetch ``url`` following redirects. Never raises for network trouble: the exchange says what
        went wrong. The same request made twice in one harvest is answered from memory. ``deadline`` (seconds
        from now) is absolute: every attempt, retry and wait of this request ends within it (a rendered
        page's sub-requests share the page's time budget); each attempt is still held to ``request_deadline``."""
        key = (method.upper(), url, accept, (headers or {}).get("Range"))
        if key not in self._requests:  # one task per distinct request: later callers share its answer
            until = time.monotonic() + deadline if deadline else None
            self._requests[key] = asyncio.ensure_future(
                self._fetch(
                    url,
                    purpose,
                    accept,
                    method.upper(),
                    headers,
                    max_bytes,
                    allow_truncation,
                    self._settings.request_deadline,
                    until,
                )
            )
        return await self._requests[key]

    async def _fetch(
        self,
        url: str,
        purpose: str,
        accept: str | None,
        method: str,
        headers: Mapping[str, str] | None,
        max_bytes: int | None,
        allow_truncation: bool,
        deadline: float,
        until: float | None = None,
    ) -> Fetched:
        """One request, asked again (politely) while the server answers 429/503; see :class:`_Retrier`.
        ``deadline`` bounds each attempt; ``until`` (monotonic), when given, bounds them all and the waits."""
        started = time.perf_counter()
        host = _host(url)
        if host in self._unavailable:  # it kept saying "later": not asked again by this assessment
            failed = _Attempt(failure=_FetchFailed("unavailable", f"not asked: {self._unavailable[host]}"))
            return self._done(url, purpose, accept, method, started, failed, [])
        request_headers = {**(headers or {}), **({"Accept": accept} if accept else {})}
        limit = max_bytes or self._settings.max_response_bytes
        retrier = _Retrier(self._settings, replayed=self._replayed, pause=self._pause_host, until=until)
        attempt = await retrier.run(
            self._attempt, url, method, request_headers, limit, allow_truncation, deadline, until
        )
        if attempt.failure is None and _busy(attempt):
            reason = retrier.gave_up(url, attempt)
            attempt.failure = _FetchFailed("unavailable", reason)
            # cut by this caller's deadline, the host was not given up on: other requests may still ask it
            if not self._replayed and retrier.cut is None:
                self._unavailable.setdefault(host, reason)
        return self._done(url, purpose, accept, method, started, attempt, retrier.retries)

    async def _attempt(
        self,
        url: str,
        method: str,
        request_headers: Mapping[str, str],
        limit: int,
        allow_truncation: bool,
        deadline: float,
        until: float | None = None,
    ) -> _Attempt:
        attempt = _Attempt()
        current = url
        budget, bound = deadline, "request_deadline"
        if until is not None and until - time.monotonic() < deadline:  # what is left of the caller's deadline
            budget, bound = round(max(until - time.monotonic(), 0.0), 3), "the caller's deadline"
        try:
            async with asyncio.timeout(budget):
                while True:
                    attempt.hop = await self._one_hop(method, current, request_headers, limit)
                    attempt.matches.append(attempt.hop.replay_match)
                    location = attempt.hop.response.headers.get("location")
                    if attempt.hop.response.status_code not in REDIRECT_STATUSES or not location:
                        break
                    target = urljoin(current, location.strip())
                    attempt.redirects.append(
                        Redirect(url=current, status=attempt.hop.response.status_code, location=target)
                    )
                    _check_redirect(url, attempt.redirects, target, self._settings.max_redirects)
                    current = target
            if attempt.hop.truncated and not allow_truncation:
                raise _FetchFailed("too_large", f"response body exceeds the {limit} byte limit")
        except TimeoutError:
            attempt.failure = _FetchFailed(
                "timeout", f"timed out: no complete answer from {current} within {budget} s ({bound})"
            )
        except _FetchFailed as exc:
            attempt.failure = exc
        except Exception as exc:  # transport errors of every kind become evidence, not crashes
            attempt.failure = _classify(exc, current, self._settings)
        return attempt

    def _pause_host(self, url: str, seconds: float) -> None:
        """A host that asked us to wait is not asked anything else by this fetcher meanwhile."""
        self._gate(_host(url)).pause(seconds)

    def _gate(self, host: str) -> _HostGate:
        return self._gates.setdefault(
            host, _HostGate(self._settings.per_host_concurrency, self._settings.per_host_delay)
        )

    async def _one_hop(self, method: str, url: str, headers: Mapping[str, str], limit: int) -> _Hop:
        """One request and its capped body. A hop asked again by this assessment (a PID redirecting to the
        landing page with the Accept header the landing page was already asked with) shares the first
        answer: same request, same answer, one trip. Not shared: "come back later" answers (each retry
        asks anew) and hops that did not finish (the waiter then asks itself).

        The first asker sends the hop itself and hands its outcome to a plain future the others wait on:
        a task per hop (~12 per assessment) cost a task and an event-loop turn each. Waiters shield the
        future, so only the sender's own cancellation (its deadline) cancels it, as it cancelled the task."""
        key = (method, url, limit, tuple(sorted((k.lower(), v) for k, v in headers.items())))
        shared = self._hops.get(key)
        if shared is not None:
            try:
                hop = await asyncio.shield(shared)
            except asyncio.CancelledError:
                if not shared.cancelled():  # this request itself is being cancelled (its deadline)
                    raise
            else:
                if hop.response.status_code not in RETRY_STATUSES:
                    return hop
        outcome: asyncio.Future[_Hop] = asyncio.get_running_loop().create_future()
        self._hops[key] = outcome
        try:
            hop = await self._send(method, url, headers, limit)
        except asyncio.CancelledError:
            outcome.cancel()
            raise
        except Exception as exc:
            outcome.set_exception(exc)
            outcome.exception()  # the sender raises it itself: no "exception was never retrieved" warning
            raise
        outcome.set_result(hop)
        return hop

    async def _send(self, method: str, url: str, headers: Mapping[str, str], limit: int) -> _Hop:
        async with self._gate((urlsplit(url).hostname or "").lower()):
            request = self._request(method, url, headers)
            response = await self._transport.handle_async_request(request)
            response.request = request
            try:
                if any(k in response.headers for k in _SET_COOKIE):
                    self._cookies.extract_cookies(response)
                body, truncated = await _read_capped(response, limit)
            finally:
                await response.aclose()
        if self._recorder is not None:
            self._recorder.record(request, response, body)
        return _Hop(response, body, truncated, response.extensions.get("replay_match"))

    def _request(self, method: str, url: str, headers: Mapping[str, str]) -> httpx.Request:
        """The request httpx's client would build (same headers in the same order, the jar's cookies, the
        timeouts), made here: the client's machinery around the transport (merging defaults per request,
        event hooks, auth and redirect loops we do not use, handing every response to the jar) cost more
        CPU than the transport's own work. Redirects, caps and deadlines are this module's anyway.

        An assessment asks the same URL ~3 times (Accept variants, retries, cite-as and metadata PIDs
        landing on the same page): httpx validates a URL string character by character (~25 us), while a
        request from a parsed URL copies it (~2 us), so each URL is parsed once per fetcher. The headers
        go in as the final bytes (see :func:`_request_headers`), so httpx does not merge, re-encode and
        rebuild them three times per request."""
        parsed = self._urls.get(url)
        if parsed is None:  # an invalid URL raises here as it did in httpx.Request, and is not kept
            parsed = self._urls[url] = httpx.URL(url)
        request = httpx.Request(
            method,
            parsed,
            headers=_request_headers(method, parsed, self._headers, headers),
            stream=httpx.ByteStream(b""),
            extensions={"timeout": self._timeout},
        )
        request.read()  # as httpx reads an empty body at once: ``request.content`` is b""
        if self._cookies.jar:  # an empty jar adds nothing: skip building urllib's request view
            self._cookies.set_cookie_header(request)
        return request

    def _done(
        self,
        url: str,
        purpose: str,
        accept: str | None,
        method: str,
        started: float,
        attempt: _Attempt,
        retries: list[RetriedAnswer],
    ) -> Fetched:
        hop, failure = attempt.hop, attempt.failure
        response = hop.response if hop else None
        content_type = response.headers.get("content-type") if response is not None else None
        exchange = Exchange(
            id=next(self._ids),
            purpose=purpose,
            method=method,
            request_url=url,
            accept=accept,
            final_url=str(response.request.url) if response is not None else None,
            redirects=attempt.redirects,
            status=response.status_code if response is not None else None,
            headers=list(response.headers.multi_items()) if response is not None else [],
            content_type=content_type.split(";", 1)[0].strip().lower() if content_type else None,
            size=len(hop.body) if hop else None,
            truncated=hop.truncated if hop else False,
            elapsed_ms=round((time.perf_counter() - started) * 1000, 2),
            replayed=self._replayed,
            replay_match=_overall_match(attempt.matches) if self._replayed else None,
            error=str(failure) if failure else None,
            error_kind=failure.kind if failure else None,
            retries=retries,
        )
        self.exchanges.append(exchange)
        return Fetched(exchange, hop.body if hop and failure is None else b"")


def _request_headers(
    method: str, url: httpx.URL, defaults: list[tuple[bytes, bytes]], given: Mapping[str, str]
) -> list[tuple[bytes, bytes]]:
    """The header bytes ``httpx.Request(method, url, headers=Headers(defaults).update(given))`` sends, in
    its order: ``Host`` (and ``Content-Length: 0`` for a body-less POST, PUT or PATCH) first, then the
    defaults less the names ``given`` (in any case), then ``given``. Names and values are ASCII, as httpx
    encodes them (UnicodeEncodeError otherwise, as there)."""
    raw = defaults
    if given:
        extra = [(key.encode("ascii"), value.encode("ascii")) for key, value in given.items()]
        names = {key.lower() for key, _ in extra}
        raw = [item for item in defaults if item[0].lower() not in names] + extra
    present = {key.lower() for key, _ in raw}
    auto: list[tuple[bytes, bytes]] = []
    if b"host" not in present and url.host:
        auto.append((b"Host", url.netloc))
    if method in ("POST", "PUT", "PATCH") and not present & {b"content-length", b"transfer-encoding"}:
        auto.append((b"Content-Length", b"0"))
    return auto + raw


def _host(url: str) -> str:
    """The host of a URL, or "" for a malformed one (it fails later, as evidence, in the request)."""
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


def _overall_match(matches: list[ReplayMatch | None]) -> ReplayMatch | None:
    """A redirect chain is only as exact as its least exact hop."""
    if "fuzzy" in matches:
        return "fuzzy"
    return "exact" if "exact" in matches else None


async def _read_capped(response: httpx.Response, limit: int) -> tuple[bytes, bool]:
    """Read at most ``limit`` decoded bytes (and at most as many raw ones); say whether more was there.

    The raw stream is decoded here, never by httpx: each step asks the decoder for no more than the bytes
    still allowed, so memory stays within the cap whatever the compression ratio.
    """
    try:
        decoder = decoder_for(response.headers.get_list("content-encoding"))
    except ContentDecodingError as exc:
        raise _FetchFailed("content_coding", str(exc)) from exc
    chunks: list[bytes] = []
    total = raw_total = 0
    async for raw in _raw_chunks(response):
        raw_total += len(raw)
        out = decoder.decode(raw, limit - total + 1)
        while True:
            chunks.append(out)
            total += len(out)
            if total > limit:
                return b"".join(chunks)[:limit], True
            if decoder.needs_input:
                break
            out = decoder.decode(b"", limit - total + 1)
        if raw_total > limit:  # compressed bytes that decode to little still cost the transfer
            return b"".join(chunks), True
    return b"".join(chunks), False


async def _raw_chunks(response: httpx.Response) -> AsyncIterator[bytes]:
    """The undecoded body; a response built in memory (archive replay) hands over its bytes whole."""
    if response.is_stream_consumed:
        yield response.content
        return
    async for raw in response.aiter_raw():
        yield raw


def _check_redirect(origin: str, redirects: list[Redirect], target: str, max_redirects: int) -> None:
    if len(redirects) > max_redirects:
        raise _FetchFailed("too_many_redirects", f"more than {max_redirects} redirects from {origin}")
    visited = {origin, *(r.url for r in redirects)}
    if target in visited:
        raise _FetchFailed("redirect_loop", f"redirect loop: {target} was already visited")
    if urlsplit(target).scheme not in {"http", "https"}:
        raise _FetchFailed("invalid_url", f"redirect to a non-HTTP URL: {target}")


def _reason(exc: BaseException) -> str:
    """An exception's message, or its kind when it has none (httpx timeouts often have none)."""
    return str(exc).strip() or type(exc).__name__


def _timeout_text(exc: httpx.TimeoutException, url: str, settings: Settings) -> str:
    """Say what timed out: connecting, waiting for data, sending, or waiting for a pooled connection."""
    host = urlsplit(url).netloc or url
    if isinstance(exc, httpx.ConnectTimeout):
        what = f"connecting to {host} (connect_timeout {settings.connect_timeout} s)"
    elif isinstance(exc, httpx.ReadTimeout):
        what = f"waiting for data from {host} (read_timeout {settings.read_timeout} s)"
    elif isinstance(exc, httpx.WriteTimeout):
        what = f"sending the request to {host}"
    elif isinstance(exc, httpx.PoolTimeout):
        what = f"waiting for a free connection to {host}"
    else:
        what = f"talking to {host}"
    detail = str(exc).strip()
    return f"timed out {what} for {url}" + (f": {detail}" if detail else "")


def _classify(exc: Exception, url: str, settings: Settings) -> _FetchFailed:
    if isinstance(exc, NotInArchiveError):
        return _FetchFailed("not_in_archive", str(exc))
    if isinstance(exc, ContentDecodingError):
        return _FetchFailed("content_coding", f"undecodable body: {exc}")
    from fairgauge.harvest.network import PrivateAddressError  # lazily: replays never load aiohttp

    if isinstance(exc, PrivateAddressError):
        return _FetchFailed("refused_private", str(exc))
    if isinstance(exc, httpx.TimeoutException):
        return _FetchFailed("timeout", _timeout_text(exc, url, settings))
    if isinstance(exc, httpx.InvalidURL | httpx.UnsupportedProtocol):
        return _FetchFailed("invalid_url", f"invalid URL: {_reason(exc)}")
    if isinstance(exc, httpx.ConnectError | httpx.NetworkError):
        return _FetchFailed("connect", f"connection to {urlsplit(url).netloc or url} failed: {_reason(exc)}")
    if isinstance(exc, httpx.HTTPError):
        return _FetchFailed("protocol", f"HTTP protocol error from {url}: {_reason(exc)}")
    if isinstance(exc, ValueError | UnicodeError):
        return _FetchFailed("invalid_url", f"invalid request: {exc}")
    raise exc
