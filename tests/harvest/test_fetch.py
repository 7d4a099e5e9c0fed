"""The fetcher against a real loopback server: redirects, caps, timeouts, statuses, private addresses."""

from __future__ import annotations

import asyncio
import time
from http.server import BaseHTTPRequestHandler

import pytest

from fairgauge.harvest.fetch import Fetched, Fetcher
from fairgauge.harvest.network import is_public_address, live_transport
from fairgauge.settings import Settings
from tests.loopback import Handler, Reply, Served, serve, trickle


def fetch(url: str, settings: Settings, **kwargs: object) -> Fetched:
    async def run() -> Fetched:
        async with Fetcher(settings, live_transport(settings)) as fetcher:
            return await fetcher.fetch(url, purpose="test", **kwargs)  # type: ignore[arg-type]

    return asyncio.run(run())


@pytest.fixture()
def settings() -> Settings:
    return Settings(allow_private_network=True, read_timeout=2, connect_timeout=2, request_deadline=3)


def test_redirect_chain_is_recorded_hop_by_hop(settings: Settings) -> None:
    routes = {
        "/pid": Reply(302, headers=[("Location", "/moved")]),
        "/moved": Reply(301, headers=[("Location", "/landing")]),
        "/landing": Reply(
            200,
            b"<html>hello</html>",
            headers=[("Link", '<https://a>; rel="cite-as"'), ("Link", '<https://b>; rel="author"')],
        ),
    }
    with serve(routes) as server:
        result = fetch(server.url("/pid"), settings, accept="text/html")
    exchange = result.exchange
    assert exchange.ok and result.body == b"<html>hello</html>"
    assert [r.status for r in exchange.redirects] == [302, 301]
    assert exchange.final_url == server.url("/landing")
    assert exchange.accept == "text/html"
    assert exchange.header_values("link") == ['<https://a>; rel="cite-as"', '<https://b>; rel="author"']
    assert exchange.content_type == "text/html" and exchange.size == 18


def test_redirect_loop_is_an_error_not_a_hang(settings: Settings) -> None:
    routes = {"/a": Reply(302, headers=[("Location", "/b")]), "/b": Reply(302, headers=[("Location", "/a")])}
    with serve(routes) as server:
        result = fetch(server.url("/a"), settings)
    assert result.exchange.error_kind == "redirect_loop"
    assert not result.ok and result.body == b""


def test_too_many_redirects(settings: Settings) -> None:
    routes = {f"/r{i}": Reply(302, headers=[("Location", f"/r{i + 1}")]) for i in range(20)}
    with serve(routes) as server:
        result = fetch(server.url("/r0"), settings.model_copy(update={"max_redirects": 3}))
    assert result.exchange.error_kind == "too_many_redirects"
    assert len(result.exchange.redirects) == 4


def test_body_over_the_cap_is_cut_and_reported(settings: Settings) -> None:
    big = b"a" * (5_000_000 + 10)
    with serve({"/big": Reply(200, big, content_type="text/plain")}) as server:
        result = fetch(server.url("/big"), settings)
        sampled = fetch(server.url("/big"), settings, max_bytes=1000, allow_truncation=True)
    assert result.exchange.error_kind == "too_large"
    assert result.exchange.truncated and result.exchange.size == 5_000_000
    assert sampled.ok and len(sampled.body) == 1000 and sampled.exchange.truncated


def test_slow_server_is_cut_at_the_deadline(settings: Settings) -> None:
    fast = settings.model_copy(update={"request_deadline": 1.0, "read_timeout": 0.5})
    with serve({"/slow": trickle(total_seconds=4, interval=0.1)}) as server:
        result = fetch(server.url("/slow"), fast)
    assert result.exchange.error_kind == "timeout"
    assert result.exchange.elapsed_ms < 2500


@pytest.mark.parametrize("status", [404, 410, 500])
def test_error_statuses_are_answers_not_failures(settings: Settings, status: int) -> None:
    with serve({"/x": Reply(status, b"gone")}) as server:
        result = fetch(server.url("/x"), settings)
    assert result.exchange.status == status
    assert result.exchange.error is None and not result.ok


def test_wrong_content_type_is_reported_as_served(settings: Settings) -> None:
    with serve({"/meta": Reply(200, b'{"@context": "https://schema.org/"}', content_type="text/plain")}) as server:
        result = fetch(server.url("/meta"), settings, accept="application/ld+json")
    assert result.ok and result.exchange.content_type == "text/plain"
    assert result.exchange.accept == "application/ld+json"


def test_private_address_refused_by_default() -> None:
    strict = Settings(allow_private_network=False)
    with serve({"/x": Reply(200, b"secret")}) as server:
        result = fetch(server.url("/x"), strict)
    assert result.exchange.error_kind == "refused_private"
    assert "allow_private_network" in (result.exchange.error or "")


def test_host_name_resolving_to_loopback_is_refused() -> None:
    """The check runs on resolved addresses, not on the spelling of the host."""
    with serve({"/x": Reply(200, b"secret")}) as server:
        result = fetch(f"http://localhost:{server.base.rsplit(':', 1)[1]}/x", Settings())
    assert result.exchange.error_kind == "refused_private"


def test_connection_refused_is_a_connect_error(settings: Settings) -> None:
    with serve({}) as server:
        dead = server.base
    result = fetch(dead + "/gone", settings)
    assert result.exchange.error_kind == "connect"


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("8.8.8.8", True),
        ("127.0.0.1", False),
        ("10.1.2.3", False),
        ("192.168.0.1", False),
        ("169.254.169.254", False),
        ("::1", False),
        ("fe80::1", False),
        ("::ffff:127.0.0.1", False),
        ("2001:4860:4860::8888", True),
        ("0.0.0.0", False),
    ],
)
def test_public_address_classification(address: str, public: bool) -> None:
    assert is_public_address(address) is public


def test_same_request_twice_is_fetched_once(settings: Settings) -> None:
    async def run(url: str) -> tuple[Fetched, Fetched, int]:
        async with Fetcher(settings, live_transport(settings)) as fetcher:
            first, second = await asyncio.gather(fetcher.fetch(url, purpose="a"), fetcher.fetch(url, purpose="b"))
            return first, second, len(fetcher.exchanges)

    with serve({"/once": Reply(200, b"x")}) as server:
        first, second, count = asyncio.run(run(server.url("/once")))
        assert len(server.requests) == 1
    assert first is second and count == 1


def _silent(request: object) -> None:
    """Accept the request and never answer (a hung server); the thread is a daemon."""
    time.sleep(3)


def test_a_timeout_says_what_timed_out(settings: Settings) -> None:
    waiting = settings.model_copy(update={"request_deadline": 3.0, "read_timeout": 0.5})
    with serve({"/hung": _silent}) as server:
        result = fetch(server.url("/hung"), waiting)
    error = result.exchange.error or ""
    assert result.exchange.error_kind == "timeout"
    host = server.base.removeprefix("http://")
    assert error.startswith(f"timed out waiting for data from {host} (read_timeout 0.5 s)"), error
    assert server.url("/hung") in error


def test_the_deadline_says_what_it_cut(settings: Settings) -> None:
    fast = settings.model_copy(update={"request_deadline": 1.0, "read_timeout": 0.5})
    with serve({"/slow": trickle(total_seconds=4, interval=0.1)}) as server:
        result = fetch(server.url("/slow"), fast)
    assert (
        result.exchange.error
        == f"timed out: no complete answer from {server.url('/slow')} within 1.0 s (request_deadline)"
    )


def _busy(request: BaseHTTPRequestHandler) -> None:
    """Always "come back later", at once (Retry-After: 0)."""
    request.send_response(429)
    request.send_header("Retry-After", "0")
    request.send_header("Content-Length", "0")
    request.end_headers()


def test_a_callers_deadline_bounds_the_retries_and_their_waits(settings: Settings) -> None:
    """A deadline is absolute: five retries of 0.5 s would take 2.5 s; within a 1.6 s deadline the retry
    whose wait would end after it is not made, the exchange says so, and the host is not given up on."""
    patient = settings.model_copy(update={"retry_attempts": 5, "retry_max_wait": 0.5})

    async def run(server: Served) -> tuple[Fetched, Fetched]:
        async with Fetcher(patient, live_transport(patient)) as fetcher:
            busy = await fetcher.fetch(server.url("/busy"), purpose="render:script", deadline=1.6)
            later = await fetcher.fetch(server.url("/ok"), purpose="test")
            return busy, later

    with serve({"/busy": _busy, "/ok": Reply(200, b"ok")}) as server:
        busy, later = asyncio.run(run(server))
        asked = [path for _, path, _ in server.requests]
    exchange = busy.exchange
    assert exchange.error_kind == "unavailable" and exchange.status == 429
    assert exchange.elapsed_ms < 1600 + 300  # the deadline, plus the event loop's lag on a loaded machine
    assert 1 <= len(exchange.retries) < 5 and all(r.waited == 0.5 for r in exchange.retries)
    assert asked.count("/busy") == len(exchange.retries) + 1
    assert "left of the request's deadline: not retried" in (exchange.error or ""), exchange.error
    assert later.ok and later.body == b"ok"


def test_a_retry_gets_only_what_is_left_of_the_callers_deadline(settings: Settings) -> None:
    """Answered 429 at once and then never: the retry is cut when the caller's 2 s are spent, not 2 s after
    it started (a per-attempt timeout)."""
    quick = settings.model_copy(update={"retry_max_wait": 0.2, "read_timeout": 5, "request_deadline": 5})
    answers = iter([_busy])

    def busy_then_silent(request: BaseHTTPRequestHandler) -> None:
        next(answers, _silent)(request)

    with serve({"/flaky": busy_then_silent}) as server:
        result = fetch(server.url("/flaky"), quick, deadline=2.0)
    exchange = result.exchange
    assert exchange.error_kind == "timeout" and [r.status for r in exchange.retries] == [429]
    assert "(the caller's deadline)" in (exchange.error or ""), exchange.error
    assert exchange.elapsed_ms < 2000 + 300


def test_a_refused_connection_names_the_host(settings: Settings) -> None:
    with serve({}) as server:
        dead = server.base
    result = fetch(dead + "/gone", settings)
    error = result.exchange.error or ""
    assert error.startswith(f"connection to {dead.removeprefix('http://')} failed: ") and not error.endswith(": ")


def test_a_cookie_set_on_a_redirect_is_sent_on_the_next_hop(settings: Settings) -> None:
    """Sites that set a cookie and redirect to check it still answer (the jar skips only responses that
    set no cookie); a response without Set-Cookie leaves the jar as it was."""

    def check(request: BaseHTTPRequestHandler) -> None:
        ok = "visited=1" in (request.headers.get("Cookie") or "")
        body = b"<html>welcome</html>" if ok else b"cookies required"
        request.send_response(200 if ok else 403)
        request.send_header("Content-Type", "text/html")
        request.send_header("Content-Length", str(len(body)))
        request.end_headers()
        request.wfile.write(body)

    routes: dict[str, Reply | Handler] = {
        "/start": Reply(302, headers=[("Location", "/plain")]),
        "/plain": Reply(302, headers=[("Set-Cookie", "visited=1; Path=/"), ("Location", "/check")]),
        "/check": check,
    }
    with serve(routes) as server:
        result = fetch(server.url("/start"), settings)
        sent = [headers.get("Cookie") for _, path, headers in server.requests]
    assert result.ok and result.body == b"<html>welcome</html>"
    assert sent == [None, None, "visited=1"]


def test_a_pid_redirecting_to_a_page_already_asked_shares_its_answer(settings: Settings) -> None:
    """Content negotiation asks the landing page and the PID with one Accept; the PID redirects to the
    landing page: that hop is the same request, sent once. Another Accept is another request; a 503 is
    never shared (each retry asks anew)."""
    busy = {"count": 0}

    def flaky(request: BaseHTTPRequestHandler) -> None:
        busy["count"] += 1
        status = 503 if busy["count"] == 1 else 200
        request.send_response(status)
        request.send_header("Content-Type", "text/turtle")
        request.send_header("Content-Length", "2")
        if status == 503:
            request.send_header("Retry-After", "0")
        request.end_headers()
        request.wfile.write(b"ok")

    routes: dict[str, Reply | Handler] = {
        "/pid": Reply(302, headers=[("Location", "/landing")]),
        "/landing": Reply(200, b"<html>landing</html>"),
        "/pid2": Reply(302, headers=[("Location", "/busy")]),
        "/busy": flaky,
    }

    async def run(server: Served) -> list[Fetched]:
        async with Fetcher(settings, live_transport(settings)) as fetcher:
            landing = await fetcher.fetch(server.url("/landing"), purpose="landing", accept="text/html")
            pid = await fetcher.fetch(server.url("/pid"), purpose="pid", accept="text/html")
            other = await fetcher.fetch(server.url("/pid"), purpose="other", accept="text/turtle")
            first = await fetcher.fetch(server.url("/busy"), purpose="busy", accept="text/turtle")
            again = await fetcher.fetch(server.url("/pid2"), purpose="busy-via-pid", accept="text/turtle")
            return [landing, pid, other, first, again]

    with serve(routes) as server:
        landing, pid, other, first, again = asyncio.run(run(server))
        asked = [path for _, path, _ in server.requests]
    assert asked == ["/landing", "/pid", "/pid", "/landing", "/busy", "/busy", "/pid2"]
    assert pid.ok and pid.body == landing.body == b"<html>landing</html>"
    assert pid.exchange.final_url == server.url("/landing") and [r.status for r in pid.exchange.redirects] == [302]
    assert other.ok and other.exchange.accept == "text/turtle"
    assert first.ok and [r.status for r in first.exchange.retries] == [503]
    assert again.ok and again.body == b"ok" and again.exchange.retries == []


def test_a_shared_hop_cut_by_its_senders_deadline_is_asked_again_by_the_waiter(settings: Settings) -> None:
    """Two requests of one assessment reach the same hop at once (a PID redirecting to the landing page
    while the landing page itself is being asked): the second waits for the first's answer. When the first
    is cut by its own (shorter) deadline, the waiter is not left without an answer: it asks itself."""

    def slow(request: BaseHTTPRequestHandler) -> None:
        time.sleep(0.6)
        try:
            request.send_response(200)
            request.send_header("Content-Type", "text/html")
            request.send_header("Content-Length", "15")
            request.end_headers()
            request.wfile.write(b"<html>ok</html>")
        except OSError:  # the client that gave up has closed the connection
            pass

    routes: dict[str, Reply | Handler] = {"/pid": Reply(302, headers=[("Location", "/landing")]), "/landing": slow}

    async def run(server: Served) -> tuple[Fetched, Fetched]:
        async with Fetcher(settings, live_transport(settings)) as fetcher:
            cut = fetcher.fetch(server.url("/landing"), purpose="landing", accept="text/html", deadline=0.3)
            waiter = fetcher.fetch(server.url("/pid"), purpose="pid", accept="text/html")
            first, second = await asyncio.gather(cut, waiter)
            return first, second

    with serve(routes) as server:
        first, second = asyncio.run(run(server))
        asked = [path for _, path, _ in server.requests]
    assert first.exchange.error_kind == "timeout" and not first.ok
    assert second.ok and second.body == b"<html>ok</html>"
    assert second.exchange.final_url == server.url("/landing")
    assert sorted(asked) == ["/landing", "/landing", "/pid"]


def test_a_long_link_header_is_read_whole(settings: Settings) -> None:
    """Signposting puts every link of a record in one header line; one of ~20 KB (a repository with many
    files) is an answer, not an attack, whatever the HTTP parser's default line limit."""
    links = ", ".join(f'<https://example.org/files/{i:04d}.csv>; rel="item"; type="text/csv"' for i in range(300))
    assert len(links) > 16_000
    with serve({"/landing": Reply(200, b"<html>hi</html>", headers=[("Link", links)])}) as server:
        result = fetch(server.url("/landing"), settings)
    assert result.ok, result.exchange.error
    assert result.exchange.header_values("link") == [links]
