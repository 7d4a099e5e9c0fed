"""One report gives the same bytes in every process (no hash-order leaks), so outputs can be diffed."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

from tests.conftest import FIXTURES

ROOT = FIXTURES.parents[1]
SCRIPT = textwrap.dedent(
    """
    import datetime, hashlib, socket
    from tests import conftest as guard
    socket.socket.connect = guard._guarded_connect
    socket.socket.connect_ex = guard._guarded_connect_ex
    socket.getaddrinfo = guard._guarded_getaddrinfo
    from fairgauge.api import assess
    from fairgauge.render.report import REPORT_FORMATS, render
    report = assess("10.5281/zenodo.1196821", replay=["examples/zenodo-1196821_2026-07.warc.gz"])
    moment = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    exchanges = [e.model_copy(update={"elapsed_ms": 0.0}) for e in report.harvest.exchanges]
    clock = {"started_at": moment, "finished_at": moment}
    harvest = report.harvest.model_copy(update={"exchanges": exchanges, **clock})
    report = report.model_copy(update={"start_timestamp": moment, "end_timestamp": moment, "harvest": harvest})
    for fmt in REPORT_FORMATS:
        print(fmt.name, hashlib.sha256(render(report, fmt.name).encode()).hexdigest())
    """
)


def _digests(seed: str) -> str:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.slow
def test_every_format_is_byte_stable_across_processes() -> None:
    first, second = _digests("1"), _digests("2")
    assert len(first.splitlines()) == 6
    assert first == second
