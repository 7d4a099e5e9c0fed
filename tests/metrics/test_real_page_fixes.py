"""Extraction and scoring bugs found on real pages (issue 7, section 3), each on a real capture or on a
hand-made site that mirrors the real page's structure (the site's ``about`` names the page it mirrors)."""

from __future__ import annotations

from fairgauge.extract import parse_datacite_api, parse_document
from fairgauge.merge.records import merge_records
from fairgauge.metrics.base import CheckResult
from fairgauge.metrics.registry import CheckRegistry
from fairgauge.model.metadata import Agent, MetadataFields, MetadataRecord
from tests.conftest import FIXTURES
from tests.metrics.evidence import evidence_for

REGISTRY = CheckRegistry.default()
CORPUS = FIXTURES / "corpus"


def run(check_id: str, source: str) -> CheckResult:
    check = REGISTRY.get(check_id)
    return check.evaluate(evidence_for(source), check.params_model())


# 3a: describedby types are metadata formats, not data formats
def test_pangaea_describedby_types_are_not_data_formats() -> None:
    """PANGAEA 836178 (real capture): describedby JSON-LD, RIS and BibTeX are not listed as data formats."""
    evidence = evidence_for("corpus:pangaea-836178_2021-06")
    assert "application/ld+json" not in evidence.harvest.metadata.values("formats")
    result = run("r1.3.file_format", "corpus:pangaea-836178_2021-06")
    rows = result.output["data_file_format"]
    listed = {row["mime_type"] for row in rows}
    assert listed == {"application/zip"}, listed
    assert [row["file_uri"] for row in rows] == [
        "https://store.pangaea.de/Publications/JohanssonE_et_al_2014/johansson_etal-2014.zip"
    ]
    assert result.outcome == "pass"
    assert result.findings[0].message.startswith("1 data file(s) in preferred formats")


def test_describedby_json_ld_does_not_make_a_rar_file_preferred() -> None:
    """The PANGAEA Link header over a RAR file: only the RAR file is judged, and RAR is not preferred."""
    result = run("r1.3.file_format", "site:describedby-formats")
    assert result.outcome == "fail"
    assert [row["mime_type"] for row in result.output["data_file_format"]] == ["application/vnd.rar"]
    links = evidence_for("site:describedby-formats").harvest.signposting.by_rel("describedby")
    assert {link.type for link in links} >= {"application/ld+json", "application/x-bibtex"}


# 3b: only resolutions that happened
def test_url_assessment_resolves_the_doi_the_metadata_names() -> None:
    """Zenodo 1196821 (2021 capture) assessed by URL: no cite-as; the JSON-LD names the DOI, which is resolved."""
    evidence = evidence_for("site:zenodo-2021-by-url")
    harvest = evidence.harvest
    assert harvest.cite_as_resolution is None
    [resolution] = harvest.metadata_pid_resolutions
    exchange = harvest.exchange(resolution.exchange_ids[0])
    assert exchange is not None and exchange.purpose == "metadata_pid_resolution"
    assert exchange.request_url == "https://doi.org/10.5281/zenodo.1196821"
    assert resolution.first_status == 302 and resolution.final_url == "https://www.zenodo.org/record/1196821"
    [row] = run("f1.metadata_identifier_persistent", "site:zenodo-2021-by-url").output["persistent_identifiers"]
    assert row["found_in"] == "metadata" and row["exchange_ids"] == [exchange.id]
    assert row["resolved_url"] == "https://www.zenodo.org/record/1196821"
    registered = run("f1.metadata_pid_registered", "site:zenodo-2021-by-url")
    assert registered.outcome == "pass"
    assert "https://doi.org/10.5281/zenodo.1196821 answered 302" in registered.findings[0].message


def test_a_pid_named_by_cite_as_and_metadata_is_asked_once() -> None:
    """Zenodo 1196821 (2026 capture) assessed by URL: cite-as and the JSON-LD name the same DOI."""
    harvest = evidence_for("site:zenodo-by-url").harvest
    assert harvest.cite_as_resolution is not None and harvest.cite_as_resolution.found_in == "cite-as"
    assert harvest.metadata_pid_resolutions == []
    asked = [e for e in harvest.exchanges if e.request_url.startswith("https://doi.org/")]
    assert [e.purpose for e in asked] == ["cite_as_resolution"]
    [row] = run("f1.metadata_identifier_persistent", "site:zenodo-by-url").output["persistent_identifiers"]
    assert row["found_in"] == "cite-as" and row["exchange_ids"] == [asked[0].id]


def test_a_pid_never_sent_to_its_resolver_shows_no_resolution() -> None:
    """DOI assessed, the metadata also names a Handle: the DOI row shows the DOI's exchange; the Handle row
    says 'not attempted' instead of copying the DOI's resolution onto it."""
    rows = run("f1.metadata_identifier_persistent", "site:describedby-formats").output["persistent_identifiers"]
    by_scheme = {row["pid_scheme"]: row for row in rows}
    assert by_scheme["doi"]["resolvable_status"] is True and by_scheme["doi"]["found_in"] == "identifier"
    handle = by_scheme["handle"]
    assert handle["resolution"] == "not attempted"
    assert handle["resolvable_status"] is None and handle["resolved_url"] is None
    exchanges = evidence_for("site:describedby-formats").harvest.exchanges
    assert not [e for e in exchanges if "hdl.handle.net" in e.request_url]


def test_a_url_assessment_with_no_pid_anywhere_asks_no_resolver() -> None:
    evidence = evidence_for("site:self-reference")
    assert evidence.harvest.metadata_pid_resolutions == []
    assert run("f1.metadata_pid_registered", "site:self-reference").outcome == "fail"


# 3c: show the evidence a test passed on
def test_size_type_or_service_shows_the_dataset_level_total_size() -> None:
    """Zenodo 1196821 (2026 capture): schema.org contentSize '453.12 MB' for the dataset as a whole."""
    result = run("r1.size_type_or_service", "corpus:zenodo-1196821_2026-07")
    assert result.outcome == "pass"
    assert "total size 453.12 MB" in result.findings[0].message
    rows = result.output["data_content_descriptor"]
    assert {"descriptor": "total size", "descriptor_value": "453.12 MB", "url": None} in rows


# 3d: DC.format split
def test_dc_format_with_a_count_is_split_into_format_and_extent() -> None:
    evidence = evidence_for("site:pangaea-collection")
    meta = evidence.harvest.metadata
    assert meta.values("formats") == ["application/zip"]
    assert meta.values("sizes") == ["41 datasets"]
    assert run("r1.3.file_format", "site:pangaea-collection").output["data_file_format"][0]["format"] == "ZIP"
    # a count of datasets is not a file size: the size-and-type test does not pass on it
    assert run("r1.file_size_and_type", "site:pangaea-collection").outcome == "fail"


def test_dc_format_with_a_size_still_gives_format_and_size() -> None:
    """PANGAEA 836178 (real capture): DC.format 'application/zip, 5.5 MBytes'."""
    dc = next(r for r in evidence_for("corpus:pangaea-836178_2021-06").harvest.records if r.standard == "dublin-core")
    assert dc.fields.formats == ["application/zip"] and dc.fields.sizes == ["5.5 MBytes"]


# 3e: DOI given by rel=canonical / og:url
def test_doi_from_canonical_link_and_og_url_is_the_object_identifier() -> None:
    evidence = evidence_for("site:blog-doi")
    [ident] = evidence.harvest.metadata.identifiers
    assert ident.value.value == "https://doi.org/10.5072/blog.signposting-in-practice"
    assert {s.method for s in ident.sources} == {"opengraph", "typed_link"}
    assert evidence.harvest.metadata.values("landing_pages") == []  # a DOI is not a landing page
    result = run("f2.core_citation_metadata", "site:blog-doi")
    assert result.outcome == "pass", result.findings[0].message
    assert result.output["core_metadata_found"]["object_identifier"] == ident.value.value


def test_canonical_link_to_the_page_itself_is_no_identifier() -> None:
    """Zenodo's pages (real captures) name their own URL as canonical: no identifier comes of it."""
    records = evidence_for("corpus:zenodo-1196821_2026-07").harvest.records
    assert not [r for r in records if r.standard == "html-link"]


# 3f: DataCite media records
def test_datacite_media_records_are_content_files() -> None:
    evidence = evidence_for("site:pangaea-media")
    media = "https://store.pangaea.de/Publications/JohanssonE_et_al_2014/TBL_soil_moisture_2010-2013.tab"
    found = next(f for f in evidence.harvest.metadata.content_files if f.value.url == media)
    assert found.value.media_type == "text/tab-separated-values"
    assert [s.method for s in found.sources] == ["datacite_api"]
    assert media in {s.url for s in evidence.harvest.content_samples}
    included = run("f3.data_identifier_included", "site:pangaea-media").output["object_content_identifier_included"]
    assert media in {row["content_identifier_included"]["url"] for row in included}


# 3g: a self-reference is not a related entity
def test_main_entity_of_page_naming_the_page_is_not_a_related_resource() -> None:
    for check_id in ("i3.related_resources", "i3.related_resources_machine_readable"):
        result = run(check_id, "site:self-reference")
        assert result.outcome == "fail", check_id
        assert "self-reference" in result.findings[0].message
        assert result.output["related_resources"] == []
        assert result.output["self_references"][0]["relation_type"] == "mainEntityOfPage"


def test_related_resources_of_real_pages_are_kept() -> None:
    """PANGAEA 836178 (real capture): its ten qualified references are other resources, all kept."""
    result = run("i3.related_resources", "corpus:pangaea-836178_2021-06")
    assert result.outcome == "pass" and len(result.output["related_resources"]) == 10
    assert "self_references" not in result.output


# 3h: Highwire dates
def test_highwire_date_is_iso_8601_with_the_original_kept() -> None:
    """Zenodo 1196821 (2021 capture): citation_publication_date '2018/03/14'."""
    evidence = evidence_for("corpus:zenodo-1196821_2021-06")
    highwire = next(r for r in evidence.harvest.records if r.standard == "highwire")
    [date] = highwire.fields.dates
    assert (date.type, date.value, date.as_found) == ("issued", "2018-03-14", "2018/03/14")
    merged = next(d for d in evidence.harvest.metadata.dates if d.value.value == "2018-03-14")
    assert {s.method for s in merged.sources} >= {"meta_tag", "datacite_api"}  # now one date, two sources


# 3i: og:site_name as the lowest-priority publisher
def test_og_site_name_is_a_publisher_when_nothing_else_names_one() -> None:
    evidence = evidence_for("site:blog-doi")
    [publisher] = evidence.harvest.metadata.publishers
    assert publisher.value.name == "Front Matter" and [s.method for s in publisher.sources] == ["opengraph"]


def test_og_site_name_ranks_last_and_conflicts_are_listed() -> None:
    evidence = evidence_for("site:self-reference")
    names = [p.value.name for p in evidence.harvest.metadata.publishers]
    assert names == ["Front Matter Blog", "Front Matter"]
    [conflict] = [c for c in evidence.harvest.conflicts if c.field == "publishers"]
    assert "opengraph" in conflict.message


def test_site_name_ranks_below_a_source_listed_after_it() -> None:
    """The merge orders by source rank, not by record order: a later DataCite publisher comes first."""
    og = MetadataRecord(
        method="opengraph",
        format="html-meta",
        standard="opengraph",
        fields=MetadataFields(publishers=[Agent(name="Zen")]),
    )
    api = MetadataRecord(
        method="datacite_api",
        format="json",
        standard="datacite",
        fields=MetadataFields(publishers=[Agent(name="Zenodo")]),
    )
    merged, conflicts = merge_records([og, api])
    assert [p.value.name for p in merged.publishers] == ["Zenodo", "Zen"]
    assert [c.field for c in conflicts] == ["publishers"]


# 3j: value IRIs of registered vocabularies
def test_iso_code_list_iris_count_as_registered_semantic_resources() -> None:
    result = run("i2.semantic_resources", "site:iso-codelists")
    assert result.outcome == "pass"
    values = {row["prefix"]: row["value_iri"] for row in result.output["semantic_vocabulary"] if "value_iri" in row}
    assert values["iso19139-cl-2005"].startswith("http://www.isotc211.org/2005/resources/Codelist/gmxCodelists.xml#")
    assert "iso19139-ml-cl-2005" in values


def test_iso19139_record_keeps_its_code_list_iris() -> None:
    body = (CORPUS / "repo-metadata-formats" / "pangaea-902845_iso19139.xml").read_bytes()
    [record] = parse_document(body, media_type="application/xml", url=None, method="content_negotiation").records
    assert "http://www.isotc211.org/2005/resources/Codelist/gmxCodelists.xml#CI_RoleCode" in record.value_iris


def test_spdx_license_iri_counts_and_orcid_does_not() -> None:
    result = run("i2.semantic_resources", "site:self-reference")
    assert result.outcome == "pass"
    [row] = result.output["semantic_vocabulary"]
    assert (row["prefix"], row["value_iri"]) == ("spdx", "https://spdx.org/licenses/CC-BY-4.0")
    # the describedby-formats site names an ORCID only: a person's IRI is not a vocabulary term
    assert run("i2.semantic_resources", "site:describedby-formats").outcome == "fail"


# 3k: DataCite JSON fields read from the embedded XML
def test_datacite_json_null_version_is_read_from_the_embedded_xml() -> None:
    """Zenodo 1196821's DataCite API record: ``version: null`` but ``<version>1.0.2</version>`` in its xml."""
    body = (CORPUS / "pid-metadata" / "zenodo-1196821_datacite-api.json").read_bytes()
    [record] = parse_datacite_api(body, "https://api.datacite.org/dois/10.5281/zenodo.1196821").records
    assert record.fields.versions == ["1.0.2"]
    assert "https://zenodo.org/record/1196821" in [i.value for i in record.fields.identifiers]
    [note] = [f for f in record.findings if f.code == "extract.datacite.filled_from_xml"]
    assert note.params["fields"] == ["identifiers", "versions"]
    merged = evidence_for("corpus:zenodo-1196821_2026-07").harvest.metadata
    version = next(v for v in merged.versions if v.value == "1.0.2")
    assert "datacite_api" in {s.method for s in version.sources}


def test_datacite_json_fields_it_has_are_not_overwritten() -> None:
    """PANGAEA 836178's API record agrees with its XML: nothing is filled, no note."""
    body = (CORPUS / "pid-metadata" / "pangaea-836178_datacite-api.json").read_bytes()
    [record] = parse_datacite_api(body, None).records
    assert not [f for f in record.findings if f.code.startswith("extract.datacite.")]
    assert record.fields.formats == ["application/zip"] and record.fields.sizes == ["5.5 MBytes"]


def test_report_ties_the_f1_test_to_the_resolution_exchange() -> None:
    """The report (as the renderings show it) lists the metadata PID's resolution as evidence of F1-02MD-1, and
    ``fairgauge harvest`` JSON lists it too."""
    from fairgauge.api import assess
    from fairgauge.render.harvest import harvest_to_dict
    from fairgauge.render.report_evidence import exchanges_for
    from tests.harvest.corpus import WARC, assessor

    report = assess(
        "https://www.zenodo.org/record/1196821", replay=[WARC / "zenodo-1196821_2021-06.warc.gz"], assessor=assessor()
    )
    test = next(t for r in report.results for t in r.metric_tests.values() if t.check == "f1.metadata_pid_registered")
    assert test.metric_test_status == "pass"
    purposes = {e.purpose for e in exchanges_for(report, test)}
    assert "metadata_pid_resolution" in purposes
    dumped = harvest_to_dict(report.harvest)
    assert [r["pid"] for r in dumped["metadata_pid_resolutions"]] == ["https://doi.org/10.5281/zenodo.1196821"]


def test_unreadable_embedded_datacite_xml_is_a_warning_and_the_json_is_kept() -> None:
    """Zenodo 1196821's real API record with its xml attribute broken (not base64 XML, or entity-laden XML)."""
    import base64
    import json

    document = json.loads((CORPUS / "pid-metadata" / "zenodo-1196821_datacite-api.json").read_bytes())
    bomb = b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa">]><resource>&a;</resource>'
    for broken in ("%%% not base64 %%%", base64.b64encode(b"<notdatacite/>").decode(), base64.b64encode(bomb).decode()):
        document["data"]["attributes"]["xml"] = broken
        [record] = parse_datacite_api(json.dumps(document).encode(), None).records
        assert [f.code for f in record.findings] == ["extract.datacite.xml_unreadable"], broken
        assert record.fields.versions == [] and len(record.fields.creators) == 6
