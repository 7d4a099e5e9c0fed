"""``fairgauge serve`` and ``fairgauge tokens`` as users run them (real subprocesses, real sockets)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.cli.run import ROOT, fairgauge
from tests.conftest import FIXTURES

PANGAEA = FIXTURES / "warc" / "pangaea-836178_2021-06.warc.gz"


def test_tokens_create_list_revoke(tmp_path: Path, database_url: str) -> None:
    created = fairgauge("tokens", "create", "ci robot", "--database-url", database_url)
    assert created.returncode == 0, created.stderr
    secret = created.stdout.strip()
    assert secret.startswith("fg_") and "created" in created.stderr
    listed = fairgauge("tokens", "list", "--database-url", database_url)
    assert "active" in listed.stdout and "ci robot" in listed.stdout and secret not in listed.stdout
    assert fairgauge("tokens", "revoke", "1", "--database-url", database_url).returncode == 0
    again = fairgauge("tokens", "revoke", "1", "--database-url", database_url)
    assert again.returncode == 2 and again.stderr.strip() == "error: no active token 1"
    assert "revoked" in fairgauge("tokens", "list", "--database-url", database_url).stdout


def test_an_unusable_store_is_a_one_line_error(tmp_path: Path) -> None:
    result = fairgauge("tokens", "list", "--database-url", "mysql://x@localhost/db")
    assert result.returncode == 2
    assert result.stderr.strip() == "error: unsupported database 'mysql': use sqlite:/// or postgresql://"


def test_serve_refuses_a_missing_archive(tmp_path: Path) -> None:
    result = fairgauge("serve", "--replay", str(tmp_path / "nope.warc.gz"), "--port", "0")
    assert result.returncode == 2 and result.stderr.strip() == f"error: no such archive: {tmp_path / 'nope.warc.gz'}"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.slow
def test_serve_replays_archives_from_the_environment(tmp_path: Path) -> None:
    """FAIRGAUGE_REPLAY runs the whole service from WARC archives; assessments survive a restart."""
    port = _free_port()
    env = {
        **os.environ,
        "FAIRGAUGE_REPLAY": str(PANGAEA),
        "FAIRGAUGE_DATA_DIR": str(tmp_path),
        "FAIRGAUGE_CACHE_DIR": str(tmp_path / "cache"),
    }
    command = [sys.executable, "-m", "fairgauge", "serve", "--port", str(port)]
    base = f"http://127.0.0.1:{port}"

    def start() -> subprocess.Popen[str]:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(base + "/api/v1/health", timeout=2)
                return process
            except OSError:
                assert process.poll() is None and time.monotonic() < deadline, "server did not start"
                time.sleep(0.2)

    server = start()
    try:
        body = json.dumps({"object_identifier": "doi:10.1594/PANGAEA.836178"}).encode()
        request = urllib.request.Request(
            base + "/fuji/api/v1/evaluate", data=body, headers={"Content-Type": "application/json"}
        )
        result = json.load(urllib.request.urlopen(request, timeout=120))
        assert result["resolved_url"] == "https://doi.pangaea.de/10.1594/PANGAEA.836178"
        assert result["request"]["replayed_archives"] == [str(PANGAEA)]
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert (tmp_path / "fairgauge.sqlite").is_file()
    server = start()
    try:
        query = base + "/api/v1/assessments?identifier=10.1594/PANGAEA.836178"
        history = json.load(urllib.request.urlopen(query, timeout=30))
        assert [a["outcome"] for a in history["data"]["assessments"]] == ["scored"]
    finally:
        server.terminate()
        server.wait(timeout=30)
