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


A2A_SCRIPT = textwrap.dedent(
    """
    import socket
    from pathlib import Path
    from tests import conftest as guard
    socket.socket.connect = guard._guarded_connect
    socket.socket.connect_ex = guard._guarded_connect_ex
    socket.getaddrinfo = guard._guarded_getaddrinfo
    from fairgauge.api import assess
    for warc in sorted(Path("tests/fixtures/warc/a2a").glob("*.warc.gz")):
        case = warc.name.removesuffix(".warc.gz")
        report = assess(f"https://w3id.org/a2a-fair-metrics/{case}/", replay=[str(warc)], profile="fsf-0.8")
        for result in report.results:
            for test_id, test in result.metric_tests.items():
                for found in test.findings:
                    print(case, test_id, found.code, found.message)
    """
)


@pytest.mark.slow
def test_finding_messages_of_the_a2a_benchmark_are_stable_across_processes() -> None:
    """Messages quote lists harvested from RDF (namespaces, value IRIs): rdflib's triple order follows the
    hash seed, so a list not put in order named another IRI in another process (47-rda-f3's FsF-I2)."""
    runs = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run(
            [sys.executable, "-c", A2A_SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
        )
        assert done.returncode == 0, done.stderr
        runs.append(done.stdout)
    assert "47-rda-f3-01m-t1-multiple-item-dcat-datadownload FsF-I2-01M-2" in runs[0]
    assert runs[0] == runs[1]
