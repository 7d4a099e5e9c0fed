"""Batch runs at scale: N distinct objects on a loopback repository with L ms latency per response.

    python bench/batch.py [--objects N ...] [--latency-ms 100] [--concurrency 64] [--workers 0]

A threaded HTTP server in its own process serves N objects (a landing page with schema.org JSON-LD and
Dublin Core, its JSON-LD record and a CSV file: the tests' fixture repository) and waits L ms before
every answer. The run goes through the real batch path (``fairgauge.batch.runner``: the item list in a
SQLite store in a temporary folder, spawned worker processes, every result committed as it arrives).
Prints objects/s, CPU ms per object (this process and its workers; the server's CPU is not counted) and
peak RSS (the parent and the largest worker), for each N. Aim: 60+ objects/s on 2 cores, at most 16 ms
CPU per object, and memory flat from N=1,000 to N=10,000.
"""

from __future__ import annotations

import argparse
import multiprocessing
import resource
import sys
import tempfile
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from common import ROOT

sys.path.insert(0, str(ROOT))

from tests.web.fixture_site import PAGE, _jsonld, title

from fairgauge.batch.engine import EngineOptions
from fairgauge.batch.runner import execute
from fairgauge.settings import Settings
from fairgauge.store import open_store
from fairgauge.store.runs import Runs


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 1024


def _serve(latency: float, ready: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    holder: dict[str, str] = {}

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:
            return

        def do_GET(self) -> None:
            time.sleep(latency)
            base = holder["base"]
            path = self.path.split("?", 1)[0]
            status, kind, body = 404, "text/plain", b"not found"
            if path.startswith("/objects/") and path.endswith(".jsonld"):
                status, kind, body = 200, "application/ld+json", _jsonld(base, int(path[9:-7])).encode()
            elif path.startswith("/objects/") and path[9:].isdigit():
                n = int(path[9:])
                page = PAGE.format(title=title(n), base=base, n=n, jsonld=_jsonld(base, n))
                status, kind, body = 200, "text/html; charset=utf-8", page.encode()
            elif path.startswith("/files/"):
                status, kind, body = 200, "text/csv", b"time,temperature_c\n2020-01-01T00:00,4.1\n"
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        do_HEAD = do_GET

    server = _Server(("127.0.0.1", 0), Handler)
    holder["base"] = f"http://127.0.0.1:{server.server_address[1]}"
    ready.put(holder["base"])
    server.serve_forever()


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _self_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def bench(count: int, base: str, options: EngineOptions, settings: Settings, folder: Path) -> None:
    store = open_store(f"sqlite:///{folder / f'bench-{count}.sqlite'}")
    runs = Runs(store)
    items = [(f"{base}/objects/{n}", f"{base}/objects/{n}") for n in range(count)]
    run = runs.create(
        f"bench-{count}", profile="fsf-0.8", software_version="bench", inputs={}, settings={}, items=items
    )
    cpu, children, wall = _self_cpu(), _children_cpu(), time.perf_counter()
    final = execute(store, run, settings, options, mode="quiet")
    wall = time.perf_counter() - wall
    parent_cpu, workers_cpu = _self_cpu() - cpu, _children_cpu() - children
    cpu = parent_cpu + workers_cpu
    store.close()
    parent_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    worker_rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(
        f"N={count}: {count / wall:.1f} objects/s ({wall:.1f} s wall), CPU {cpu / count * 1000:.1f} ms/object "
        f"(parent + workers, workers' start-up included; parent {parent_cpu / count * 1000:.1f}, "
        f"workers {workers_cpu / count * 1000:.1f}), peak RSS parent {parent_rss:.0f} MB, "
        f"largest worker {worker_rss:.0f} MB; {dict(final.counts)}",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--objects", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--latency-ms", type=float, default=100)
    parser.add_argument("--concurrency", type=int, default=64)
    parser.add_argument("--workers", type=int, default=0)
    args = parser.parse_args()
    ready: multiprocessing.Queue = multiprocessing.Queue()  # type: ignore[type-arg]
    server = multiprocessing.Process(target=_serve, args=(args.latency_ms / 1000, ready), daemon=True)
    server.start()
    base = ready.get(timeout=30)
    settings = Settings(allow_private_network=True, per_host_concurrency=1000)
    options = EngineOptions(
        concurrency=args.concurrency, workers=args.workers, per_host=args.concurrency, per_host_delay=0.0
    )
    print(
        f"latency {args.latency_ms:.0f} ms per response, concurrency {args.concurrency}, "
        f"workers {options.workers or 'one per core'}"
    )
    try:
        with tempfile.TemporaryDirectory() as folder:
            for count in args.objects:
                bench(count, base, options, settings, Path(folder))
    finally:
        server.terminate()
        server.join()


if __name__ == "__main__":
    main()
