"""Metadata embedded in a landing page: JSON-LD, microdata, RDFa, DC/Highwire/OpenGraph meta, links.

Performance matters (every assessment parses its landing page): the HTML is parsed once with lxml,
one pass collects meta, link and script elements, schema.org JSON-LD is mapped straight from its JSON,
and the slow extractors (microdata, pyRdfa) run only when the page carries their attributes.
"""

from __future__ import annotations

import json
import re
from typing import Any

import lxml.html
from lxml import etree
from pydantic import Field

from fairgauge.extract.html import meta as html_meta
from fairgauge.extract.html import structured as html_structured
from fairgauge.extract.jsonld.document import parse_jsonld_document
from fairgauge.extract.limits import MAX_NESTING_DEPTH, join_url, json_depth, too_deep
from fairgauge.extract.records import Source
from fairgauge.model.base import FrozenModel
from fairgauge.model.findings import Finding, finding
from fairgauge.model.metadata import MetadataRecord
from fairgauge.model.signposting import Link

_META_CHARSET = re.compile(rb"<meta[^>]+charset", re.IGNORECASE)
_CHARSET = re.compile(r"charset=[\"']?([\w.:-]+)", re.IGNORECASE)
_COMMENTS = re.compile(r"^\s*(<!--|<!\[CDATA\[)|(-->|\]\]>)\s*$")
_LINK_KNOWN = {"rel", "href", "type", "profile", "anchor"}


class EmbeddedResult(FrozenModel):
    """What a landing page embeds. ``formats_found`` uses: json-ld, microdata, rdfa, opengraph,
    dublin-core, highwire."""

    records: list[MetadataRecord] = Field(default_factory=list)
    links: list[Link] = Field(default_factory=list)
    formats_found: list[str] = Field(default_factory=list)
    javascript_generated: bool = False
    findings: list[Finding] = Field(default_factory=list)


def extract_embedded(html: bytes, url: str, *, content_type: str | None = None) -> EmbeddedResult:
    """Every embedded metadata source of an HTML page, its ``<link>`` elements, and the JS heuristic.

    Never raises: a bad value (a URL that does not parse, a block nested too deeply) is a finding and the
    rest of the page is still read; an unexpected parser error is ``extract.internal_error``.
    """
    if not html.strip():
        return EmbeddedResult(findings=[finding("extract.empty", "error", "The page is empty.", url=url)])
    try:
        return _extract(html, url, content_type)
    except Exception as error:  # last line of defence: a parser bug must not break a harvest
        return EmbeddedResult(
            findings=[finding("extract.internal_error", "error", f"The page could not be parsed: {error!r}", url=url)]
        )


def _extract(html: bytes, url: str, content_type: str | None) -> EmbeddedResult:
    encoding = _charset(content_type)
    root, error = _parse_html(html, encoding)
    if root is None:
        return EmbeddedResult(
            findings=[finding("extract.html.malformed", "error", f"The HTML cannot be parsed: {error}", url=url)]
        )
    base, findings = _base_url(root, url)
    tags, scripts, links = _scan(root, base, url, findings)
    records, more = _jsonld_records(scripts, url)
    findings += more
    formats = ["json-ld"] if scripts else []
    if html_structured.has_microdata(root):
        micro, more = html_structured.microdata_records(root, base)
        records, findings = records + micro, findings + more
        formats += ["microdata"] if micro else []
    if html_structured.has_rdfa(root):
        rdfa, more = html_structured.rdfa_records(html, base, encoding)
        records, findings = records + rdfa, findings + more
        formats += ["rdfa"] if rdfa else []
    records, formats = _meta_records(tags, url, records, formats)
    return EmbeddedResult(
        records=records,
        links=links,
        formats_found=formats,
        javascript_generated=_javascript_generated(root),
        findings=findings,
    )


def _parse_html(html: bytes, encoding: str | None) -> tuple[etree._Element | None, str]:
    """The document root; a charset lxml does not know is ignored (lxml then reads <meta charset>)."""
    for candidate in dict.fromkeys((encoding, _default_encoding(html))):
        try:
            return lxml.html.document_fromstring(html, parser=lxml.html.HTMLParser(encoding=candidate)), ""
        except LookupError:
            continue
        except (etree.ParserError, ValueError) as error:
            return None, str(error)
    return None, f"unknown charset {encoding}"


def _default_encoding(html: bytes) -> str | None:
    """UTF-8 for undeclared pages that are valid UTF-8 (lxml would assume Latin-1); else lxml decides."""
    if _META_CHARSET.search(html[:4096]):
        return None
    try:
        html.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return "utf-8"


def _charset(content_type: str | None) -> str | None:
    match = _CHARSET.search(content_type or "")
    return match.group(1) if match else None


def _base_url(root: etree._Element, url: str) -> tuple[str, list[Finding]]:
    """The first ``<base href>`` resolved against the page URL; one that is not a URL is ignored."""
    for base in root.iter("base"):
        href = base.get("href")
        if href:
            joined = join_url(url, str(href))
            if joined is None:
                return url, [_bad_url("extract.html.base_invalid", "<base href>", str(href), url)]
            return joined, []
    return url, []


def _bad_url(code: str, what: str, value: str, url: str) -> Finding:
    return finding(code, "warning", f"{what} {value[:200]!r} is not a URL; it was ignored.", url=url, value=value[:300])


def _scan(
    root: etree._Element, base: str, url: str, findings: list[Finding]
) -> tuple[html_meta.MetaTags, list[str], list[Link]]:
    """One pass over meta, link and JSON-LD script elements (problems are added to ``findings``)."""
    tags = html_meta.MetaTags()
    scripts: list[str] = []
    links: list[Link] = []
    for element in root.iter("meta", "link", "script"):
        tag = element.tag
        if tag == "meta":
            tags.add(element.get("name"), element.get("property"), element.get("content"))
        elif tag == "link":
            links += _links(element, base, url, tags, findings)
        elif (element.get("type") or "").split(";")[0].strip().lower() == "application/ld+json":
            scripts.append(str(element.text or ""))
    return tags, scripts, links


def _links(
    element: etree._Element, base: str, url: str, tags: html_meta.MetaTags, findings: list[Finding]
) -> list[Link]:
    """One Link per rel token, href (and anchor) resolved against <base> or the page URL."""
    rel, href = element.get("rel"), element.get("href")
    if not rel or href is None:
        return []
    target = join_url(base, href)
    anchor_value = element.get("anchor")
    anchor = join_url(base, anchor_value) if anchor_value else url
    if target is None or anchor is None:
        bad, what = (href, "href") if target is None else (str(anchor_value), "anchor")
        findings.append(_bad_url("extract.html.link_invalid", f'<link rel="{rel[:60]}"> {what}', bad, url))
        return []
    for token in rel.split():
        if token.lower().startswith("schema."):  # <link rel="schema.DC" href="http://purl.org/dc/elements/1.1/">
            tags.dc_namespaces[token[7:].upper()] = target
        elif token.lower() == "canonical":
            tags.canonical.append(target)
    others = {k: v for k, v in element.attrib.items() if k not in _LINK_KNOWN}
    return [
        Link(
            rel=token.lower(),
            href=target,
            type=element.get("type"),
            profile=element.get("profile"),
            source="html",
            anchor=anchor,
            context_url=url,
            attributes=others,
        )
        for token in rel.split()
    ]


def _jsonld_records(scripts: list[str], url: str) -> tuple[list[MetadataRecord], list[Finding]]:
    records: list[MetadataRecord] = []
    findings: list[Finding] = []
    for number, text in enumerate(scripts, start=1):
        if json_depth(text) > MAX_NESTING_DEPTH:
            findings.append(too_deep(f"JSON-LD block {number}", url, severity="warning", block=number))
            continue
        document = _load_block(text)
        if document is None:
            findings.append(
                finding(
                    "extract.html.jsonld_invalid",
                    "warning",
                    f"JSON-LD block {number} is not valid JSON; it was ignored.",
                    url=url,
                    block=number,
                )
            )
            continue
        block = parse_jsonld_document(document, Source("json_in_html", url, "json-ld"))
        records += block
        # JSON-LD problems (unknown context, unexpandable block) are page findings too, once per block
        findings += list(
            {f.message: f for r in block for f in r.findings if f.code.startswith("extract.jsonld.")}.values()
        )
    return records, findings


def _load_block(text: str) -> Any:
    """Parse a script block, tolerating the HTML comment / CDATA wrappers some sites add."""
    for candidate in (text, _COMMENTS.sub("", text.strip())):
        try:
            document = json.loads(candidate)
        except ValueError:
            continue
        return document if isinstance(document, dict | list) else None
    return None


def _meta_records(
    tags: html_meta.MetaTags, url: str, records: list[MetadataRecord], formats: list[str]
) -> tuple[list[MetadataRecord], list[str]]:
    meta = Source("meta_tag", url, "html-meta")
    for name, record in (
        ("opengraph", html_meta.opengraph_record(tags, Source("opengraph", url, "html-meta"))),
        ("dublin-core", html_meta.dc_record(tags, meta)),
        ("highwire", html_meta.highwire_record(tags, meta)),
    ):
        if record is not None:
            records = [*records, record]
            formats = [*formats, name]
    canonical = html_meta.canonical_record(tags, Source("typed_link", url, "html-link"))
    return [*records, *([canonical] if canonical else [])], formats


def _javascript_generated(root: etree._Element) -> bool:
    """F-UJI's heuristic: more script than visible text, and under 150 characters of visible text."""
    script = sum(len((s.text or "").strip()) for s in root.iter("script"))
    body = root.find("body")
    scope = body if body is not None else root
    hidden = sum(len(" ".join((s.text or "").split())) for s in scope.iter("script", "style", "template"))
    total = len(" ".join(scope.text_content().split()))
    visible = max(total - hidden, 0)
    return script > visible and visible < 150
