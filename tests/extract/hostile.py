"""Hostile inputs for every public extractor and link parser, shared by the property tests and the long
fuzz run (``scripts/fuzz_extractors.py``).

Two families of input: real documents from the corpus, mutated (cut, bytes flipped, a hostile snippet
spliced in, one of their URLs replaced by one that does not parse, a bracketed region repeated to nest
deeper), and hand-built hostile structures (JSON-LD with odd ``@id``/``@context`` values and deep
nesting, HTML with hostile ``<link>``/``<base>``/microdata/RDFa attributes, Link headers, linksets,
Turtle, XML). :func:`check` feeds one input to its target and raises ``AssertionError`` when a parser
lets an exception escape or had to fall back on its internal-error guard.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from hypothesis import strategies as st

from fairgauge.extract import (
    extract_embedded,
    parse_crossref_api,
    parse_csw,
    parse_datacite_api,
    parse_document,
    parse_oai_pmh,
    parse_re3data,
    parse_sparql,
)
from fairgauge.harvest.typed_links import (
    check_linkset_anchors,
    check_profile,
    cite_as,
    links_from_headers,
    links_from_linkset,
    signposting_records,
)
from fairgauge.merge.records import merge_records
from fairgauge.model.findings import Finding
from fairgauge.model.metadata import MetadataRecord
from fairgauge.model.signposting import Link
from tests.extract._corpus import CORPUS, FORMATS

URL = "https://example.org/landing"
BAD_URLS = [
    "http://[x]/",
    "http://[x",
    "https://[::1/x",
    "http://[fe80::1%25en0]/",
    "http://[::1]:99999/",
    "//[x]/",
    "http://a\x00b/",
    "http://exa mple.org/",
    "javascript:alert(1)",
    "\x1b[31mhttp://e.org/\x1b[0m",
    "",
    " ",
]
ATOMS: list[Any] = [
    *BAD_URLS,
    "https://schema.org",
    "http://schema.org/",
    "_:b0",
    "#x",
    "10.5281/zenodo.1",
    "https://doi.org/10.5281/zenodo.1",
    "https://orcid.org/0000-0002-1825-0097",
    "x" * 5000,
    "\x01\x02",
    "\ud800",
    "é",
    0,
    -1,
    10**30,
    1.5e308,
    True,
    None,
    {},
    [],
]
KEYS = [
    "@id",
    "@type",
    "@context",
    "@graph",
    "@list",
    "@value",
    "@vocab",
    "@reverse",
    "@base",
    "id",
    "type",
    "name",
    "url",
    "identifier",
    "creator",
    "author",
    "license",
    "distribution",
    "contentUrl",
    "encodingFormat",
    "hasPart",
    "mainEntity",
    "sameAs",
    "roleName",
    "publisher",
    "datePublished",
    "keywords",
    "citation",
    "isBasedOn",
    "funding",
    "spatialCoverage",
    "geo",
    "http://purl.org/dc/terms/title",
    "dct:title",
]
TYPES = ["Dataset", "Role", "Person", "Organization", "WebPage", "DataDownload", "Place", "Thing", "dcat:Dataset"]
SNIPPETS = [
    *(u.encode("utf-8", "surrogatepass") for u in BAD_URLS[:6]),
    b"[" * 80,
    b"{" * 80,
    b"]" * 80,
    b'{"@id": {"a": 1}}',
    b'"@id": ["a", "b"], ',
    b'"@context": "http://[x", ',
    b"1" * 5000,
    b": 1e999999999, ",
    b": NaN, ",
    b"\x00",
    b"\x01",
    b"\x1b[2J",
    b"&#1;",
    b"\xff\xfe",
    b"\xef\xbb\xbf",
    b'<div itemscope itemtype="https://schema.org/Dataset" itemref="a\x01b"><a itemprop="url" href="http://[x]/">x</a>',
    b'<base href="http://[x]/">',
    b'<link rel="describedby cite-as" href="http://[x]/" anchor="http://[x">',
    b'<div vocab="http://[x]/" typeof="Dataset" resource="http://[x]/"><span property="name">n</span>',
    b"<!ENTITY x 'y'>",
    b"<![CDATA[",
    b" [ <http://e/p> [ <http://e/p> ( ( ( ",
    b"<http://[x]/>",
    "\u202e\u0000".encode("utf-8", "surrogatepass"),
]
_URL_IN_TEXT = re.compile(rb"""https?://[^\s"'<>)]+""")


def _seed_files() -> dict[str, list[bytes]]:
    """Corpus and format fixtures by family (what each parser is normally given)."""
    files = [
        p
        for root in (CORPUS, FORMATS)
        for p in sorted(root.rglob("*"))
        if p.is_file()
        and p.suffix != ".md"
        and not p.name.startswith("LICENSE")
        and not p.name.endswith(".http.json")
        and p.name != "EXPECTED_FACTS.json"
    ]
    by_family: dict[str, list[bytes]] = {"html": [], "json": [], "xml": [], "rdf": [], "links": [], "linkset": []}
    for path in files:
        body = path.read_bytes()
        head = body.lstrip()[:200].lower()
        family = (
            "html"
            if b"<html" in head or b"<!doctype html" in head
            else "xml"
            if head.startswith(b"<")
            else "json"
            if head[:1] in (b"{", b"[")
            else "rdf"
        )
        by_family[family].append(body)
    for sidecar in sorted(CORPUS.rglob("*.http.json")):
        headers = json.loads(sidecar.read_text("utf-8")).get("response_headers", {})
        by_family["links"] += [v.encode() for k, values in headers.items() if k.lower() == "link" for v in values]
    for linkset in sorted(CORPUS.rglob("linkset.*")):
        by_family["linkset"].append(linkset.read_bytes())
    by_family["links"] += by_family["linkset"][-1:]  # the text form is a Link header value too
    return by_family


SEEDS = _seed_files()
ALL_SEEDS = [body for family in ("html", "json", "xml", "rdf") for body in SEEDS[family]]


def _splice(data: bytes, offset: int, snippet: bytes, replace: int) -> bytes:
    at = offset % (len(data) + 1)
    return data[:at] + snippet + data[at + replace :]


def _replace_url(data: bytes, which: int, bad: str) -> bytes:
    found = list(_URL_IN_TEXT.finditer(data))
    if not found:
        return data
    match = found[which % len(found)]
    return data[: match.start()] + bad.encode("utf-8", "surrogatepass") + data[match.end() :]


def _deepen(data: bytes, offset: int, times: int) -> bytes:
    """Repeat the opening bracket at ``offset`` (and a matching closer at the end) to nest deeper."""
    opener = next((i for i in range(offset % (len(data) or 1), len(data)) if data[i : i + 1] in b"[{"), None)
    if opener is None:
        return data
    char = data[opener : opener + 1]
    closer = b"]" if char == b"[" else b"}"
    return data[:opener] + char * times + data[opener:] + closer * times


def mutated(seeds: list[bytes]) -> st.SearchStrategy[bytes]:
    """Corpus documents broken the ways real and hostile documents break."""
    seed = st.sampled_from(seeds)
    return st.one_of(
        st.tuples(seed, st.floats(0, 1)).map(lambda p: p[0][: int(len(p[0]) * p[1])]),
        st.tuples(seed, st.integers(0, 10**6), st.binary(min_size=1, max_size=8)).map(
            lambda p: _splice(p[0], p[1], p[2], len(p[2]))
        ),
        st.tuples(seed, st.integers(0, 10**6), st.sampled_from(SNIPPETS), st.integers(0, 4)).map(lambda p: _splice(*p)),
        st.tuples(seed, st.integers(0, 10**4), st.sampled_from(BAD_URLS)).map(lambda p: _replace_url(*p)),
        st.tuples(seed, st.integers(0, 10**6), st.sampled_from([2, 30, 63, 64, 65, 300, 1200])).map(
            lambda p: _deepen(*p)
        ),
    )


# --- hand-built hostile structures -------------------------------------------------------------------


def json_values(max_leaves: int = 25) -> st.SearchStrategy[Any]:
    """JSON(-LD) whose keys are JSON-LD keywords and schema.org terms and whose values are hostile."""
    atom = st.one_of(st.sampled_from(ATOMS), st.sampled_from(TYPES), st.text(max_size=20))
    return st.recursive(
        atom,
        lambda inner: st.one_of(
            st.lists(inner, max_size=4),
            st.dictionaries(st.sampled_from(KEYS), inner, max_size=6),
        ),
        max_leaves=max_leaves,
    )


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, allow_nan=True)


def _nested(inner: str, depth: int, key: str, array: bool) -> str:
    opener = "[" if array else f'{{"@type": "Thing", "{key}": '
    closer = "]" if array else "}"
    return opener * depth + inner + closer * depth


@st.composite
def jsonld_texts(draw: st.DrawFn) -> str:
    """A JSON-LD document: hostile values, or a node nested around the depth limit and far beyond."""
    node = draw(json_values())
    if draw(st.booleans()):
        context = draw(st.sampled_from(["https://schema.org", "http://[x", {"ex": "http://[x]/"}, {"@vocab": 1}, None]))
        node = {"@context": context, "@type": "Dataset", "name": "N", "about": node}
    text = _dumps(node)
    if draw(st.integers(0, 5)) == 0:  # numbers json.dumps cannot write: past the int-string limit, overflowing
        text = text.replace("0", draw(st.sampled_from(["1" * 5000, "1e999999999", "-0.0e-99999"])), 1)
    if draw(st.integers(0, 3)) == 0:
        depth = draw(st.sampled_from([1, 62, 63, 64, 65, 66, 300, 1000, 5000]))
        inner = _nested(
            text, depth, draw(st.sampled_from(["about", "creator", "http://ex.org/p"])), draw(st.booleans())
        )
        text = '{"@context": "https://schema.org", "@type": "Dataset", "name": "N", "hasPart": ' + inner + "}"
    return text


_ATTRIBUTES = {
    "itemscope": st.just(""),
    "itemprop": st.sampled_from(["name", "url", "about", "creator", "identifier", "license", "author", ""]),
    "itemtype": st.sampled_from(["https://schema.org/Dataset", "https://schema.org/Person", "http://[x]/", ""]),
    "itemid": st.sampled_from([*BAD_URLS[:4], "#i"]),
    "itemref": st.sampled_from(["a", "a\x01b", "a b", "\x00", "i" * 300]),
    "href": st.sampled_from([*BAD_URLS, "/ok", "#f"]),
    "src": st.sampled_from(BAD_URLS),
    "data": st.sampled_from(BAD_URLS),
    "rel": st.sampled_from(["describedby", "cite-as", "item", "linkset", "schema.DC", "license", "type author", ""]),
    "anchor": st.sampled_from([*BAD_URLS, "/other"]),
    "type": st.sampled_from(["application/ld+json", "text/html", "x", ""]),
    "content": st.sampled_from(ATOMS[:14]).map(str),
    "name": st.sampled_from(["DC.identifier", "citation_doi", "citation_pdf_url", "dc.relation", "og:url"]),
    "property": st.sampled_from(["og:url", "name", "schema:url", "dct:identifier", "http://[x]/"]),
    "vocab": st.sampled_from(["http://schema.org/", "http://[x]/", ""]),
    "typeof": st.sampled_from(["Dataset", "http://[x]/", ""]),
    "resource": st.sampled_from(BAD_URLS),
    "about": st.sampled_from(BAD_URLS),
    "prefix": st.sampled_from(["dc: http://[x]/", "x: y", ""]),
    "id": st.sampled_from(["a", "b", "i"]),
    "datetime": st.sampled_from(["2020-01-01", "\x00"]),
    "value": st.sampled_from(["1", "http://[x]/"]),
}
_TAGS = ["div", "span", "a", "link", "base", "meta", "img", "object", "time", "data", "p", "section"]


def _escape(value: str) -> str:
    return value.replace("&", "&amp;").replace('"', "&quot;")


def _element() -> st.SearchStrategy[str]:
    attributes = st.dictionaries(st.sampled_from(sorted(_ATTRIBUTES)), st.just(None), max_size=5).flatmap(
        lambda keys: st.fixed_dictionaries({k: _ATTRIBUTES[k] for k in keys})
    )
    return st.recursive(
        st.tuples(st.sampled_from(_TAGS), attributes).map(lambda p: _tag(p[0], p[1], "x")),
        lambda inner: st.tuples(st.sampled_from(_TAGS), attributes, st.lists(inner, max_size=4)).map(
            lambda p: _tag(p[0], p[1], "".join(p[2]))
        ),
        max_leaves=20,
    )


def _tag(name: str, attributes: dict[str, str], inner: str) -> str:
    written = " ".join(f'{key}="{_escape(value)}"' for key, value in attributes.items())
    return f"<{name} {written}>{inner}</{name}>"


@st.composite
def html_pages(draw: st.DrawFn) -> bytes:
    """A page of hostile elements, JSON-LD blocks and (sometimes) nesting far past the limits."""
    head = "".join(draw(st.lists(_element(), max_size=4)))
    body = "".join(draw(st.lists(_element(), max_size=6)))
    scripts = "".join(
        f'<script type="application/ld+json">{text}</script>' for text in draw(st.lists(jsonld_texts(), max_size=2))
    )
    if draw(st.integers(0, 3)) == 0:
        depth = draw(st.sampled_from([63, 64, 65, 250, 1000]))
        opener = draw(
            st.sampled_from(
                [
                    '<div itemprop="about" itemscope itemtype="https://schema.org/Thing">',
                    '<div property="about" typeof="Thing">',
                    "<div>",
                ]
            )
        )
        body = (
            '<div itemscope itemtype="https://schema.org/Dataset" vocab="http://schema.org/" typeof="Dataset">'
            f'<span itemprop="name" property="name">n</span>{opener * depth}{body}{"</div>" * depth}</div>'
        )
    page = f"<!DOCTYPE html><html><head>{head}{scripts}</head><body>{body}</body></html>"
    return page.encode("utf-8", "surrogatepass")


def _link_value() -> st.SearchStrategy[str]:
    """A link-value that httplink accepts, with a hostile target, anchor or relation."""
    target = st.sampled_from([*BAD_URLS, "https://e.org/m.json", "/rel"])
    rel = st.sampled_from(["describedby", "cite-as item", "linkset", "author license", "type", "http://[x]/"])
    extra = st.lists(
        st.tuples(
            st.sampled_from(["anchor", "type", "profile", "title", "hreflang"]),
            st.sampled_from([*BAD_URLS[:6], "application/ld+json", "text/csv", "x"]),
        ),
        max_size=3,
    )
    return st.tuples(target, rel, extra).map(
        lambda p: f'<{p[0]}>; rel="{p[1]}"' + "".join(f'; {k}="{v}"' for k, v in p[2])
    )


def link_headers() -> st.SearchStrategy[list[str]]:
    value = st.one_of(
        st.lists(_link_value(), min_size=1, max_size=3).map(", ".join),
        st.lists(_link_value(), min_size=1, max_size=3).map(", ".join).map(lambda v: v.replace('"', "", 1)),
        st.text(max_size=60),
    )
    return st.lists(value, min_size=1, max_size=3)


@st.composite
def linksets(draw: st.DrawFn) -> bytes:
    """A linkset document (JSON, or the text form) with hostile anchors, targets and shapes."""
    if draw(st.booleans()):
        return ", ".join(draw(link_headers())).encode("utf-8", "surrogatepass")
    target = st.fixed_dictionaries(
        {"href": st.one_of(st.sampled_from(BAD_URLS), json_values(4))},
        optional={"type": st.sampled_from(["text/csv", "", "x"]), "anchor": st.sampled_from(BAD_URLS)},
    )
    context = st.dictionaries(
        st.sampled_from(["anchor", "item", "cite-as", "describedby", "license", "type"]),
        st.one_of(st.lists(target, max_size=3), st.sampled_from(BAD_URLS), json_values(4)),
        max_size=5,
    )
    document: Any = {"linkset": draw(st.lists(context, max_size=3))}
    if draw(st.integers(0, 4)) == 0:
        document = draw(json_values())
    text = _dumps(document)
    if draw(st.integers(0, 4)) == 0:
        depth = draw(st.sampled_from([63, 64, 65, 3000]))
        text = '{"linkset": [' + "[" * depth + "]" * depth + "]}"
    return text.encode("utf-8", "surrogatepass")


@st.composite
def turtle_documents(draw: st.DrawFn) -> bytes:
    depth = draw(st.sampled_from([1, 63, 64, 65, 400, 3000]))
    bracket = draw(st.sampled_from(["[ <http://e/p> ", "( "]))
    closer = "] " if bracket.startswith("[") else ") "
    iri = draw(st.sampled_from([*BAD_URLS[:6], "http://e/s"]))
    body = f"@prefix : <http://e/> .\n<{iri}> :p {bracket * depth}:o {closer * depth}.\n"
    return body.encode("utf-8", "surrogatepass")


@st.composite
def xml_documents(draw: st.DrawFn) -> bytes:
    """DataCite / OAI-PMH shaped XML with hostile values, or nested past libxml2's depth limit."""
    bad = _escape(draw(st.sampled_from([*BAD_URLS[:6], "10.1/x"])))
    depth = draw(st.sampled_from([1, 200, 255, 300]))
    inner = "<a>" * depth + "</a>" * depth
    record = (
        '<resource xmlns="http://datacite.org/schema/kernel-4">'
        f'<identifier identifierType="DOI">{bad}</identifier>'
        f"<creators><creator><creatorName>C</creatorName><nameIdentifier>{bad}</nameIdentifier></creator></creators>"
        f"<titles><title>T</title></titles><publisher>P</publisher><publicationYear>2020</publicationYear>"
        f'<relatedIdentifiers><relatedIdentifier relatedIdentifierType="URL" relationType="IsPartOf">{bad}'
        f'</relatedIdentifier></relatedIdentifiers><rightsList><rights rightsURI="{bad}"/></rightsList>'
        f"{inner}</resource>"
    )
    if draw(st.booleans()):
        record = (
            '<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><GetRecord><record><metadata>'
            f"{record}</metadata></record></GetRecord></OAI-PMH>"
        )
    return record.encode("utf-8", "surrogatepass")


# --- targets -----------------------------------------------------------------------------------------

MEDIA_TYPES = [
    None,
    "text/html",
    "application/ld+json",
    "application/json",
    "text/turtle",
    "text/n3",
    "application/trig",
    "application/n-triples",
    "application/rdf+xml",
    "application/xml",
    "application/sparql-results+json",
    "application/linkset+json",
]


@dataclass(frozen=True)
class Target:
    """One public parser, called the way the harvester calls it."""

    name: str
    call: Callable[[bytes, str | None], tuple[list[MetadataRecord], list[Finding], list[Link]]]


def _records_and_findings(parsed: Any) -> tuple[list[MetadataRecord], list[Finding], list[Link]]:
    return list(parsed.records), list(parsed.findings), list(getattr(parsed, "links", []))


def _embedded(body: bytes, media_type: str | None) -> tuple[list[MetadataRecord], list[Finding], list[Link]]:
    return _records_and_findings(extract_embedded(body, URL, content_type=media_type))


def _document(body: bytes, media_type: str | None) -> tuple[list[MetadataRecord], list[Finding], list[Link]]:
    return _records_and_findings(parse_document(body, media_type=media_type, url=URL, method="content_negotiation"))


def _entry(parse: Callable[[bytes, str | None], Any]) -> Callable[..., Any]:
    return lambda body, media_type: _records_and_findings(parse(body, URL))


def _sparql(body: bytes, media_type: str | None) -> tuple[list[MetadataRecord], list[Finding], list[Link]]:
    return _records_and_findings(parse_sparql(body, media_type, URL))


def _headers(body: bytes, media_type: str | None) -> tuple[list[MetadataRecord], list[Finding], list[Link]]:
    values = body.decode("utf-8", "replace").split("\n")
    links, findings = links_from_headers(values, URL)
    return [], findings, links


def _linkset(body: bytes, media_type: str | None) -> tuple[list[MetadataRecord], list[Finding], list[Link]]:
    links, findings = links_from_linkset(body, media_type, URL)
    return [], findings, links


TARGETS = [
    Target("extract_embedded", _embedded),
    Target("parse_document", _document),
    Target("parse_datacite_api", _entry(parse_datacite_api)),
    Target("parse_crossref_api", _entry(parse_crossref_api)),
    Target("parse_re3data", _entry(parse_re3data)),
    Target("parse_oai_pmh", _entry(parse_oai_pmh)),
    Target("parse_csw", _entry(parse_csw)),
    Target("parse_sparql", _sparql),
    Target("links_from_headers", _headers),
    Target("links_from_linkset", _linkset),
]
TARGET_NAMES = [t.name for t in TARGETS]
_BY_NAME = {t.name: t for t in TARGETS}


def check(target: str, body: bytes, media_type: str | None = None) -> None:
    """Feed one input to a parser and to what consumes its output (link checks, merge); fail loudly."""
    records, findings, links = _BY_NAME[target].call(body, media_type)
    everything = [*findings, *(f for r in records for f in r.findings)]
    internal = [f for f in everything if f.code == "extract.internal_error"]
    assert not internal, f"{target} fell back on its internal-error guard: {internal[0].message}"
    landing = {URL}
    check_profile(links, landing, {}, {})
    check_linkset_anchors(links, URL, landing)
    cite_as(links, landing)
    merge_records([*records, *signposting_records(links, landing)])


def inputs_for(target: str) -> st.SearchStrategy[bytes]:
    """The inputs that exercise a target: its usual documents mutated, plus the hostile structures it parses."""
    jsonld = jsonld_texts().map(lambda t: t.encode("utf-8", "surrogatepass"))
    headers = link_headers().map(lambda v: "\n".join(v).encode("utf-8", "surrogatepass"))
    plan: dict[str, tuple[list[bytes], list[st.SearchStrategy[bytes]]]] = {
        "extract_embedded": (SEEDS["html"], [html_pages()]),
        "parse_document": (ALL_SEEDS, [html_pages(), jsonld, turtle_documents(), xml_documents(), linksets()]),
        "parse_datacite_api": (SEEDS["json"], [jsonld]),
        "parse_crossref_api": (SEEDS["json"], [jsonld]),
        "parse_re3data": (SEEDS["xml"], [xml_documents()]),
        "parse_oai_pmh": (SEEDS["xml"], [xml_documents()]),
        "parse_csw": (SEEDS["xml"], [xml_documents()]),
        "parse_sparql": (SEEDS["json"] + SEEDS["rdf"] + SEEDS["xml"], [jsonld, turtle_documents()]),
        "links_from_headers": (SEEDS["links"], [headers]),
        "links_from_linkset": (SEEDS["linkset"], [linksets()]),
    }
    seeds, hostile = plan[target]
    return st.one_of(mutated(seeds), *hostile)
