"""Run results over real assessments of a loopback repository assessed twice (before and after its
landing pages gained a licence): compare, repository report, plots and exports."""

from __future__ import annotations

import asyncio
import csv
import json
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from fairgauge.batch.compare import compare
from fairgauge.batch.report import build_report, render_html, render_markdown
from fairgauge.batch.summary import summarize
from fairgauge.cli.main import app
from fairgauge.compose import build_services, build_settings
from fairgauge.store import open_store
from fairgauge.store.runs import Runs
from tests.loopback import Reply, Served, serve
from tests.web.fixture_site import PAGE, _jsonld, title

COUNT = 4
UNREACHABLE = "http://127.0.0.1:1/objects/gone"


def _publish(routes: dict[str, Reply], served: Served, *, licensed: bool) -> None:
    """Objects 0 and 1 state their licence only when ``licensed``; 2 and 3 always do."""
    for n in range(COUNT):
        data = json.loads(_jsonld(served.base, n))
        page = PAGE.format(title=title(n), base=served.base, n=n, jsonld="{jsonld}")
        if n < 2 and not licensed:
            data.pop("license")
            page = page.replace('<meta name="DC.rights" content="https://creativecommons.org/licenses/by/4.0/">\n', "")
        text = json.dumps(data)
        routes[f"/objects/{n}"] = Reply(200, page.replace("{jsonld}", text).encode())
        routes[f"/objects/{n}.jsonld"] = Reply(200, text.encode(), content_type="application/ld+json")
        routes[f"/files/{n}.csv"] = Reply(200, b"time,t\n2020-01-01,4.1\n", content_type="text/csv")


def _assess_into(url: str, name: str, identifiers: list[str], tmp_path: Path) -> None:
    settings = build_settings(allow_private_network=True, data_dir=tmp_path, cache_dir=tmp_path / "cache")
    services = build_services(settings, with_store=False)
    store = open_store(url)
    runs = Runs(store)
    run = runs.create(
        name, profile="fsf-0.8", software_version="test", inputs={"sources": ["test"]}, settings={},
        items=[(i, i) for i in identifiers],
    )  # fmt: skip

    async def go() -> None:
        try:
            for identifier in identifiers:
                started = time.perf_counter()
                report = await services.assess(identifier)
                runs.add_result(run.id, summarize(identifier, identifier, report, time.perf_counter() - started))
        finally:
            await services.aclose()

    asyncio.run(go())
    store.close()


@pytest.fixture
def two_runs(database_url: str, tmp_path: Path) -> tuple[str, list[str]]:
    routes: dict[str, Reply] = {}
    with serve(routes) as served:  # type: ignore[arg-type]
        identifiers = [served.url(f"/objects/{n}") for n in range(COUNT)] + [UNREACHABLE]
        _publish(routes, served, licensed=False)
        _assess_into(database_url, "before", identifiers, tmp_path)
        _publish(routes, served, licensed=True)
        _assess_into(database_url, "after", identifiers, tmp_path)
    return database_url, identifiers


@pytest.mark.slow
def test_compare_report_plot_and_export(two_runs: tuple[str, list[str]], tmp_path: Path) -> None:
    url, identifiers = two_runs
    store = open_store(url)
    try:
        runs = Runs(store)
        before, after = runs.get("before"), runs.get("after")
        assert before is not None and after is not None
        comparison = compare("before", runs.results(before.id), "after", runs.results(after.id))
        report = build_report(before, runs.results(before.id))
    finally:
        store.close()

    # objects 0 and 1 gained their licence: improved, by the licence tests; 2 and 3 unchanged
    assert {c.identifier for c in comparison.improved} == set(identifiers[:2])
    assert not comparison.regressed and comparison.unchanged == 2 and comparison.compared == 4
    gained = comparison.improved[0].gained
    assert any("R1.1" in test for test in gained), gained
    assert comparison.improved[0].principle_deltas["R"] > 0 and comparison.improved[0].principle_deltas["F"] == 0
    top, objects_gained, objects_lost = comparison.tests_changed_most()[0]
    assert "R1.1" in top and objects_gained == 2 and objects_lost == 0
    # the unreachable object is never a delta nor a zero in the means
    assert comparison.unscored == [(UNREACHABLE, "not_assessed", "not_assessed")]
    assert comparison.mean_b["FAIR"] is not None and comparison.mean_a["FAIR"] < comparison.mean_b["FAIR"]

    # the 'before' report ranks the licence tests among what to fix (2 objects) with a recommendation
    assert report.scored == 4 and report.not_assessed == 1
    license_tests = [g for g in report.ranked() if "R1.1" in g.test]
    assert license_tests and license_tests[0].objects == 2
    assert license_tests[0].points > 0 and license_tests[0].recommendation
    assert sum(report.levels.values()) == 4
    md, page = render_markdown(report), render_html(report)
    assert license_tests[0].test in md and "1 not assessed" in md and "FAIRport level distribution" in md
    assert page.startswith("<!doctype html>") and license_tests[0].test in page

    runner = CliRunner()
    out = tmp_path / "plots"
    plotted = runner.invoke(app, ["runs", "plot", "before", "after", "-o", str(out), "--database-url", url])
    assert plotted.exit_code == 0, plotted.output
    for stem in ("principle_scores", "test_pass_rates"):
        assert (out / f"{stem}.png").read_bytes().startswith(b"\x89PNG")
        assert b"<svg" in (out / f"{stem}.svg").read_bytes()[:500]

    compared = runner.invoke(app, ["runs", "compare", "before", "after", "--json", "--database-url", url])
    assert compared.exit_code == 0, compared.output
    assert {o["identifier"] for o in json.loads(compared.output)["improved"]} == set(identifiers[:2])

    reported = runner.invoke(app, ["runs", "report", "before", "--format", "html", "--database-url", url])
    assert reported.exit_code == 0 and license_tests[0].test in reported.output

    for fmt in ("csv", "jsonl", "parquet"):
        target = tmp_path / f"after.{fmt}"
        done = runner.invoke(app, ["runs", "export", "after", "--to", fmt, "-o", str(target), "--database-url", url])
        assert done.exit_code == 0, done.output
    with (tmp_path / "after.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["identifier"] for r in rows] == identifiers and rows[-1]["fair_score"] == ""
    lines = [json.loads(line) for line in (tmp_path / "after.jsonl").read_text().splitlines()]
    assert lines[0]["metrics"] and lines[-1]["status"] == "not_assessed" and lines[-1]["score_percent"] is None
    table = pq.read_table(tmp_path / "after.parquet").to_pylist()
    assert [r["identifier"] for r in table] == identifiers and table[-1]["fair_score"] is None
    assert table[0]["fair_score"] == pytest.approx(float(rows[0]["fair_score"]))
