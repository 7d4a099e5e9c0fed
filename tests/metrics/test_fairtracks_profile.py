"""The `fairtracks` community profile on a track collection whose landing page links its FAIRtracks document."""

from __future__ import annotations

import pytest

from fairgauge.assessment import Assessor
from fairgauge.metrics.profile import load_profile
from fairgauge.model.report import Report
from tests.harvest.corpus import assessor, harvest_archive
from tests.metrics.evidence import assessor_with_ontologies
from tests.sites import site, site_archive


def assess_site(name: str, judge: Assessor) -> Report:
    """The session's harvest of a hand-made site (the ontology files do not change what is harvested),
    scored with the fairtracks profile by ``judge``: with the fixture ontologies or packaged data only."""
    result = harvest_archive(site(name)["identifier"], site_archive(name))
    return judge.evaluate(result, judge.profile("fairtracks"))


def test_profile_extends_fsf_08_with_the_community_metric() -> None:
    profile = load_profile("fairtracks")
    assert profile.extends == "fsf-0.8"
    assert len(profile.scored_metrics) == 18 and profile.total_score == 30
    assert profile.metrics[-1].id == "FAIRtracks-R1.3-01M"


@pytest.fixture(scope="module")
def with_ontologies() -> Report:
    return assess_site("tracks", assessor_with_ontologies())


@pytest.mark.slow
def test_fairtracks_document_is_a_community_standard(with_ontologies: Report) -> None:
    harvest_result = with_ontologies.harvest
    document = harvest_result.community_documents[0]
    assert (document.standard, document.version, document.kind) == ("fairtracks", "1.0.2", "collection")
    community = with_ontologies.result("FsF-R1.3-01M")
    assert community is not None
    assert community.metric_tests["FsF-R1.3-01M-1"].metric_test_status == "pass"
    assert "FAIRtracks" in community.metric_tests["FsF-R1.3-01M-1"].findings[0].message


@pytest.mark.slow
def test_all_fairtracks_tests_pass_when_the_terms_can_be_checked(with_ontologies: Report) -> None:
    metric = with_ontologies.result("FAIRtracks-R1.3-01M")
    assert metric is not None
    statuses = {tid: t.metric_test_status for tid, t in metric.metric_tests.items()}
    assert statuses == {f"FAIRtracks-R1.3-01M-{i}": "pass" for i in range(1, 5)}, [
        f.message for t in metric.metric_tests.values() for f in t.findings
    ]
    assert metric.score.earned == 4 and with_ontologies.summary.score_total["FAIR"] == 30
    formats = metric.metric_tests["FAIRtracks-R1.3-01M-4"].output["track_formats"]
    assert {row["format"] for row in formats} >= {"bigWig"}


@pytest.mark.slow
def test_terms_nobody_can_answer_for_are_an_error_not_a_fail() -> None:
    report = assess_site("tracks", assessor())  # packaged ontologies only: NCIT, OBI and SO are not among them
    metric = report.result("FAIRtracks-R1.3-01M")
    assert metric is not None
    terms = metric.metric_tests["FAIRtracks-R1.3-01M-3"]
    assert terms.metric_test_status == "error"
    assert any(f.code == "tracks.term.ontology_unavailable" for f in terms.findings)
    assert metric.metric_tests["FAIRtracks-R1.3-01M-1"].metric_test_status == "pass"
    assert report.summary.score_unevaluated["FAIR"] >= 1


def test_a_page_without_fairtracks_fails_the_community_metric() -> None:
    metric = assess_site("restricted", assessor()).result("FAIRtracks-R1.3-01M")
    assert metric is not None and metric.test_status == "fail" and metric.score.earned == 0
