"""The service under load: CPU per assessment inside the server, its peak RSS, and requests per second
at 1, 10 and 50 concurrent clients.

    python bench/service.py [--requests N] [--latency-ms L] [--clients 1,10,50] [--database-url URL] [--keep]

The corpus (landing-page captures and A2A cases) is served by a loopback server in its own process with
L ms latency per response (URLs rewritten onto it, resolvers pointed at it: see bench/harvest.py). The
fairgauge service (``create_app`` under uvicorn as ``fairgauge serve`` runs it, one shared HTTP client,
a SQLite store in a temporary folder, removed at the end unless --keep, or --database-url) runs in a
second process; clients post F-UJI ``/evaluate`` requests (each assessment is run and stored before the
answer). Server CPU comes from the server process's own clock, so neither the clients nor the corpus server
count. Aim: at most 16 ms CPU per assessment.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib.util
import multiprocessing
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
import psutil
from common import corpus_objects

from harvest import _local, _serve


def _serve_api(overrides: dict[str, Any], database_url: str, ready: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    """The server as ``fairgauge serve`` runs it: ``uvicorn.Server.run`` (what ``uvicorn.run`` calls) picks
    the event loop and HTTP parser (uvloop and httptools when installed); a thread reports the port."""
    import threading

    import uvicorn

    from fairgauge.compose import build_services
    from fairgauge.settings import Settings
    from fairgauge.web.app import create_app

    services = build_services(Settings(**overrides), database_url=database_url)
    app = create_app(services=services)
    services.settle()  # as ``fairgauge serve`` does
    config = uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning")
    server = uvicorn.Server(config)

    def report_port() -> None:
        while not server.started:
            time.sleep(0.01)
        ready.put(server.servers[0].sockets[0].getsockname()[1])

    threading.Thread(target=report_port, daemon=True).start()
    server.run()


async def _load(base: str, identifiers: list[str], clients: int) -> tuple[float, int]:
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    queue: asyncio.Queue[str] = asyncio.Queue()
    for identifier in identifiers:
        queue.put_nowait(identifier)
    errors = 0

    async def client(http: httpx.AsyncClient) -> None:
        nonlocal errors
        while not queue.empty():
            identifier = queue.get_nowait()
            response = await http.post("/fuji/api/v1/evaluate", json={"object_identifier": identifier})
            errors += response.status_code != 200

    async with httpx.AsyncClient(base_url=base, timeout=600, limits=limits) as http:
        start = time.perf_counter()
        await asyncio.gather(*(client(http) for _ in range(clients)))
        return time.perf_counter() - start, errors


def _peak_rss_mb(process: psutil.Process) -> float:
    try:
        for line in Path(f"/proc/{process.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float(process.memory_info().rss) / 2**20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=100, help="Requests per concurrency level.")
    parser.add_argument("--latency-ms", type=float, default=20)
    parser.add_argument("--clients", default="1,10,50")
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (store, cache) and print it")
    args = parser.parse_args()
    objects = corpus_objects()
    ready: multiprocessing.Queue = multiprocessing.Queue()  # type: ignore[type-arg]
    corpus = multiprocessing.Process(
        target=_serve, args=([p for _, p in objects], args.latency_ms / 1000, ready), daemon=True
    )
    corpus.start()
    site = ready.get(timeout=60)
    folder = Path(tempfile.mkdtemp(prefix="fairgauge-bench-"))
    try:
        _run(args, objects, site, folder, ready)
    finally:
        corpus.terminate()
        if args.keep:
            print(f"kept {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)


def _run(
    args: argparse.Namespace,
    objects: list[tuple[str, Path]],
    site: str,
    folder: Path,
    ready: multiprocessing.Queue,  # type: ignore[type-arg]
) -> None:
    """Start the service on a store in ``folder``, warm it up, and measure each concurrency level."""
    overrides = {
        "allow_private_network": True,
        "doi_resolver": site + "doi.org/",
        "datacite_api": site + "api.datacite.org",
        "datacite_content_negotiation": site + "data.crosscite.org",
        "re3data_api": site + "www.re3data.org/api/v1",
        "per_host_concurrency": 1000,
        "api_rate_limit": 0,
        "data_dir": folder,
        "cache_dir": folder / "cache",
    }
    database_url = args.database_url or f"sqlite:///{folder / 'bench.sqlite'}"
    api = multiprocessing.Process(target=_serve_api, args=(overrides, database_url, ready), daemon=True)
    api.start()
    base = f"http://127.0.0.1:{ready.get(timeout=120)}"
    server = psutil.Process(api.pid)
    identifiers = [_local(ident, site) for ident, _ in objects]
    # warm-up, every object once: first requests load profiles, contexts and the extractors each kind of
    # page needs (compiled from source on first import where PYTHONDONTWRITEBYTECODE is set: on this
    # project's machines a 4-object warm-up left ~1 s of compiling in the 1-client figure)
    asyncio.run(_load(base, identifiers, 2))
    loop = "uvloop" if importlib.util.find_spec("uvloop") else "asyncio"
    print(
        f"{len(objects)} corpus objects cycled; {args.latency_ms:.0f} ms latency per response; store {database_url}; "
        f"server event loop {loop}"
    )
    for clients in (int(c) for c in args.clients.split(",")):
        batch = [identifiers[i % len(identifiers)] for i in range(args.requests)]
        cpu_before = sum(server.cpu_times()[:2])
        wall, errors = asyncio.run(_load(base, batch, clients))
        cpu = sum(server.cpu_times()[:2]) - cpu_before
        print(
            f"{clients:>3} clients: {args.requests / wall:6.1f} req/s, server CPU {cpu / args.requests * 1000:5.1f} ms "
            f"per assessment, errors {errors}"
        )
    print(f"server peak RSS: {_peak_rss_mb(server):.0f} MB")
    api.terminate()
    api.join(timeout=10)  # its SQLite file must be closed before the folder is removed


if __name__ == "__main__":
    main()
