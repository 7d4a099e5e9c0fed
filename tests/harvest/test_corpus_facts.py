"""Each landing-page archive harvests to the facts recorded for it, with provenance on every value."""

from __future__ import annotations

import pytest

from fairgauge.model.harvest import HarvestResult
from tests.harvest.corpus import FACTS, assessor, harvest_landing_capture

NAMES = sorted(FACTS)


def _spdx_ids(result: HarvestResult) -> set[str]:
    ref = assessor().ref
    ids = set()
    for item in result.metadata.licenses:
        text = item.value.url or item.value.identifier or item.value.name or ""
        match = ref.match_license(text)
        if match:
            ids.add(match.spdx_id)
    return ids


@pytest.mark.parametrize("name", NAMES)
def test_archive_harvests_to_its_facts(name: str) -> None:
    facts = FACTS[name]
    result = harvest_landing_capture(name)
    assert result.identifier.scheme == "doi"
    assert result.identifier.normalized == facts["doi"].lower()
    assert result.pid_resolution.redirected and result.pid_resolution.final_status == 200
    assert facts["license_spdx"] in _spdx_ids(result)
    assert facts["type"] in {t.value.value for t in result.metadata.resource_types}
    assert len(result.metadata.creators) == facts["creators"]
    fair_rels = {"cite-as", "describedby", "item", "license", "author", "type", "linkset"}
    header_rels = {link.rel for link in result.signposting.links if link.source == "header"}
    assert bool(header_rels & fair_rels) is facts["signposting"]
    if "publisher" in facts:
        assert facts["publisher"] in {p.value.name for p in result.metadata.publishers}
    if "title_startswith" in facts:
        assert any(t.startswith(facts["title_startswith"]) for t in result.metadata.values("titles"))


@pytest.mark.parametrize("name", NAMES)
def test_every_merged_value_names_its_sources(name: str) -> None:
    result = harvest_landing_capture(name)
    record_sources = {(r.method, r.url) for r in result.records}
    for field_name in type(result.metadata).model_fields:
        for item in getattr(result.metadata, field_name):
            assert item.sources, field_name
            assert all((s.method, s.url) in record_sources for s in item.sources)


@pytest.mark.parametrize("name", NAMES)
def test_embedded_and_registry_records_are_both_harvested(name: str) -> None:
    result = harvest_landing_capture(name)
    methods = {r.method for r in result.records}
    assert {"json_in_html", "datacite_api"} <= methods
    datacite = result.outcome("datacite_api")
    assert datacite is not None and datacite.status == "ok"


def test_zenodo_2021_json_ld_lacks_the_publisher_that_datacite_gives() -> None:
    result = harvest_landing_capture("zenodo-1196821_2021-06")
    embedded = next(r for r in result.records if r.method == "json_in_html")
    assert embedded.fields.publishers == []
    publisher = next(p for p in result.metadata.publishers if p.value.name == "Zenodo")
    # og:site_name "Zenodo" agrees (issue 7, 3i): the lowest-priority publisher source, listed with DataCite
    assert {s.method for s in publisher.sources} == {"datacite_api", "opengraph"}
    assert not [c for c in result.conflicts if c.field == "publishers"]


def test_every_exchange_is_recorded_with_its_request() -> None:
    result = harvest_landing_capture("pangaea-836178_2021-06")
    landing = next(e for e in result.exchanges if e.purpose == "landing_page")
    assert landing.request_url == "https://doi.org/10.1594/PANGAEA.836178"
    assert landing.final_url == "https://doi.pangaea.de/10.1594/PANGAEA.836178"
    assert landing.accept and "text/html" in landing.accept
    assert landing.redirects[0].status == 302 and landing.replayed
    assert any(e.error_kind == "not_in_archive" for e in result.exchanges)  # reported, not hidden
