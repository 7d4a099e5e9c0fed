"""Run the command line as users do: in process by default (fast, and inside the test network guard), or in a
real subprocess for the few end-to-end tests that must see the installed entry point and a fresh interpreter.

Both return a ``CompletedProcess`` (exit code, standard output, standard error), so a test reads the same
either way. In process, ``run()`` is called exactly as the console script calls it, so its one-line errors and
exit codes are the ones users see."""

from __future__ import annotations

import io
import logging
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager, redirect_stderr, redirect_stdout
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parents[2]


def _stream() -> io.TextIOWrapper:
    """A text stream with a ``.buffer``, as sys.stdout has (click writes bytes there)."""
    return io.TextIOWrapper(io.BytesIO(), encoding="utf-8", write_through=True)


def _read(stream: io.TextIOWrapper) -> str:
    stream.flush()
    buffer = stream.buffer
    assert isinstance(buffer, io.BytesIO)
    return buffer.getvalue().decode("utf-8")


@contextmanager
def _default_stderr_logging() -> Iterator[None]:
    """A fresh interpreter has no logging handler, so warnings go to stderr through ``logging.lastResort``;
    pytest's own handlers on the root logger would swallow them. Put lastResort back for the call."""
    root = logging.getLogger()
    handler = logging.lastResort
    if handler is None:
        yield
        return
    root.addHandler(handler)
    try:
        yield
    finally:
        root.removeHandler(handler)


def fairgauge(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """``fairgauge ARGS`` in this process, with ``env`` added to the environment for the call."""
    from fairgauge.cli.main import run

    out, err = _stream(), _stream()
    code: int | str | None = 0
    environment = {"COLUMNS": "120", **(env or {})}
    with (
        mock.patch.dict(os.environ, environment),
        mock.patch.object(sys, "argv", ["fairgauge", *args]),
        redirect_stdout(out),
        redirect_stderr(err),
        _default_stderr_logging(),
    ):
        try:
            run()
        except SystemExit as exited:
            code = exited.code
            if isinstance(code, str):  # sys.exit("message") prints it, as the interpreter does
                err.write(code + "\n")
    returncode = code if isinstance(code, int) else (0 if code is None else 1)
    return subprocess.CompletedProcess(["fairgauge", *args], returncode, _read(out), _read(err))


def fairgauge_subprocess(
    *args: str, env: dict[str, str] | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """``python -m fairgauge ARGS`` in a fresh interpreter (outside the network guard: replay only)."""
    environment = {**os.environ, "COLUMNS": "120", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "fairgauge", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
        env=environment,
        check=False,
    )
