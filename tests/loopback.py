"""A real HTTP server on 127.0.0.1 (port 0) for tests: routes map paths to canned or custom answers."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

Handler = Callable[[BaseHTTPRequestHandler], None]


@dataclass
class Reply:
    """A canned answer."""

    status: int = 200
    body: bytes = b""
    headers: list[tuple[str, str]] = field(default_factory=list)
    content_type: str = "text/html; charset=utf-8"


@dataclass
class Served:
    base: str
    requests: list[tuple[str, str, dict[str, str]]] = field(default_factory=list)

    def url(self, path: str) -> str:
        return self.base + path


def _handler_class(routes: dict[str, Reply | Handler], served: Served) -> type[BaseHTTPRequestHandler]:
    class _Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:  # keep test output clean
            return

        def _answer(self) -> None:
            served.requests.append((self.command, self.path, dict(self.headers.items())))
            route = routes.get(self.path) or routes.get(self.path.split("?", 1)[0])
            if route is None:
                route = Reply(404, b"not found", content_type="text/plain")
            if isinstance(route, Reply):
                self.send_response(route.status)
                self.send_header("Content-Type", route.content_type)
                for key, value in route.headers:
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(route.body)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(route.body)
            else:
                route(self)

        do_GET = _answer
        do_HEAD = _answer

    return _Handler


@contextmanager
def serve(routes: dict[str, Reply | Handler], host: str = "127.0.0.1") -> Iterator[Served]:
    """Run a threaded HTTP server on a free loopback port (any 127.x address) for the duration of the block."""
    served = Served(base="")
    server = ThreadingHTTPServer((host, 0), _handler_class(routes, served))
    server.daemon_threads = True
    served.base = f"http://{host}:{server.server_address[1]}"
    # shutdown() waits for the serving loop to notice it, which it does once per poll interval: the default
    # 0.5 s made every served block last half a second longer than its test; 20 ms costs no measurable CPU.
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    try:
        yield served
    finally:
        server.shutdown()
        server.server_close()


def trickle(total_seconds: float, interval: float = 0.1) -> Handler:
    """A handler that sends one byte per ``interval`` for ``total_seconds`` (slow server)."""

    def handle(request: BaseHTTPRequestHandler) -> None:
        request.send_response(200)
        request.send_header("Content-Type", "text/html")
        request.end_headers()
        deadline = time.monotonic() + total_seconds
        try:
            while time.monotonic() < deadline:
                request.wfile.write(b"x")
                request.wfile.flush()
                time.sleep(interval)
        except (BrokenPipeError, ConnectionResetError):
            return

    return handle
