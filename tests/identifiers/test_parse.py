"""Identifier interpretation: schemes, normal forms, persistence and resolvable URLs."""

from __future__ import annotations

import pytest

from fairgauge.errors import IdentifierError
from fairgauge.identifiers import Resolvers, detect_scheme, parse_identifier, read_identifier

CASES = [
    # given, scheme, normalized, persistent, resolvable URL
    ("10.5281/zenodo.1196821", "doi", "10.5281/zenodo.1196821", True, "https://doi.org/10.5281/zenodo.1196821"),
    ("doi:10.1594/PANGAEA.836178", "doi", "10.1594/pangaea.836178", True, "https://doi.org/10.1594/PANGAEA.836178"),
    (
        "https://doi.org/10.1594/PANGAEA.836178",
        "doi",
        "10.1594/pangaea.836178",
        True,
        "https://doi.org/10.1594/PANGAEA.836178",
    ),
    ("http://dx.doi.org/10.1234/ABC", "doi", "10.1234/abc", True, "https://doi.org/10.1234/ABC"),
    ("info:doi/10.1234/x", "doi", "10.1234/x", True, "https://doi.org/10.1234/x"),
    ("hdl:11234/1-3105", "handle", "11234/1-3105", True, "https://hdl.handle.net/11234/1-3105"),
    ("https://hdl.handle.net/11234/1-3105", "handle", "11234/1-3105", True, "https://hdl.handle.net/11234/1-3105"),
    ("ark:/13030/tf5p30086k", "ark", "ark:/13030/tf5p30086k", True, "https://n2t.net/ark:/13030/tf5p30086k"),
    ("ark:13030/tf5p30086k", "ark", "ark:/13030/tf5p30086k", True, "https://n2t.net/ark:/13030/tf5p30086k"),
    (
        "https://n2t.net/ark:/13030/tf5p30086k",
        "ark",
        "ark:/13030/tf5p30086k",
        True,
        "https://n2t.net/ark:/13030/tf5p30086k",
    ),
    (
        "urn:nbn:de:101:1-2019",
        "urn:nbn",
        "urn:nbn:de:101:1-2019",
        True,
        "https://nbn-resolving.org/urn:nbn:de:101:1-2019",
    ),
    (
        "https://w3id.org/a2a-fair-metrics/03-http-citeas-only/",
        "w3id",
        "https://w3id.org/a2a-fair-metrics/03-http-citeas-only/",
        True,
        "https://w3id.org/a2a-fair-metrics/03-http-citeas-only/",
    ),
    ("http://purl.org/dc/terms/", "purl", "http://purl.org/dc/terms/", True, "http://purl.org/dc/terms/"),
    ("https://identifiers.org/taxonomy:9606", "curie", "taxonomy:9606", True, "https://identifiers.org/taxonomy:9606"),
    ("taxonomy:9606", "curie", "ncbitaxon:9606", True, "https://identifiers.org/ncbitaxon:9606"),
    ("0000-0002-1825-0097", "orcid", "0000-0002-1825-0097", True, "https://orcid.org/0000-0002-1825-0097"),
    (
        "https://orcid.org/0000-0002-1825-0097",
        "orcid",
        "0000-0002-1825-0097",
        True,
        "https://orcid.org/0000-0002-1825-0097",
    ),
    (
        "https://zenodo.org/records/1196821",
        "url",
        "https://zenodo.org/records/1196821",
        False,
        "https://zenodo.org/records/1196821",
    ),
    (
        "https://doi.pangaea.de/10.1594/PANGAEA.836178",
        "url",
        "https://doi.pangaea.de/10.1594/PANGAEA.836178",
        False,
        "https://doi.pangaea.de/10.1594/PANGAEA.836178",
    ),
    ("f81d4fae-7dec-11d0-a765-00a0c91e6bf6", "uuid", "f81d4fae-7dec-11d0-a765-00a0c91e6bf6", False, None),
    ("urn:uuid:F81D4FAE-7DEC-11D0-A765-00A0C91E6BF6", "uuid", "f81d4fae-7dec-11d0-a765-00a0c91e6bf6", False, None),
    ("d41d8cd98f00b204e9800998ecf8427e", "hash", "d41d8cd98f00b204e9800998ecf8427e", False, None),
    (
        "sha256:E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855",
        "hash",
        "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        False,
        None,
    ),
]


@pytest.mark.parametrize(("given", "scheme", "normalized", "persistent", "url"), CASES, ids=[c[0] for c in CASES])
def test_identifier_interpretation(given: str, scheme: str, normalized: str, persistent: bool, url: str | None) -> None:
    ident = parse_identifier(given)
    assert (ident.scheme, ident.normalized, ident.is_persistent, ident.resolvable_url) == (
        scheme,
        normalized,
        persistent,
        url,
    )
    assert ident.given == given and ident.is_unique


def test_resolvers_come_from_settings() -> None:
    mirror = Resolvers(doi="http://127.0.0.1:9/doi/", n2t="http://127.0.0.1:9/n2t/")
    assert parse_identifier("10.1/x", mirror).resolvable_url == "http://127.0.0.1:9/doi/10.1/x"
    assert parse_identifier("ark:/1234/x", mirror).resolvable_url == "http://127.0.0.1:9/n2t/ark:/1234/x"


@pytest.mark.parametrize("text", ["", "   ", "\n"])
def test_empty_identifier_is_an_error(text: str) -> None:
    with pytest.raises(IdentifierError):
        parse_identifier(text)


@pytest.mark.parametrize("text", ["foo bar", "not an identifier", "12345"])
def test_unrecognised_text_is_neither_unique_nor_persistent(text: str) -> None:
    ident = parse_identifier(text)
    assert ident.scheme == "unknown" and not ident.is_unique and not ident.is_persistent
    assert ident.resolvable_url is None
    assert detect_scheme(text) is None


@pytest.mark.parametrize("text", ["foo", "-", "hello world", "Lake Hald data, 2023", "xyz:abc", "12345"])
def test_text_that_is_no_identifier_cannot_be_assessed(text: str) -> None:
    with pytest.raises(IdentifierError, match="is not an identifier fairgauge can assess"):
        read_identifier(text)


@pytest.mark.parametrize(
    ("text", "scheme"),
    [
        ("file:///etc/passwd", "file:"),
        ("ftp://ftp.example.org/pub/data.csv", "ftp:"),
        ("sftp://example.org/x", "sftp:"),
        ("mailto:data@example.org", "mailto:"),
        ("data:text/plain,hello", "data:"),
        ("gopher://example.org/1", "gopher:"),
    ],
)
def test_urls_fairgauge_cannot_fetch_name_their_scheme(text: str, scheme: str) -> None:
    with pytest.raises(IdentifierError, match=f"unsupported URL scheme '{scheme}'"):
        read_identifier(text)


@pytest.mark.parametrize(
    ("text", "scheme", "url"),
    [
        ("zenodo.org/records/1196821", "url", "https://zenodo.org/records/1196821"),
        ("www.example.org/data/1", "url", "https://www.example.org/data/1"),
        ("doi.org/10.5281/zenodo.1196821", "doi", "https://doi.org/10.5281/zenodo.1196821"),
        ("example.org", "url", "https://example.org"),
    ],
)
def test_url_typed_without_scheme_is_read_as_https(text: str, scheme: str, url: str) -> None:
    ident = read_identifier(text)
    assert ident.scheme == scheme and ident.resolvable_url == url and ident.https_assumed and ident.given == text


@pytest.mark.parametrize(
    "text",
    [
        "10.5281/zenodo.1196821",
        "https://zenodo.org/records/1",
        "urn:uuid:" + "0" * 8 + "-0000-4000-8000-" + "0" * 12,
        "urn:isbn:9780306406157",
    ],
)
def test_identifiers_read_as_parsed(text: str) -> None:
    assert read_identifier(text) == parse_identifier(text)
