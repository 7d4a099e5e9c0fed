"""The one-call Python API: ``fairgauge.assess(identifier, ...) -> Report``, over the process's shared
services (one HTTP client with its connection pool, one assessor, archives loaded once)."""

from __future__ import annotations

from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

import fairgauge
from fairgauge.errors import ProfileError
from fairgauge.model.report import Report
from fairgauge.settings import Settings
from tests.conftest import FIXTURES
from tests.loopback import serve

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
    assert one.ssl_context is two.ssl_context is tls_context()


def test_a_profile_file_is_parsed_again_when_it_changes(tmp_path: Path) -> None:
    from fairgauge.assessment import Assessor

    path = tmp_path / "mine.yaml"
    path.write_text("extends: fsf-0.8\nid: mine\ntitle: Mine\nversion: '1'\n", encoding="utf-8")
    assessor = Assessor(Settings(cache_dir=tmp_path))
    assert assessor.profile(str(path)).title == "Mine"
    assert assessor.profile(str(path)) is assessor.profile(str(path))
    path.write_text("extends: fsf-0.8\nid: mine\ntitle: Mine, edited\nversion: '2'\n", encoding="utf-8")
    assert assessor.profile(str(path)).title == "Mine, edited"


PAGE = b"""<!doctype html><html lang="en"><head><title>Lake levels</title>
<meta name="DC.title" content="Lake levels"><meta name="DC.rights" content="https://spdx.org/licenses/CC0-1.0">
</head><body><h1>Lake levels</h1></body></html>"""


def test_two_calls_share_one_http_client_and_its_connections(tmp_path: Path) -> None:
    """The second call reuses the first call's client: same services, same pool, and the loopback server
    sees it come back over the connections the first call opened (a client per call would open new ones)."""
    from fairgauge.api import shared_services

    ports: list[set[int]] = [set()]

    def page(handler: BaseHTTPRequestHandler) -> None:
        ports[-1].add(handler.client_address[1])
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html; charset=utf-8")
        handler.send_header("Content-Length", str(len(PAGE)))
        handler.end_headers()
        handler.wfile.write(PAGE)

    settings = Settings(cache_dir=tmp_path, allow_private_network=True, use_datacite=False)
    with serve({"/lake": page}) as site:
        first = fairgauge.assess(site.url("/lake"), settings=settings)
        services = shared_services(settings)
        pool = dict(services.http._pools)
        ports.append(set())
        second = fairgauge.assess(
            site.url("/lake"), settings=Settings(cache_dir=tmp_path, allow_private_network=True, use_datacite=False)
        )
    assert first.assessment_status == second.assessment_status == "assessed"
    assert shared_services(settings) is services and len(pool) == 1
    assert services.http._pools == pool, "the second call used the same transport (connection pool)"
    assert ports[0] and ports[1] and ports[1] <= ports[0], f"new connections: {ports[1] - ports[0]}"


def test_archives_are_loaded_once_per_process(tmp_path: Path) -> None:
    from fairgauge.api import shared_services

    settings = Settings(cache_dir=tmp_path)
    fairgauge.assess("doi:10.1594/PANGAEA.836178", replay=[ARCHIVE], settings=settings)
    archive = shared_services(settings, replay=[ARCHIVE]).http.archive
    fairgauge.assess("doi:10.1594/PANGAEA.836178", replay=[ARCHIVE], settings=settings)
    assert archive is not None and shared_services(settings, replay=[str(ARCHIVE)]).http.archive is archive


def test_a_metadata_service_endpoint_needs_its_type(tmp_path: Path) -> None:
    from fairgauge.errors import InputError

    with pytest.raises(InputError, match="must be given together"):
        fairgauge.assess(
            "doi:10.1594/PANGAEA.836178",
            replay=[ARCHIVE],
            settings=Settings(cache_dir=tmp_path),
            metadata_service_endpoint="https://ws.pangaea.de/oai/provider",
        )
