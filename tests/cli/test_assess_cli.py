"""``fairgauge assess`` and ``fairgauge metrics``: every report format, profiles, one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.run import fairgauge
from tests.conftest import FIXTURES

PANGAEA = str(FIXTURES / "warc" / "pangaea-836178_2021-06.warc.gz")


@pytest.mark.parametrize(
    ("fmt", "marker"),
    [
        ("json", '"metric_specification"'),
        ("text", "FAIR assessment of"),
        ("html", "<!DOCTYPE html>"),
        ("badge", "<svg"),
        ("ttl", "dqv:"),
        ("jsonld", '"@context"'),
    ],
)
def test_every_format_is_written(tmp_path: Path, fmt: str, marker: str) -> None:
    out = tmp_path / f"report.{fmt}"
    done = fairgauge(
        "assess",
        "10.1594/PANGAEA.836178",
        "--replay",
        PANGAEA,
        "--format",
        fmt,
        "-o",
        str(out),
        env={"XDG_CACHE_HOME": str(tmp_path)},
    )
    assert done.returncode == 0, done.stderr
    assert marker in out.read_text()


def test_json_report_under_both_profiles(tmp_path: Path) -> None:
    totals = {}
    for profile in ("fsf-0.5", "fsf-0.8"):
        done = fairgauge(
            "assess",
            "10.1594/PANGAEA.836178",
            "--replay",
            PANGAEA,
            "--format",
            "json",
            "--profile",
            profile,
            env={"XDG_CACHE_HOME": str(tmp_path)},
        )
        assert done.returncode == 0, done.stderr
        report = json.loads(done.stdout)
        totals[profile] = (report["total_metrics"], report["summary"]["score_total"]["FAIR"], report["metric_version"])
        assert {"request", "resolved_url", "results", "harvest", "fairport_level", "conflicts"} <= set(report)
    assert totals == {"fsf-0.5": (16, 24.0, "0.5"), "fsf-0.8": (17, 26.0, "0.8")}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["assess", "10.1/x", "--profile", "fsf-9"], "unknown profile 'fsf-9'"),
        (["assess", "", "--replay", PANGAEA], "identifier is empty"),
        (["assess", "10.1/x", "--replay", "missing.warc.gz"], "archive not found"),
        (["metrics", "show", "nope"], "unknown profile 'nope'"),
        (["assess", "10.1594/PANGAEA.836178", "--replay", PANGAEA, "--profile", "PROFILE"], "'elemnts': unknown"),
        (["metrics", "show", "PROFILE"], "test FsF-F2-01M-1: params of check f2.core_metadata are invalid"),
    ],
)
def test_unusable_input_is_a_one_line_error(tmp_path: Path, args: list[str], message: str) -> None:
    profile = tmp_path / "misspelt.yaml"  # a hand-written profile with a misspelt check parameter
    profile.write_text(
        "id: misspelt\nversion: '1'\ntitle: t\nspecification: s\nextends: fsf-0.8\nmetrics:\n"
        "- {id: FsF-F2-01M, number: 5, name: n, principle: F2, scoring: cumulative, total_score: 1, tests: [\n"
        "  {id: FsF-F2-01M-1, name: t, score: 1, maturity: 1, check: f2.core_metadata, params: {elemnts: [title]}}]}\n"
    )
    done = fairgauge(*[str(profile) if arg == "PROFILE" else arg for arg in args])
    assert done.returncode == 2 and message in done.stderr
    assert "Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) == 1


def test_metrics_list_and_show() -> None:
    listed = json.loads(fairgauge("metrics", "list", "--json").stdout)
    assert {(p["id"], p["total_metrics"], p["total_score"]) for p in listed} >= {
        ("fsf-0.5", 16, 24.0),
        ("fsf-0.8", 17, 26.0),
        ("fairtracks", 18, 30.0),
    }
    shown = fairgauge("metrics", "show", "fsf-0.8")
    assert shown.returncode == 0 and "FsF-R1.3-02D" in shown.stdout and "r1.3.file_format" in shown.stdout
