"""One malformed value is a coded finding, never an exception; nesting is bounded before parsing."""

from __future__ import annotations

import json
import time

import lxml.html
import pytest

from fairgauge.extract import extract_embedded, parse_document
from fairgauge.extract.limits import MAX_NESTING_DEPTH, itemscope_depth, json_depth, turtle_depth
from fairgauge.harvest.typed_links import links_from_headers, links_from_linkset
from fairgauge.identifiers import parse_identifier
from fairgauge.model.findings import Finding

URL = "https://example.org/landing"


def _codes(findings: list[Finding]) -> set[str]:
    return {f.code for f in findings}


def _page(head: str = "", body: str = "", jsonld: str | None = None) -> bytes:
    script = f'<script type="application/ld+json">{jsonld}</script>' if jsonld is not None else ""
    return f"<html><head>{head}{script}</head><body><p>Visible text.</p>{body}</body></html>".encode()


def _nested_schemaorg(depth: int) -> str:
    """A Dataset whose ``about`` chain makes the document ``depth`` objects deep in all."""
    inner = '{"@type": "Thing", "about": ' * (depth - 2) + '{"name": "leaf"}' + "}" * (depth - 2)
    return '{"@context": "https://schema.org", "@type": "Dataset", "name": "Deep", "about": ' + inner + "}"


# --- depth measured on the text ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "depth"),
    [
        ("1", 0),
        ("{}", 1),
        ('[{"a": [1]}]', 3),
        ('"[[[["', 0),
        ('{"a": "]]]"}', 1),
        ('{"a": "\\"[[["}', 1),
        ('{"a": "\\\\", "b": [[1]]}', 3),
        ("[" * 70 + "]" * 70, MAX_NESTING_DEPTH + 1),  # counting stops just past the limit
    ],
)
def test_json_depth_ignores_brackets_in_strings(text: str, depth: int) -> None:
    assert json_depth(text) == depth
    assert json_depth(text.encode()) == depth
    assert json_depth(text.encode("utf-16")) == depth


def test_turtle_depth_ignores_strings_iris_and_comments() -> None:
    body = b'@prefix : <http://e/> . # [[[[\n:a :b [ :c ( 1 [ :d "x[[" ] ) ] ; :e """ ((( """ ; :f <http://e/[> .'
    assert turtle_depth(body) == 3


def test_itemscope_depth_counts_items_not_elements() -> None:
    root = lxml.html.document_fromstring(
        "<html><body><div itemscope><div><div><span itemprop=a itemscope><i itemscope></i></span></div></div></div>"
        "<p itemscope></p></body></html>"
    )
    assert itemscope_depth(root) == 3


# --- JSON-LD ---------------------------------------------------------------------------------------


def test_jsonld_at_the_depth_limit_is_read_and_one_deeper_is_refused() -> None:
    at_limit = extract_embedded(_page(jsonld=_nested_schemaorg(MAX_NESTING_DEPTH)), URL)
    assert [r.fields.titles for r in at_limit.records if r.method == "json_in_html"] == [["Deep"]]
    assert "extract.nesting_too_deep" not in _codes(at_limit.findings)
    beyond = extract_embedded(
        _page(head='<meta name="DC.title" content="Still read">', jsonld=_nested_schemaorg(MAX_NESTING_DEPTH + 1)), URL
    )
    too_deep = next(f for f in beyond.findings if f.code == "extract.nesting_too_deep")
    assert too_deep.severity == "warning" and too_deep.params == {"limit": MAX_NESTING_DEPTH, "block": 1}
    assert not [r for r in beyond.records if r.method == "json_in_html"]
    assert any(r.fields.titles == ["Still read"] for r in beyond.records)  # the rest of the page is still read


@pytest.mark.parametrize("depth", [300, 1000, 100_000])
def test_deep_json_documents_are_refused_before_any_parser_recurses(depth: int) -> None:
    body = ("[" * depth + "]" * depth).encode()
    for media_type in ("application/json", "application/ld+json", "application/sparql-results+json"):
        parsed = parse_document(body, media_type=media_type, url=URL, method="content_negotiation")
        assert _codes(parsed.findings) >= {"extract.nesting_too_deep"}, media_type
        assert [f.severity for f in parsed.findings if f.code == "extract.nesting_too_deep"] == ["error"]


def test_deep_non_schemaorg_jsonld_is_refused_before_pyld() -> None:
    inner = '{"http://ex.org/p": ' * 300 + '{"http://ex.org/n": "x"}' + "}" * 300
    body = ('{"@context": {"ex": "http://ex.org/"}, "@type": "ex:Dataset", "http://ex.org/q": ' + inner + "}").encode()
    parsed = parse_document(body, media_type="application/ld+json", url=URL, method="content_negotiation")
    assert "extract.nesting_too_deep" in _codes(parsed.findings)


@pytest.mark.parametrize("bad_id", [{"a": 1}, ["a", "b"], 3, None])
def test_an_id_that_is_not_a_string_is_ignored_with_a_finding(bad_id: object) -> None:
    document = {"@context": "https://schema.org", "@type": "Dataset", "@id": bad_id, "name": "Named", "hasPart": []}
    result = extract_embedded(_page(jsonld=json.dumps(document)), URL)
    record = next(r for r in result.records if r.method == "json_in_html")
    assert record.fields.titles == ["Named"]
    assert "extract.jsonld.id_invalid" in _codes(record.findings)


def test_colliding_id_aliases_keep_the_first() -> None:
    document = {"@context": "https://schema.org", "@type": "Dataset", "@id": "https://e.org/a", "id": "https://e.org/b"}
    record = next(r for r in extract_embedded(_page(jsonld=json.dumps(document)), URL).records)
    assert [i.value for i in record.fields.identifiers] == ["https://e.org/a"]


def test_a_context_that_is_not_a_url_is_reported_and_the_rest_is_read() -> None:
    document = {"@context": "http://[x", "@type": "Dataset", "http://schema.org/name": "Kept"}
    result = extract_embedded(_page(jsonld=json.dumps(document)), URL)
    invalid = next(f for f in result.findings if f.code == "extract.jsonld.context_invalid")
    assert invalid.params["context"] == "http://[x"
    assert any(r.fields.titles == ["Kept"] for r in result.records)


def test_a_role_that_wraps_itself_ends() -> None:
    graph = [
        {"@id": "https://e.org/d", "@type": "Dataset", "name": "D", "creator": {"@id": "_:r"}},
        {"@id": "_:r", "@type": "Role", "roleName": "x", "creator": {"@id": "_:r"}},
    ]
    result = extract_embedded(_page(jsonld=json.dumps({"@context": "https://schema.org", "@graph": graph})), URL)
    record = next(r for r in result.records if r.method == "json_in_html")
    assert record.fields.titles == ["D"] and record.fields.creators == []


# --- microdata --------------------------------------------------------------------------------------


def test_microdata_nested_past_the_limit_is_refused_and_the_page_read() -> None:
    opener = '<div itemprop="about" itemscope itemtype="https://schema.org/Thing">'
    body = (
        '<div itemscope itemtype="https://schema.org/Dataset"><span itemprop="name">M</span>'
        + opener * 250
        + "</div>" * 250
        + "</div>"
    )
    result = extract_embedded(_page(head='<meta name="DC.title" content="Meta">', body=body), URL)
    assert "extract.nesting_too_deep" in _codes(result.findings)
    assert "microdata" not in result.formats_found and "dublin-core" in result.formats_found


@pytest.mark.parametrize(
    ("body", "value"),
    [
        ('<div itemscope itemtype="https://schema.org/Dataset" itemref="a\x01b"><span itemprop="name">M</span></div>'
         '<p id="a">x</p>', "a\x01b"),
        ('<div itemscope itemtype="https://schema.org/Dataset"><span itemprop="name">M</span>'
         '<a itemprop="url" href="http://[x]/">u</a></div>', "http://[x]/"),
    ],
)  # fmt: skip
def test_microdata_values_that_break_extruct_are_findings(body: str, value: str) -> None:
    result = extract_embedded(_page(body=body), URL)
    invalid = [f for f in result.findings if f.code == "extract.html.microdata_value_invalid"]
    assert [f.params["value"] for f in invalid] == [value]
    assert any(r.method == "microdata" and r.fields.titles == ["M"] for r in result.records)


def test_rdfa_on_a_page_nested_far_past_libxml2s_cap_is_read() -> None:
    """The RDFa path relies on libxml2 flattening HTML beyond 255 levels (see limits.py)."""
    body = '<div vocab="http://schema.org/" typeof="Dataset"><span property="name">R</span>'
    body += "<div>" * 5000 + '<span property="description">deep</span>' + "</div>" * 5000 + "</div>"
    result = extract_embedded(_page(body=body), URL)
    assert "extract.html.rdfa_failed" not in _codes(result.findings)
    assert any(r.method == "rdfa" and r.fields.titles == ["R"] for r in result.records)


# --- links -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("bad", ["http://[x]/", "http://[x", "https://[::1/x"])
def test_html_link_and_base_that_are_not_urls_are_findings(bad: str) -> None:
    head = (
        f'<base href="{bad}"><link rel="describedby" href="{bad}" type="application/ld+json">'
        f'<link rel="cite-as" href="https://doi.org/10.1/x"><link rel="item" href="/f.csv" anchor="{bad}">'
    )
    result = extract_embedded(_page(head=head), URL)
    assert [f.code for f in result.findings] == [
        "extract.html.base_invalid",
        "extract.html.link_invalid",
        "extract.html.link_invalid",
    ]
    assert [(link.rel, link.href) for link in result.links] == [("cite-as", "https://doi.org/10.1/x")]


def test_link_header_keeps_the_good_links_beside_a_bad_one() -> None:
    header = '<http://[x]/>; rel="describedby", <https://doi.org/10.1/x>; rel="cite-as", </a>; rel="item"; anchor="http://[x"'
    links, findings = links_from_headers([header], URL)
    assert [(link.rel, link.href) for link in links] == [("cite-as", "https://doi.org/10.1/x")]
    assert [(f.code, f.params["value"]) for f in findings] == [
        ("signposting.link_invalid", "http://[x]/"),
        ("signposting.link_invalid", "http://[x"),
    ]


def test_linkset_json_with_bad_anchor_and_targets() -> None:
    document = {
        "linkset": [
            {"anchor": "http://[x]/", "item": [{"href": "https://e.org/lost.csv"}]},
            {"anchor": URL, "item": [{"href": "http://[x]/"}, {"href": "https://e.org/kept.csv", "type": "text/csv"}]},
        ]
    }
    links, findings = links_from_linkset(json.dumps(document).encode(), "application/linkset+json", URL)
    assert [link.href for link in links] == ["https://e.org/kept.csv"]
    assert [f.location.pointer if f.location else None for f in findings] == ["/linkset/0/anchor", None]
    assert _codes(findings) == {"signposting.link_invalid"}


def test_linkset_text_and_deep_json() -> None:
    links, findings = links_from_linkset(b'<http://[x]/>; rel="item", </ok>; rel="item"', "application/linkset", URL)
    assert [link.href for link in links] == ["https://example.org/ok"] and _codes(findings) == {
        "signposting.link_invalid"
    }
    deep = b'{"linkset": [' + b"[" * 5000 + b"]" * 5000 + b"]}"
    links, findings = links_from_linkset(deep, "application/linkset+json", URL)
    assert links == [] and _codes(findings) == {"extract.nesting_too_deep"}


@pytest.mark.parametrize("value", ["1" * 5000, "1e999999999"])
def test_numbers_past_pythons_limits_are_findings(value: str) -> None:
    _, findings = links_from_linkset(
        f'{{"linkset": [{{"anchor": {value}}}]}}'.encode(), "application/linkset+json", URL
    )
    assert _codes(findings) <= {"signposting.linkset_invalid"}
    document = f'{{"@context": "https://schema.org", "@type": "Dataset", "name": "N", "size": {value}}}'.encode()
    parsed = parse_document(document, media_type="application/ld+json", url=URL, method="content_negotiation")
    assert "extract.internal_error" not in _codes(parsed.findings)


def test_an_unparsable_url_is_an_unknown_identifier_not_an_error() -> None:
    identifier = parse_identifier("http://[x]/")
    assert identifier.scheme == "unknown" and identifier.resolvable_url is None


def test_turtle_nested_past_the_limit_is_refused_and_at_the_limit_read() -> None:
    def turtle(depth: int) -> bytes:
        return f"@prefix : <http://e/> .\n<http://e/s> :p {'[ :p ' * depth}:o {'] ' * depth}.\n".encode()

    refused = parse_document(turtle(MAX_NESTING_DEPTH + 1), media_type="text/turtle", url=URL, method="file")
    assert _codes(refused.findings) == {"extract.nesting_too_deep"}
    read = parse_document(turtle(MAX_NESTING_DEPTH), media_type="text/turtle", url=URL, method="file")
    assert read.kind == "rdf-turtle" and "extract.nesting_too_deep" not in _codes(read.findings)


@pytest.mark.parametrize("unit", [b'\\"', b"\\'", b'"a', b'"""a""', b"'''", b"<'", b"\\\\"])
def test_turtle_depth_is_linear_on_strings_left_open(unit: bytes) -> None:
    """Open strings and escapes used to make the string pattern backtrack (quadratic: 9 s for 20 KB)."""
    started = time.process_time()
    turtle_depth(b'"' + unit * 200_000)
    assert time.process_time() - started < 5  # well under a second when linear; hours when quadratic
