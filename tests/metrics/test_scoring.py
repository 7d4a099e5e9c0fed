"""Scoring and summaries: both profiles on the same objects, errors kept apart from failures."""

from __future__ import annotations

import pytest

from fairgauge.model.report import Report
from tests.harvest.corpus import assessor
from tests.metrics.evidence import evidence_for

SOURCES = [
    "corpus:zenodo-1196821_2026-07",
    "corpus:pangaea-836178_2021-06",
    "site:hydro",
    "site:restricted",
    "site:no-datacite",
    "site:empty",
]


def report(source: str, profile: str) -> Report:
    return assessor().evaluate(evidence_for(source).harvest, assessor().profile(profile))


@pytest.mark.parametrize("source", SOURCES)
def test_both_profiles_score_the_same_object_consistently(source: str) -> None:
    old, new = report(source, "fsf-0.5"), report(source, "fsf-0.8")
    assert (old.summary.score_total["FAIR"], new.summary.score_total["FAIR"]) == (24, 26)
    assert (old.total_metrics, new.total_metrics) == (16, 17)
    for rep in (old, new):
        summary = rep.summary
        assert summary.score_earned["FAIR"] == pytest.approx(sum(summary.score_earned[c] for c in "FAIR"))
        assert summary.score_total["FAIR"] == sum(r.score.total for r in rep.results)
        assert summary.status_total["FAIR"] == rep.total_metrics
        assert summary.status_passed["FAIR"] == sum(1 for r in rep.results if r.test_status == "pass")
        for key, earned in summary.score_earned.items():
            assert summary.score_percent[key] == pytest.approx(round(earned / summary.score_total[key] * 100, 2))
        assert list(summary.score_earned)[:4] == ["A", "F", "I", "R"] and list(summary.score_earned)[-1] == "FAIR"
        assert list(summary.status_total)[-5:] == ["A", "F", "I", "R", "FAIR"]
    shared = {
        ("FsF-R1.1-01M-1", "FsF-R1.1-01M-1"),
        ("FsF-F4-01M-1", "FsF-F4-01M-1"),
        ("FsF-F3-01M-2", "FsF-F3-01M-2"),
        ("FsF-F1-02D-1", "FsF-F1-02MD-1"),
        ("FsF-I1-01M-1", "FsF-I1-01M-1"),
    }
    old_tests = {t: v for r in old.results for t, v in r.metric_tests.items()}
    new_tests = {t: v for r in new.results for t, v in r.metric_tests.items()}
    for old_id, new_id in shared:
        assert old_tests[old_id].metric_test_status == new_tests[new_id].metric_test_status


def test_a_harvest_error_is_reported_as_error_not_fail() -> None:
    rep = report("site:no-datacite", "fsf-0.5")
    listing = rep.result("FsF-F4-01M")
    assert listing is not None
    assert listing.metric_tests["FsF-F4-01M-2"].metric_test_status == "error"
    assert listing.metric_tests["FsF-F4-01M-2"].recommendation is None
    preserved = rep.result("FsF-A2-01M")
    assert preserved is not None and preserved.test_status == "error"
    assert rep.summary.score_unevaluated["FAIR"] > 0
    errored = [r for r in rep.results if r.test_status == "error"]
    assert errored and rep.summary.status_error["FAIR"] == len(errored)
    assert all(r.score.earned == 0 for r in errored)


def test_error_only_metric_has_error_status() -> None:
    rep = report("corpus:zenodo-1196821_2026-07", "fsf-0.5")
    r103d = rep.result("FsF-R1-01MD")
    assert r103d is not None
    assert r103d.metric_tests["FsF-R1-01MD-3"].metric_test_status == "error"  # files not in the archive
    assert r103d.test_status == "pass"  # other tests earned points


def test_scoring_mechanisms() -> None:
    rep = report("site:hydro", "fsf-0.8")
    i1 = rep.result("FsF-I1-01M")
    assert i1 is not None and i1.score.earned == 2  # alternative: both tests pass, still 2
    f102 = rep.result("FsF-F1-02MD")
    assert f102 is not None and f102.score.earned == 1  # 0.5 + 0.5
    assert all(r.score.earned == r.score.total for r in rep.results)
    assert rep.summary.score_percent["FAIR"] == 100.0 and rep.summary.maturity["FAIR"] == 3.0


def test_maturity_is_the_highest_passed_test() -> None:
    rep = report("corpus:zenodo-1196821_2026-07", "fsf-0.8")
    for result in rep.results:
        passed = [t.metric_test_maturity for t in result.metric_tests.values() if t.metric_test_status == "pass"]
        assert result.maturity == max(passed, default=0)


@pytest.mark.parametrize(
    ("source", "level"),
    [("site:hydro", 4), ("corpus:zenodo-1196821_2026-07", 2), ("site:restricted", 0), ("site:empty", 0)],
)
def test_fairport_level(source: str, level: int) -> None:
    rep = report(source, "fsf-0.8")
    assert rep.fairport_level.level == level
    if level < 4:
        assert rep.fairport_level.missing
    if level > 0:
        assert any(r.startswith(f"level {level}:") for r in rep.fairport_level.reasons)


def test_every_failed_test_carries_a_recommendation() -> None:
    rep = report("site:restricted", "fsf-0.8")
    failed = [t for r in rep.results for t in r.metric_tests.values() if t.metric_test_status == "fail"]
    assert failed and all(t.recommendation for t in failed)
    license = rep.result("FsF-R1.1-01M")
    assert license is not None and license.test_status == "pass"  # "All rights reserved" is still a licence statement
