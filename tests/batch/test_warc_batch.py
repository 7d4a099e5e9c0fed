"""``fairgauge batch ... --replay A.warc.gz --replay B.warc.gz`` over the corpus archives (PANGAEA and
Zenodo captures): fully offline, and each object's result equals a single assessment of the same
identifier from the same archives; an identifier the archives lack is not assessed, text that is no
identifier is an error, and both are listed by ``runs show`` and ``runs export``."""

from __future__ import annotations

import asyncio
import csv
import json
from pathlib import Path

import pytest

from fairgauge.batch.summary import summarize
from fairgauge.compose import build_services, build_settings
from fairgauge.store import open_store
from fairgauge.store.runs import ResultRecord, Runs
from tests.cli.run import fairgauge
from tests.conftest import FIXTURES

ARCHIVES = [FIXTURES / "warc" / "pangaea-836178_2021-06.warc.gz", FIXTURES / "warc" / "zenodo-1196821_2026-07.warc.gz"]
IN_ARCHIVES = ["10.1594/PANGAEA.836178", "https://doi.org/10.5281/zenodo.1196821"]
NOT_ARCHIVED = "10.5281/zenodo.999999999"
NOT_AN_IDENTIFIER = "see the spreadsheet"


def _single(identifier: str, tmp_path: Path) -> ResultRecord:
    settings = build_settings(data_dir=tmp_path, cache_dir=tmp_path / "c")

    async def run() -> ResultRecord:
        services = build_services(settings, replay=ARCHIVES, with_store=False)
        try:
            return summarize(identifier, identifier, await services.assess(identifier), 0.0)
        finally:
            await services.aclose()

    return asyncio.run(run())


@pytest.mark.slow
def test_a_batch_over_warc_archives_equals_single_assessments(tmp_path: Path) -> None:
    inputs = tmp_path / "ids.txt"
    inputs.write_text("\n".join([*IN_ARCHIVES, NOT_ARCHIVED, NOT_AN_IDENTIFIER]) + "\n")
    url = f"sqlite:///{tmp_path / 'runs.sqlite'}"
    env = {"FAIRGAUGE_DATA_DIR": str(tmp_path / "data"), "FAIRGAUGE_CACHE_DIR": str(tmp_path / "cache")}
    replay = [arg for path in ARCHIVES for arg in ("--replay", str(path))]
    done = fairgauge(
        "batch", str(inputs), "--run", "archived", *replay, "--database-url", url, "--workers", "2", "-q", env=env
    )
    assert done.returncode == 0, done.stderr
    store = open_store(url)
    try:
        runs = Runs(store)
        run = runs.get("archived")
        assert run is not None
        results = {r.identifier: r for r in runs.results(run.id)}
    finally:
        store.close()
    assert run.counts == {"scored": 2, "not_assessed": 1, "error": 1}
    assert [str(p) for p in ARCHIVES] == run.settings["replay"]
    for identifier in IN_ARCHIVES:
        got, single = results[identifier], _single(identifier, tmp_path)
        assert got.status == "scored" and got.fair_percent
        assert (got.fair_percent, got.score_percent, got.maturity, got.fairport_level, got.metrics) == (
            single.fair_percent, single.score_percent, single.maturity, single.fairport_level, single.metrics,
        ), identifier  # fmt: skip
    missing = results[NOT_ARCHIVED]
    assert missing.status == "not_assessed" and missing.fair_percent is None
    assert missing.error and "zenodo.999999999 is not in the replayed archive(s)" in missing.error
    wrong = results[NOT_AN_IDENTIFIER]
    assert wrong.status == "error" and wrong.error and wrong.error.startswith("not an identifier")

    shown = fairgauge("runs", "show", "archived", "--database-url", url, env=env)
    assert shown.returncode == 0
    assert f"  {NOT_AN_IDENTIFIER}: not an identifier" in shown.stdout
    assert f"  {NOT_ARCHIVED}: " in shown.stdout
    as_json = json.loads(fairgauge("runs", "show", "archived", "--json", "--database-url", url, env=env).stdout)
    assert [e["identifier"] for e in as_json["errors"]] == [NOT_AN_IDENTIFIER]
    assert [e["identifier"] for e in as_json["not_assessed"]] == [NOT_ARCHIVED]
    exported = tmp_path / "run.csv"
    assert (
        fairgauge(
            "runs", "export", "archived", "--to", "csv", "-o", str(exported), "--database-url", url, env=env
        ).returncode
        == 0
    )
    with exported.open(newline="") as handle:
        rows = {row["identifier"]: row for row in csv.DictReader(handle)}
    assert rows[NOT_AN_IDENTIFIER]["status"] == "error" and rows[NOT_AN_IDENTIFIER]["errors"].startswith(
        "not an identifier"
    )
    assert rows[NOT_AN_IDENTIFIER]["fair_score"] == "" and rows[NOT_ARCHIVED]["fair_score"] == ""
