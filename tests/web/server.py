"""Run an app under uvicorn on 127.0.0.1 (port 0) in a thread: real sockets, real keep-alive, real
concurrency (the in-process TestClient has none of these)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import uvicorn
from fastapi import FastAPI


@contextmanager
def running(app: FastAPI, *, graceful: float | None = None) -> Iterator[str]:
    """``graceful``: seconds the server waits for requests in flight when it stops (default: for ever)."""
    config = uvicorn.Config(
        app, host="127.0.0.1", port=0, log_level="warning", lifespan="on", timeout_graceful_shutdown=graceful
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.02)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=20)


def finished(client: Any, location: str, timeout: float = 300) -> dict[str, Any]:
    """Poll an assessment (``client``: a TestClient or an httpx.Client) until it is done or failed; its
    data. Background assessments run after the 202 answer, so a test waits for them as a client would."""
    deadline = time.monotonic() + timeout
    while True:
        data: dict[str, Any] = client.get(location).json()["data"]
        if data["state"] in ("done", "failed"):
            return data
        if time.monotonic() > deadline:
            raise AssertionError(f"assessment {location} still {data['state']} after {timeout:.0f} s")
        time.sleep(0.05)
