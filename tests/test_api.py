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
