"""Property tests: no input makes a public extractor raise or hit its internal-error guard."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from fairgauge.extract import (
    extract_embedded,
    parse_csw,
    parse_datacite_api,
    parse_document,
    parse_oai_pmh,
    parse_re3data,
    parse_sparql,
)
from tests.extract._corpus import corpus

SEEDS = [
    corpus("datacite-xml/bolognese_datacite.xml"),
    corpus("repo-metadata-formats/pangaea-902845_conneg.jsonld"),
    corpus("oai-pmh/zenodo_ListMetadataFormats_2023-09.xml"),
    corpus("signposting/a2a-benchmark/41-rda-f2-01m-t2-dct-attributes/metadata.ttl"),
]


def _mutations() -> st.SearchStrategy[bytes]:
    """Random bytes, and corpus documents cut short or with bytes flipped (closer to real breakage)."""
    cut = st.tuples(st.sampled_from(SEEDS), st.floats(0, 1)).map(lambda p: p[0][: int(len(p[0]) * p[1])])
    flipped = st.tuples(st.sampled_from(SEEDS), st.integers(0, 10_000), st.binary(min_size=1, max_size=8)).map(
        lambda p: p[0][: p[1] % len(p[0])] + p[2] + p[0][p[1] % len(p[0]) + len(p[2]) :]
    )
    return st.one_of(st.binary(max_size=300), cut, flipped)


@settings(max_examples=60, deadline=None, database=None)
@given(
    body=_mutations(),
    media_type=st.sampled_from(
        [None, "text/html", "application/ld+json", "text/turtle", "application/xml", "application/json"]
    ),
)
def test_parse_document_never_raises(body: bytes, media_type: str | None) -> None:
    parsed = parse_document(body, media_type=media_type, url="https://example.org/f", method="file")
    assert not any(f.code == "extract.internal_error" for f in parsed.findings), parsed.findings


@settings(max_examples=40, deadline=None, database=None)
@given(body=_mutations())
def test_entry_points_never_raise(body: bytes) -> None:
    for parse in (parse_datacite_api, parse_re3data, parse_oai_pmh, parse_csw):
        parsed = parse(body, None)
        assert not any(f.code == "extract.internal_error" for f in parsed.findings), (parse, parsed.findings)
    assert not any(f.code == "extract.internal_error" for f in parse_sparql(body, None, None).findings)
    extract_embedded(body, "https://example.org/")
