"""An object that cannot be reached is not assessed: no network, a hung server, an archive without it.

Each scenario runs the real command line (the exit code is part of the contract: 3 means not assessed)
against loopback addresses only: every resolver and registry base URL points at 127.0.0.1.
"""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

import fairgauge
from fairgauge.errors import IdentifierError
from fairgauge.settings import Settings
from tests.cli.run import fairgauge as run_cli
from tests.conftest import FIXTURES
from tests.loopback import serve

DOI = "10.5281/zenodo.1196821"
OTHER_ARCHIVE = str(FIXTURES / "warc" / "pangaea-836178_2021-06.warc.gz")
SERVICES = (
    "DOI_RESOLVER",
    "DOI_RA_API",
    "DATACITE_API",
    "CROSSREF_API",
    "DATACITE_CONTENT_NEGOTIATION",
    "HANDLE_RESOLVER",
    "RE3DATA_API",
)


def _closed_port() -> int:
    """A loopback port nobody listens on (connections are refused at once)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _env(base: str, tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {f"FAIRGAUGE_{name}": f"{base}/{name.lower()}" for name in SERVICES}
    env["FAIRGAUGE_DOI_RESOLVER"] = f"{base}/doi/"
    return {**env, "FAIRGAUGE_ALLOW_PRIVATE_NETWORK": "true", "XDG_CACHE_HOME": str(tmp_path), **extra}


def _hang(handler: BaseHTTPRequestHandler) -> None:
    time.sleep(4)  # far past the 0.25 s deadline the test sets; the server thread is a daemon


@contextmanager
def _scenario(kind: str, tmp_path: Path) -> Iterator[tuple[list[str], dict[str, str]]]:
    if kind == "no-network":
        yield [], _env(f"http://127.0.0.1:{_closed_port()}", tmp_path)
    elif kind == "hung-server":
        with serve({"/doi/10.5281/zenodo.1196821": _hang}) as site:
            deadline = {"FAIRGAUGE_REQUEST_DEADLINE": "0.25", "FAIRGAUGE_READ_TIMEOUT": "0.25"}
            yield [], _env(site.base, tmp_path, **deadline)
    else:
        yield ["--replay", OTHER_ARCHIVE], {"XDG_CACHE_HOME": str(tmp_path)}


SCENARIOS = ["no-network", "hung-server", "archive-without-the-object"]


@pytest.mark.slow
@pytest.mark.parametrize("kind", SCENARIOS)
def test_unreachable_object_is_not_assessed(kind: str, tmp_path: Path) -> None:
    with _scenario(kind, tmp_path) as (args, env):
        done = run_cli("assess", DOI, *args, "--format", "json", env=env)
        badge = run_cli("assess", DOI, *args, "--format", "badge", env=env)
        text = run_cli("assess", DOI, *args, "--format", "text", env=env)
    assert done.returncode == 3, done.stderr
    assert done.stderr.startswith("not assessed: ") and len(done.stderr.strip().splitlines()) == 1
    report = json.loads(done.stdout)
    assert report["assessment_status"] == "not_assessed" and report["not_assessed_reason"]
    assert set(report["summary"]["score_percent"].values()) == {None}
    assert set(report["summary"]["score_earned"].values()) == {None}
    assert report["fairport_level"]["level"] is None
    tests = [t for m in report["results"] + report["informative_results"] for t in m["metric_tests"].values()]
    assert tests and {t["metric_test_status"] for t in tests} == {"error"}  # no fail, and no pass either
    outcomes = report["harvest"]["outcomes"]
    assert outcomes[0]["step"] == "landing_page" and outcomes[0]["status"] in {"network_error", "not_in_archive"}
    assert "ok" not in {o["status"] for o in outcomes}, outcomes  # nothing supplied evidence
    assert report["harvest"]["reachability"]["status"] == "not_assessed"
    assert badge.returncode == 3 and "not assessed" in badge.stdout and "#57606a" in badge.stdout
    assert "%" not in badge.stdout.split("<title>")[1].split("</title>")[0].split("(")[0]
    lines = [line for line in text.stdout.splitlines() if line.strip()]
    assert lines[0].startswith("FAIR assessment of") and lines[1] == "NOT ASSESSED"
    assert lines[2].startswith("the object could not be reached")
    assert "Level not determined" in text.stdout
    assert "The metadata sources agree." not in text.stdout
    assert "No metadata source was read" in text.stdout
    what_to_do = text.stdout.split("What to do")[1].split("FAIRport level")[0]
    assert "Add a licence" not in what_to_do and "1." not in what_to_do


@pytest.mark.slow
def test_timeouts_say_what_timed_out(tmp_path: Path) -> None:
    with _scenario("hung-server", tmp_path) as (args, env):
        done = run_cli("harvest", DOI, "--format", "json", *args, env=env)
    assert done.returncode == 0, done.stderr
    landing = json.loads(done.stdout)["exchanges"][0]
    assert landing["error_kind"] == "timeout"
    assert landing["error"].startswith("timed out") and "/doi/10.5281/zenodo.1196821" in landing["error"]
    assert "request_deadline" in landing["error"] or "read_timeout" in landing["error"]


def test_html_leads_with_the_reason_and_lists_no_fixes(tmp_path: Path) -> None:
    done = run_cli("assess", DOI, "--replay", OTHER_ARCHIVE, "--format", "html", env={"XDG_CACHE_HOME": str(tmp_path)})
    assert done.returncode == 3
    page = done.stdout
    reason = page.index("Not assessed.")
    assert reason < page.index('id="summary"') and reason < page.index('id="what-to-do"')
    assert "No list of fixes" in page and "Recommendation:" not in page
    assert "<title>FAIR assessment of 10.5281/zenodo.1196821: not assessed</title>" in page
    assert "The metadata sources agree." not in page


def test_python_api_returns_the_not_assessed_report() -> None:
    report = fairgauge.assess(DOI, replay=[OTHER_ARCHIVE], settings=Settings(cache_dir=Path("/tmp")))
    assert report.assessment_status == "not_assessed" and not report.assessed
    assert report.summary.score_percent["FAIR"] is None and report.fairport_level.level is None
    assert report.not_assessed_reason and "not in the replayed archive" in report.not_assessed_reason


@pytest.mark.parametrize("identifier", ["foo", "-", "hello world", "  ", "Lake Hald data, 2023"])
@pytest.mark.parametrize("command", ["assess", "harvest"])
def test_text_that_is_no_identifier_is_a_one_line_error(command: str, identifier: str) -> None:
    done = run_cli(command, identifier, "--replay", OTHER_ARCHIVE)
    assert done.returncode == 2, done.stdout[:300]
    assert done.stderr.startswith("error: ") and len(done.stderr.strip().splitlines()) == 1
    assert not done.stdout


@pytest.mark.parametrize(
    ("identifier", "scheme"),
    [("file:///etc/passwd", "file:"), ("ftp://ftp.example.org/data.csv", "ftp:"), ("mailto:a@example.org", "mailto:")],
)
@pytest.mark.parametrize("command", ["assess", "harvest"])
def test_unsupported_schemes_are_named(command: str, identifier: str, scheme: str) -> None:
    done = run_cli(command, identifier)
    assert done.returncode == 2 and f"unsupported URL scheme '{scheme}'" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and not done.stdout


def test_python_api_refuses_what_is_no_identifier() -> None:
    with pytest.raises(IdentifierError, match="not an identifier"):
        fairgauge.assess("hello world", replay=[OTHER_ARCHIVE])


@pytest.mark.parametrize(
    ("typed", "read_as"),
    [
        ("zenodo.org/records/1196821", "https://zenodo.org/records/1196821"),
        ("www.example.org/data/1", "https://www.example.org/data/1"),
    ],
)
def test_url_without_scheme_is_read_as_https_and_the_report_says_so(typed: str, read_as: str, tmp_path: Path) -> None:
    done = run_cli(
        "assess", typed, "--replay", OTHER_ARCHIVE, "--format", "json", env={"XDG_CACHE_HOME": str(tmp_path)}
    )
    report = json.loads(done.stdout)
    harvest = report["harvest"]
    assert harvest["identifier"]["given"] == typed and harvest["identifier"]["normalized"] == read_as
    assert harvest["identifier"]["https_assumed"] is True
    assumed = [f for f in harvest["findings"] if f["code"] == "identifier.https_assumed"]
    assert assumed and read_as in assumed[0]["message"]
    assert harvest["exchanges"][0]["request_url"] == read_as
    text = run_cli("assess", typed, "--replay", OTHER_ARCHIVE, env={"XDG_CACHE_HOME": str(tmp_path)})
    assert "read as https" in text.stdout
