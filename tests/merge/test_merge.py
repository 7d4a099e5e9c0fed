"""Merging real records (landing page + DataCite API; one PANGAEA dataset in five formats) and conflicts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fairgauge.extract import extract_embedded, parse_datacite_api, parse_document
from fairgauge.merge.records import merge_records
from fairgauge.model.metadata import (
    AccessRights,
    Agent,
    IdentifierRef,
    License,
    MetadataFields,
    MetadataRecord,
    ResourceType,
)

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "corpus"
PAGES = {
    "pangaea-836178_2021-06": "pangaea-836178_datacite-api.json",
    "zenodo-1196821_2021-06": "zenodo-1196821_datacite-api.json",
    "zenodo-1196821_2026-07": "zenodo-1196821_datacite-api.json",
}


def _page_and_api(name: str) -> list[MetadataRecord]:
    page = CORPUS / "landing-pages" / f"{name}.html"
    url = json.loads(Path(f"{page}.http.json").read_text("utf-8"))["request_uri"]
    records = extract_embedded(page.read_bytes(), url).records
    return records + parse_datacite_api((CORPUS / "pid-metadata" / PAGES[name]).read_bytes(), "https://api.x/").records


def _record(standard: str, method: str = "content_negotiation", **fields: object) -> MetadataRecord:
    return MetadataRecord(method=method, format="json", standard=standard, fields=MetadataFields(**fields))


@pytest.mark.parametrize("name", list(PAGES))
def test_landing_page_and_datacite_agree(name: str) -> None:
    records = _page_and_api(name)
    merged, conflicts = merge_records(records)
    facts = json.loads((CORPUS / "EXPECTED_FACTS.json").read_text("utf-8"))[name]
    assert conflicts == []
    assert len(merged.creators) == facts["creators"]
    doi_entries = [e for e in merged.identifiers if e.value.scheme == "doi"]
    assert len(doi_entries) == 1 and len(doi_entries[0].sources) >= 2  # URL, bare and upper/lower forms merged
    assert len(merged.titles) == 1  # Title Case (DataCite) and the page's title are one title
    assert len(merged.publication_year) == 1
    assert {s.method for s in merged.licenses[0].sources} >= {"json_in_html", "datacite_api"}


def test_orcid_forms_merge_and_keep_the_richest_agent() -> None:
    merged, _ = merge_records(_page_and_api("zenodo-1196821_2026-07"))
    staib = next(e for e in merged.creators if e.value.family_name == "Staib")
    assert {s.method for s in staib.sources} == {"json_in_html", "meta_tag", "datacite_api"}
    assert staib.value.identifiers[0].scheme == "orcid"


def test_pangaea_names_in_both_orders_are_one_creator() -> None:
    merged, _ = merge_records(_page_and_api("pangaea-836178_2021-06"))
    johansson = next(e for e in merged.creators if "Johansson" in e.value.name)
    assert len(johansson.sources) == 3  # "Emma Johansson" (JSON-LD), "Johansson, Emma" (DC meta, DataCite)


def _pangaea_902845() -> list[MetadataRecord]:
    records: list[MetadataRecord] = []
    for name in ("conneg.jsonld", "datacite4.xml", "iso19139.xml", "dif.xml", "panmd.xml"):
        body = (CORPUS / "repo-metadata-formats" / f"pangaea-902845_{name}").read_bytes()
        records += parse_document(
            body, media_type=None, url=f"https://doi.pangaea.de/x?{name}", method="content_negotiation"
        ).records
    return records


def test_dataset_vs_collection_is_a_type_conflict() -> None:
    merged, conflicts = merge_records(_pangaea_902845())
    by_field = {c.field: c for c in conflicts}
    conflict = by_field["resource_types"]
    assert {v.value for v in conflict.values} == {"Dataset", "Collection"}
    assert "Dataset" in conflict.message and "Collection" in conflict.message
    collection = next(v for v in conflict.values if v.value == "Collection")
    assert [s.standard for s in collection.sources] == ["datacite"]
    assert len(merged.titles) == 1 and len(merged.titles[0].sources) == 5
    assert len(merged.publication_year) == 1


def test_license_key_merges_url_and_name_forms() -> None:
    def spdx(license: License) -> str | None:
        text = f"{license.url or ''} {license.name or ''} {license.identifier or ''}".lower()
        return "CC-BY-4.0" if "by/4.0" in text or "cc-by-4.0" in text else None

    without_key, conflicts_without = merge_records(_pangaea_902845())
    with_key, conflicts_with = merge_records(_pangaea_902845(), license_key=spdx)
    assert len(with_key.licenses) == 1 and len(with_key.licenses[0].sources) == 5
    assert len(without_key.licenses) > 1
    assert "licenses" not in {c.field for c in conflicts_with}
    assert "licenses" not in {c.field for c in conflicts_without}  # names only are not compared with URLs


@pytest.mark.parametrize(
    ("a", "b", "field"),
    [
        ({"titles": ["Lake ice"]}, {"titles": ["River ice"]}, "titles"),
        ({"publishers": [Agent(name="Zenodo")]}, {"publishers": [Agent(name="CERN")]}, "publishers"),
        ({"publication_year": 2018}, {"publication_year": 2019}, "publication_year"),
        (
            {"resource_types": [ResourceType(value="Dataset", vocabulary="schema.org")]},
            {"resource_types": [ResourceType(value="x", vocabulary="datacite", general="Software")]},
            "resource_types",
        ),
        (
            {"licenses": [License(url="https://creativecommons.org/licenses/by/4.0/")]},
            {"licenses": [License(url="https://creativecommons.org/publicdomain/zero/1.0/")]},
            "licenses",
        ),
        (
            {"access_rights": [AccessRights(value="open", uri="info:eu-repo/semantics/openAccess")]},
            {"access_rights": [AccessRights(value="Restricted", uri="info:eu-repo/semantics/restrictedAccess")]},
            "access_rights",
        ),
    ],
)
def test_single_valued_disagreements_are_conflicts(a: dict[str, object], b: dict[str, object], field: str) -> None:
    _, conflicts = merge_records([_record("schemaorg", "json_in_html", **a), _record("datacite", **b)])
    assert [c.field for c in conflicts] == [field]
    assert len(conflicts[0].values) == 2
    assert {s.standard for v in conflicts[0].values for s in v.sources} == {"schemaorg", "datacite"}


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ({"titles": ["Lake  Ice."]}, {"titles": ["lake ice"]}),
        (
            {"resource_types": [ResourceType(value="Dataset", vocabulary="schema.org")]},
            {"resource_types": [ResourceType(value="Survey", vocabulary="datacite", general="Dataset")]},
        ),
        (
            {"licenses": [License(url="http://creativecommons.org/licenses/by/4.0/legalcode")]},
            {"licenses": [License(url="https://creativecommons.org/licenses/by/4.0")]},
        ),
        (
            {"access_rights": [AccessRights(value="isAccessibleForFree=true")]},
            {"access_rights": [AccessRights(value="Open Access", uri="info:eu-repo/semantics/openAccess")]},
        ),
        ({"publishers": [Agent(name="PANGAEA")]}, {"publishers": [Agent(name="pangaea")]}),
        (
            {"resource_types": [ResourceType(value="website", vocabulary="opengraph")]},
            {"resource_types": [ResourceType(value="x", vocabulary="datacite", general="Dataset")]},
        ),
    ],
)
def test_equal_after_normalisation_is_no_conflict(a: dict[str, object], b: dict[str, object]) -> None:
    _, conflicts = merge_records([_record("schemaorg", **a), _record("datacite", **b)])
    assert conflicts == []


def test_identifier_normalisation() -> None:
    merged, _ = merge_records(
        [
            _record(
                "schemaorg",
                identifiers=[IdentifierRef(value="https://doi.org/10.5281/ZENODO.1", scheme="doi")],
            ),
            _record("datacite", identifiers=[IdentifierRef(value="10.5281/zenodo.1", scheme="doi")]),
            _record("dublin-core", identifiers=[IdentifierRef(value="doi:10.5281/zenodo.1", scheme="doi")]),
            _record("rdf", identifiers=[IdentifierRef(value="http://dx.doi.org/10.5281/zenodo.1", scheme="doi")]),
        ]
    )
    assert len(merged.identifiers) == 1 and len(merged.identifiers[0].sources) == 4


def test_empty_input() -> None:
    merged, conflicts = merge_records([])
    assert conflicts == [] and merged.titles == [] and merged.publication_year == []
