"""The one-call Python API: ``fairgauge.assess(identifier, ...) -> Report``."""

from __future__ import annotations

from pathlib import Path

import pytest

import fairgauge
from fairgauge.errors import ProfileError
from fairgauge.model.report import Report
from fairgauge.settings import Settings
from tests.conftest import FIXTURES

ARCHIVE = FIXTURES / "warc" / "pangaea-836178_2021-06.warc.gz"


def test_assess_returns_a_report(tmp_path: Path) -> None:
    settings = Settings(cache_dir=tmp_path)
    report = fairgauge.assess("doi:10.1594/PANGAEA.836178", replay=[ARCHIVE], settings=settings)
    assert isinstance(report, Report)
    assert report.resolved_url == "https://doi.pangaea.de/10.1594/PANGAEA.836178"
    assert report.request.normalized_object_identifier == "10.1594/pangaea.836178"
    assert report.summary.score_total["FAIR"] == 26 and report.total_metrics == 17
    assert report.request.replayed_archives == [str(ARCHIVE)]
    older = fairgauge.assess("doi:10.1594/PANGAEA.836178", replay=[str(ARCHIVE)], settings=settings, profile="fsf-0.5")
    assert older.summary.score_total["FAIR"] == 24 and older.metric_version == "0.5"


def test_unknown_profile_fails_before_any_request(tmp_path: Path) -> None:
    with pytest.raises(ProfileError, match="unknown profile"):
        fairgauge.assess(
            "doi:10.1594/PANGAEA.836178", replay=[ARCHIVE], profile="fsf-7", settings=Settings(cache_dir=tmp_path)
        )


def test_one_call_api_reuses_parsed_profiles_and_tls_context_per_process(tmp_path: Path) -> None:
    from fairgauge.assessment import shared_assessor
    from fairgauge.harvest.network import live_transport, tls_context

    settings = Settings(cache_dir=tmp_path)
    first = fairgauge.assess("doi:10.1594/PANGAEA.836178", replay=[ARCHIVE], settings=settings)
    assessor = shared_assessor(Settings(cache_dir=tmp_path))  # equal settings: the same assessor
    profile = assessor.profile("fsf-0.8")
    second = fairgauge.assess("doi:10.1594/PANGAEA.836178", replay=[ARCHIVE], settings=settings)
    assert assessor.profile("fsf-0.8") is profile
    assert second.summary.score_percent == first.summary.score_percent
    assert shared_assessor(Settings(cache_dir=tmp_path, max_redirects=3)) is not assessor
    one, two = live_transport(settings), live_transport(settings.model_copy(update={"allow_private_network": True}))
    assert one._pool._ssl_context is two._pool._ssl_context is tls_context()


def test_a_profile_file_is_parsed_again_when_it_changes(tmp_path: Path) -> None:
    from fairgauge.assessment import Assessor

    path = tmp_path / "mine.yaml"
    path.write_text("extends: fsf-0.8\nid: mine\ntitle: Mine\nversion: '1'\n", encoding="utf-8")
    assessor = Assessor(Settings(cache_dir=tmp_path))
    assert assessor.profile(str(path)).title == "Mine"
    assert assessor.profile(str(path)) is assessor.profile(str(path))
    path.write_text("extends: fsf-0.8\nid: mine\ntitle: Mine, edited\nversion: '2'\n", encoding="utf-8")
    assert assessor.profile(str(path)).title == "Mine, edited"
