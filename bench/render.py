"""What JavaScript rendering costs: added wall time and CPU per rendered page, and the browser's peak memory.

    python bench/render.py [--repeat N]

Serves the script-built test pages (tests/fixtures/render: a React shell whose JSON-LD is injected after a
fetch, an Angular app root whose meta tags are set by script) and the real Zenodo 1196821 landing page
(static, server-side JSON-LD) on 127.0.0.1, and harvests each N times with ``render_javascript=never`` and
with ``auto``. Prints per page the mean wall time and CPU (this process plus the Playwright driver and
chromium, which are its children) of both, the difference (the cost of rendering), and the peak resident
memory of the browser's process tree (summed PSS, sampled every 50 ms with psutil). The static page shows what ``auto``
costs when it decides not to render. Needs the render extra and chromium (apt-get install chromium).
"""

from __future__ import annotations

import argparse
import re
import resource
import statistics
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from common import ROOT, cpu_seconds

from fairgauge.harvest.harvester import harvest
from fairgauge.harvest.render import unavailable_reason
from fairgauge.settings import Settings

PAGES = ROOT / "tests" / "fixtures" / "render"
ZENODO = ROOT / "tests" / "fixtures" / "corpus" / "landing-pages" / "zenodo-1196821_2026-07.html"


def _zenodo_jsonld() -> bytes:
    match = re.search(r"<script type='application/ld\+json'>(.*?)</script>", ZENODO.read_text("utf-8"), re.DOTALL)
    return match.group(1).encode() if match else b"{}"


def _strip_absolute(html: bytes) -> bytes:
    """The Zenodo page loads its assets from zenodo.org; served locally they must not leave the machine."""
    return re.sub(rb"(src|href)=\"https?://[^\"]*\"", rb'\1="/missing"', html)


ROUTES: dict[str, tuple[str, bytes]] = {
    "/records/1196821": ("text/html", (PAGES / "app-shell.html").read_bytes()),
    "/static/js/main.js": ("application/javascript", (PAGES / "main.js").read_bytes()),
    "/static/css/main.css": ("text/css", b"body{font-family:sans-serif}"),
    "/api/records/1196821": ("application/ld+json", _zenodo_jsonld()),
    "/datasets/sst-2019": ("text/html", (PAGES / "meta-by-script.html").read_bytes()),
    "/zenodo/1196821": ("text/html", _strip_absolute(ZENODO.read_bytes())),
}


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args: object) -> None:
        return

    def do_GET(self) -> None:
        content_type, body = ROUTES.get(self.path, ("text/plain", b"not found"))
        self.send_response(200 if self.path in ROUTES else 404)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


class TreeMemory:
    """Peak memory of this process's descendants (the Playwright driver and chromium's processes): summed
    PSS, so pages shared between chromium's processes count once (summed RSS would count them per process)."""

    def __init__(self) -> None:
        import psutil

        self._me = psutil.Process()
        self._stop = threading.Event()
        self.peak_mb = 0.0
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        import psutil

        while not self._stop.is_set():
            total = 0
            for child in self._me.children(recursive=True):
                try:
                    total += child.memory_full_info().pss
                except psutil.Error:
                    continue
            self.peak_mb = max(self.peak_mb, total / 2**20)
            time.sleep(0.05)

    def __enter__(self) -> TreeMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


@dataclass
class Run:
    wall: float
    cpu: float
    status: str


def _once(url: str, settings: Settings) -> Run:
    cpu, children, started = cpu_seconds(), _children_cpu(), time.perf_counter()
    result = harvest(url, settings)
    wall = time.perf_counter() - started
    used = cpu_seconds() - cpu + _children_cpu() - children
    return Run(wall, used, result.rendering.status if result.rendering else "-")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3, help="harvests per page and mode")
    args = parser.parse_args()
    base = Settings(allow_private_network=True, use_datacite=False, content_sample_files=0, content_negotiation=False)
    reason = unavailable_reason(base)
    if reason:
        raise SystemExit(f"cannot render: {reason}")
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    root = f"http://127.0.0.1:{server.server_address[1]}"
    print(
        f"{'page':22} {'mode':6} {'status':11} {'wall s':>7} {'cpu s':>7} {'+wall s':>8} {'+cpu s':>7} {'peak MB':>8}"
    )
    try:
        for path in ("/records/1196821", "/datasets/sst-2019", "/zenodo/1196821"):
            _harvest(root + path, path, base, args.repeat)
    finally:
        server.shutdown()
        server.server_close()


def _harvest(url: str, path: str, base: Settings, repeat: int) -> None:
    _once(url, base.model_copy(update={"render_javascript": "never"}))  # warm imports and caches
    static = [_once(url, base.model_copy(update={"render_javascript": "never"})) for _ in range(repeat)]
    with TreeMemory() as memory:
        auto = [_once(url, base.model_copy(update={"render_javascript": "auto"})) for _ in range(repeat)]
    wall0, cpu0 = statistics.mean(r.wall for r in static), statistics.mean(r.cpu for r in static)
    wall1, cpu1 = statistics.mean(r.wall for r in auto), statistics.mean(r.cpu for r in auto)
    print(f"{path:22} {'never':6} {static[0].status:11} {wall0:7.2f} {cpu0:7.2f}")
    print(
        f"{path:22} {'auto':6} {auto[0].status:11} {wall1:7.2f} {cpu1:7.2f} {wall1 - wall0:8.2f} "
        f"{cpu1 - cpu0:7.2f} {memory.peak_mb:8.0f}"
    )


if __name__ == "__main__":
    main()
