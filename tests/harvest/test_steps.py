"""Every harvesting step records whether it ran and how it ended, on a real loopback server."""

from __future__ import annotations

from http.server import BaseHTTPRequestHandler

from fairgauge.harvest.harvester import harvest
from fairgauge.model.harvest import HARVEST_STEPS
from fairgauge.settings import Settings
from tests.loopback import serve

PAGE = b"<html><head><title>Lake Hald</title><meta name='DC.title' content='Lake Hald'></head><body>x</body></html>"
SETTINGS = Settings(allow_private_network=True, use_datacite=False, read_timeout=2, request_deadline=3)


def _negotiating(request: BaseHTTPRequestHandler) -> None:
    """HTML for browsers; broken JSON-LD and broken Turtle for machines that negotiate."""
    accept = request.headers.get("Accept", "")
    if accept.startswith("application/vnd.schemaorg.ld+json"):
        body, media_type = b'{"@context": "https://schema.org", "name": ', "application/ld+json"
    elif accept.startswith("text/turtle"):
        body, media_type = b"@prefix dc: <http://purl.org/dc/terms/> .\n<> dc:title 'unterminated", "text/turtle"
    else:
        body, media_type = PAGE, "text/html"
    request.send_response(200)
    request.send_header("Content-Type", media_type)
    request.send_header("Content-Length", str(len(body)))
    request.end_headers()
    request.wfile.write(body)


def test_unreadable_answers_are_parse_errors_and_the_page_is_evidence() -> None:
    with serve({"/data": _negotiating}) as site:
        result = harvest(site.url("/data"), SETTINGS)
    statuses = {o.name: o.status for o in result.outcomes}
    assert statuses["landing_page"] == "ok"
    assert statuses["content_negotiation:schemaorg@landing"] == "parse_error"
    assert statuses["content_negotiation:rdf@landing"] == "parse_error"
    assert statuses["signposting"] == "empty" and statuses["datacite_api"] == "skipped"
    assert result.reachability.status == "assessed"
    assert {o.step for o in result.outcomes} <= set(HARVEST_STEPS)


def test_steps_that_need_the_landing_page_inherit_its_failure() -> None:
    with serve({}) as site:
        dead = site.base
    result = harvest(f"{dead}/data", SETTINGS)
    landing = result.outcome("landing_page")
    signposting = result.outcome("signposting")
    assert landing is not None and landing.status == "network_error" and landing.failed
    assert signposting is not None and signposting.status == "network_error" and not signposting.exchange_ids
    assert landing.ran and not signposting.ran
    assert signposting.message and signposting.message.startswith("not run: the landing page was not read")
    assert result.reachability.status == "not_assessed"
    assert result.reachability.reason and "connection to" in result.reachability.reason
