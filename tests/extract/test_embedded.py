"""Embedded metadata on the three real landing pages, and hand-made pages for the other formats."""

from __future__ import annotations

import pytest

from fairgauge.extract.html.embedded import extract_embedded
from fairgauge.model.metadata import MetadataRecord
from tests.extract._corpus import corpus, expected_facts, formats, sidecar

PAGES = ["pangaea-836178_2021-06", "zenodo-1196821_2021-06", "zenodo-1196821_2026-07"]


def _page(name: str) -> tuple[bytes, str]:
    path = f"landing-pages/{name}.html"
    return corpus(path), sidecar(path)["request_uri"]


def _jsonld(records: list[MetadataRecord]) -> MetadataRecord:
    return next(r for r in records if r.method == "json_in_html")


@pytest.mark.parametrize("name", PAGES)
def test_landing_page_jsonld_matches_expected_facts(name: str) -> None:
    html, url = _page(name)
    facts = expected_facts()[name]
    result = extract_embedded(html, url)
    record = _jsonld(result.records)
    assert record.standard == "schemaorg" and record.format == "json-ld" and record.url == url
    assert "http://schema.org/" in record.namespaces
    assert len(record.fields.creators) == facts["creators"]
    assert [i.value.lower() for i in record.fields.identifiers if i.scheme == "doi"] == [
        f"https://doi.org/{facts['doi']}".lower()
    ]
    assert facts["type"] in record.raw_types
    if "publisher" in facts:
        assert [p.name for p in record.fields.publishers] == [facts["publisher"]]
    if "title_startswith" in facts:
        assert record.fields.titles[0].startswith(facts["title_startswith"])


@pytest.mark.parametrize(
    ("name", "license_url"),
    [
        ("pangaea-836178_2021-06", "https://creativecommons.org/licenses/by/3.0/"),
        ("zenodo-1196821_2021-06", "https://creativecommons.org/licenses/by-sa/4.0/legalcode"),
        ("zenodo-1196821_2026-07", "https://creativecommons.org/licenses/by-sa/4.0/legalcode"),
    ],
)
def test_landing_page_license(name: str, license_url: str) -> None:
    html, url = _page(name)
    assert [lic.url for lic in _jsonld(extract_embedded(html, url).records).fields.licenses] == [license_url]


def test_pangaea_page_details() -> None:
    html, url = _page("pangaea-836178_2021-06")
    result = extract_embedded(html, url)
    record = _jsonld(result.records)
    assert record.fields.publication_year == 2014
    orcids = [i.value for c in record.fields.creators for i in c.identifiers if i.scheme == "orcid"]
    assert orcids == ["https://orcid.org/0000-0002-6553-8982", "https://orcid.org/0000-0001-6058-1466"]
    assert any(
        r.relation_type == "^isBasedOn" and r.identifier == "https://doi.org/10.5194/essd-7-93-2015"
        for r in record.fields.related
    )
    assert result.formats_found == ["json-ld", "opengraph", "dublin-core"]
    dc = next(r for r in result.records if r.standard == "dublin-core")
    assert dc.method == "meta_tag" and len(dc.fields.creators) == 8
    assert [p.name for p in dc.fields.publishers] == ["PANGAEA"]
    assert dc.fields.licenses[0].url == "https://creativecommons.org/licenses/by/3.0/"
    assert dc.fields.access_rights[0].uri == "info:eu-repo/semantics/openAccess"
    assert dc.fields.formats == ["application/zip"] and dc.fields.sizes == ["5.5 MBytes"]
    assert "http://purl.org/dc/terms/" in dc.namespaces


def test_pangaea_links_one_per_rel_and_resolved() -> None:
    html, url = _page("pangaea-836178_2021-06")
    links = extract_embedded(html, url).links
    described = [link for link in links if link.rel == "describedby"]
    assert len(described) == 3 and described[0].type == "application/ld+json"
    assert [link.href for link in links if link.rel == "cite-as"] == ["https://doi.org/10.1594/PANGAEA.836178"]
    assert len([link for link in links if link.rel == "author"]) == 2
    assert all(link.source == "html" and link.context_url == url for link in links)
    stylesheet = next(link for link in links if link.rel == "stylesheet")
    assert stylesheet.href.startswith("https://fonts.googleapis.com/")  # protocol-relative resolved
    shortcut = [link for link in links if link.rel in ("shortcut", "icon")]
    assert {link.rel for link in shortcut} == {"shortcut", "icon"}  # rel="shortcut icon" gives two links


def test_zenodo_2021_has_no_publisher_but_highwire_and_files() -> None:
    html, url = _page("zenodo-1196821_2021-06")
    result = extract_embedded(html, url)
    record = _jsonld(result.records)
    assert record.fields.publishers == []
    assert len(record.fields.content_files) == 3
    assert result.formats_found == ["json-ld", "opengraph", "highwire"]
    highwire = next(r for r in result.records if r.standard == "highwire")
    assert len(highwire.fields.creators) == 6 and highwire.fields.publication_year == 2018
    assert highwire.fields.identifiers[0].scheme == "doi"
    alternates = [link.href for link in result.links if link.rel == "alternate"]
    assert "https://www.zenodo.org/record/1196821/files/Data.zip" in alternates


def test_zenodo_2026_author_and_creator_counted_once() -> None:
    html, url = _page("zenodo-1196821_2026-07")
    record = _jsonld(extract_embedded(html, url).records)
    assert len(record.fields.creators) == 6
    assert record.fields.sizes == ["453.12 MB"]
    assert [link.rel for link in extract_embedded(html, url).links].count("item") == 3


@pytest.mark.parametrize("name", PAGES)
def test_real_pages_are_not_javascript_generated(name: str) -> None:
    html, url = _page(name)
    assert extract_embedded(html, url).javascript_generated is False


@pytest.mark.parametrize(
    ("fixture", "expected_formats", "standard", "title"),
    [
        ("html/microdata.html", ["microdata"], "schemaorg", "Sea surface temperature 2019"),
        ("html/rdfa.html", ["rdfa", "opengraph"], "schemaorg", "Soil moisture at Hainich 2020"),
        ("html/dc_meta.html", ["dublin-core"], "dublin-core", "Lake ice phenology"),
        ("html/highwire.html", ["highwire"], "highwire", "A study of glaciers"),
        ("html/jsonld_graph.html", ["json-ld"], "schemaorg", "Graph dataset"),
    ],
)
def test_hand_made_pages(fixture: str, expected_formats: list[str], standard: str, title: str) -> None:
    result = extract_embedded(formats(fixture), "https://example.org/page/1")
    assert result.formats_found == expected_formats
    record = next(r for r in result.records if r.standard == standard)
    assert record.fields.titles[0] == title


def test_rdfa_excludes_opengraph_triples() -> None:
    result = extract_embedded(formats("html/rdfa.html"), "https://example.org/page/1")
    rdfa = next(r for r in result.records if r.method == "rdfa")
    assert not any(ns.startswith("http://ogp.me/") for ns in rdfa.namespaces)
    assert rdfa.fields.licenses[0].url == "https://creativecommons.org/licenses/by/4.0/"
    assert [c.name for c in rdfa.fields.creators] == ["Jane Doe"]
    og = next(r for r in result.records if r.method == "opengraph")
    assert og.fields.titles == ["Soil moisture (OpenGraph title)"]


def test_microdata_nested_items() -> None:
    result = extract_embedded(formats("html/microdata.html"), "https://example.org/page/1")
    record = result.records[0]
    assert record.method == "microdata"
    assert [c.name for c in record.fields.creators] == ["Ana Silva"]
    assert record.fields.creators[0].identifiers[0].scheme == "orcid"
    assert record.fields.content_files[0].url == "https://example.org/files/sst2019.nc"
    assert record.fields.measured_variables == ["sea_surface_temperature"]


def test_highwire_author_orcid_attaches_to_author() -> None:
    record = extract_embedded(formats("html/highwire.html"), "https://example.org/a").records[0]
    first, second = record.fields.creators
    assert first.identifiers[0].value == "0000-0002-1825-0097" and second.identifiers == []
    assert second.affiliations == ["University of Bergen"]
    assert record.fields.content_files[0].media_type == "application/pdf"
    assert record.fields.keywords == ["glaciers", "climate"]


def test_unknown_charset_falls_back() -> None:
    html = b'<html><head><meta name="DC.title" content="Caf\xc3\xa9"></head><body>x</body></html>'
    result = extract_embedded(html, "https://example.org/", content_type="text/html; charset=no-such-charset")
    assert result.records[0].fields.titles == ["Caf\u00e9"]


def test_jsonld_graph_and_broken_block_and_base_href() -> None:
    result = extract_embedded(formats("html/jsonld_graph.html"), "https://example.org/page/1")
    assert [f.code for f in result.findings] == ["extract.html.jsonld_invalid"]
    record = result.records[0]
    assert [c.name for c in record.fields.creators] == ["Graph Person"]
    assert record.fields.creators[0].identifiers[0].value == "https://orcid.org/0000-0001-2345-6789"
    item = next(link for link in result.links if link.rel == "item")
    assert item.href == "https://files.example.org/data/v2/table.csv"  # resolved against <base href>
    assert item.profile == "https://example.org/profile" and item.attributes == {"title": "Table"}
    assert item.anchor == "https://example.org/page/1"


def test_javascript_generated_page() -> None:
    assert extract_embedded(formats("html/js_app.html"), "https://example.org/").javascript_generated is True


@pytest.mark.parametrize("body", [b"", b"   ", b"\x00\x01\x02", b"<html><body>\xff\xfe</body></html>"])
def test_odd_bodies_never_raise(body: bytes) -> None:
    result = extract_embedded(body, "https://example.org/")
    assert result.records == [] or all(r.url == "https://example.org/" for r in result.records)
    if not body.strip():
        assert [f.code for f in result.findings] == ["extract.empty"]


def test_unknown_context_in_page_is_a_page_finding() -> None:
    html = (
        b'<html><head><script type="application/ld+json">{"@context": "https://example.org/ctx.jsonld", '
        b'"@type": "Dataset", "name": "x"}</script></head><body>text</body></html>'
    )
    result = extract_embedded(html, "https://example.org/p")
    assert [f.code for f in result.findings] == ["extract.jsonld.context_unavailable"]
    assert result.formats_found == ["json-ld"]
