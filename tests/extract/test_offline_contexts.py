"""The offline JSON-LD context loader: every common spelling answers from the bundle, nothing is fetched."""

from __future__ import annotations

import time

import pytest
from pyld import jsonld

from fairgauge.extract import extract_embedded, parse_document
from fairgauge.extract.html.structured import has_microdata, has_rdfa
from fairgauge.refdata.jsonld import (
    RO_CRATE_1_1,
    SCHEMA_ORG,
    ContextNotAvailableError,
    context_key,
    document_loader,
    inline_contexts,
    load_context,
)
from tests.extract._corpus import corpus, formats


@pytest.mark.parametrize(
    "url",
    [
        "http://schema.org",
        "https://schema.org",
        "http://schema.org/",
        "https://schema.org/",
        "schema.org",
        "schema.org/",
        "//schema.org/",
        "https://www.schema.org/",
        "HTTPS://schema.org/#",
        "https://schema.org/docs/jsonldcontext.jsonld",
        "http://schema.org/docs/jsonldcontext.json",
        " https://schema.org ",
    ],
)
def test_schema_org_spellings(url: str) -> None:
    assert context_key(url) == SCHEMA_ORG
    context = load_context(url)
    assert context is not None and context["@context"]["@vocab"] == "http://schema.org/"


@pytest.mark.parametrize(
    ("url", "key"),
    [
        ("https://w3id.org/ro/crate/1.1/context", RO_CRATE_1_1),
        ("http://w3id.org/ro/crate/1.1/context/", RO_CRATE_1_1),
        ("https://example.org/context.jsonld", None),
        ("https://schema.org/Dataset", None),
        ("ftp://schema.org/", None),
        ("", None),
        ("urn:x", None),
    ],
)
def test_other_urls(url: str, key: str | None) -> None:
    assert context_key(url) == key


def test_pyld_loader_answers_offline_and_refuses_unknown() -> None:
    document = {"@context": "https://schema.org/", "@type": "Dataset", "name": "x"}
    expanded = jsonld.expand(document, {"documentLoader": document_loader})
    assert expanded[0]["@type"] == ["http://schema.org/Dataset"]
    with pytest.raises(ContextNotAvailableError):
        document_loader("https://example.org/unknown-context")


def test_loader_returns_fresh_copies() -> None:
    first = document_loader("https://schema.org/")["document"]
    first["@context"]["@vocab"] = "mutated"
    assert document_loader("https://schema.org/")["document"]["@context"]["@vocab"] == "http://schema.org/"


def test_inline_contexts_reports_unknown() -> None:
    inlined, missing = inline_contexts({"@context": ["https://schema.org/", "https://example.org/c"], "name": "x"})
    assert missing == ["https://example.org/c"]
    assert inlined["@context"][0]["@vocab"] == "http://schema.org/" and inlined["@context"][1] == {}


@pytest.mark.parametrize(
    "body",
    [
        b'{"@context": "http://schema.org", "@type": "Dataset", "name": "a"}',
        b'{"@context": {"@vocab": "https://schema.org/"}, "@type": "Dataset", "name": "b"}',
        b'{"@context": "https://w3id.org/ro/crate/1.1/context", '
        b'"@graph": [{"@id": "./", "@type": "Dataset", "name": "c"}]}',
        b'{"@context": ["https://schema.org/docs/jsonldcontext.jsonld", {"ex": "http://ex.org/"}], '
        b'"@type": "ex:Thing", "name": "d"}',
    ],
)
def test_documents_parse_without_network(body: bytes) -> None:
    # the autouse network guard (tests/conftest.py) turns any fetch into an error finding or exception
    parsed = parse_document(body, media_type="application/ld+json", url="https://example.org/", method="file")
    assert parsed.records
    assert not any(f.code in ("extract.jsonld.invalid", "extract.internal_error") for f in parsed.findings)
    assert not any(f.code == "extract.jsonld.context_unavailable" for r in parsed.records for f in r.findings)


@pytest.mark.parametrize("name", ["pangaea-836178_2021-06", "zenodo-1196821_2021-06", "zenodo-1196821_2026-07"])
def test_landing_pages_stay_on_the_fast_path(name: str) -> None:
    import lxml.html

    html = corpus(f"landing-pages/{name}.html")
    root = lxml.html.document_fromstring(html)
    assert not has_rdfa(root)  # OpenGraph <meta property="og:..."> alone does not trigger pyRdfa
    assert not has_microdata(root)  # Zenodo's bare <body itemscope> has no itemprop: no microdata to read
    extract_embedded(html, "https://example.org/")
    start = time.process_time()
    for _ in range(5):
        extract_embedded(html, "https://example.org/")
    assert (time.process_time() - start) / 5 < 0.05  # generous: the target is 10 ms (see bench/extract.py)


def test_rdfa_page_is_detected() -> None:
    import lxml.html

    assert has_rdfa(lxml.html.document_fromstring(formats("html/rdfa.html")))
