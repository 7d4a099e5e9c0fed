"""FAIR Signposting (https://signposting.org/FAIR/): collect every typed link and check the profile.

Every link is kept, repeated relations too (httpx's ``.links`` keeps one per rel: never used here),
one link per relation token (RFC 8288 section 3.3). The checks report each breach of the profile as
a warning with a stable code; ``params.fsh_code`` gives the matching FAIR-Signposting-Harvester code
where one exists so results can be compared with that tool.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import httplink
from pydantic import BaseModel

from fairgauge.extract.limits import MAX_NESTING_DEPTH, join_url, json_depth, too_deep
from fairgauge.identifiers import detect_scheme
from fairgauge.model.findings import Finding, finding
from fairgauge.model.metadata import (
    Agent,
    ContentFile,
    IdentifierRef,
    License,
    MetadataFields,
    MetadataRecord,
    OfferingMethod,
    ResourceType,
)
from fairgauge.model.signposting import Link, LinkSource, about_landing, same_url

FAIR_RELS = frozenset({"cite-as", "describedby", "item", "collection", "license", "type", "author", "linkset"})
LINKSET_TYPES = ("application/linkset+json", "application/linkset")
_MEDIA_TYPE = re.compile(r"^[\w.+-]+/[\w.+-]+(\s*;.*)?$")
_ABOUT_PAGE = frozenset({"https://schema.org/aboutpage", "http://schema.org/aboutpage"})


def links_from_headers(values: Sequence[str], context_url: str) -> tuple[list[Link], list[Finding]]:
    """Parse every ``Link`` header value (each may hold several links)."""
    links: list[Link] = []
    findings: list[Finding] = []
    for value in values:
        try:
            parsed = httplink.parse_link_header(value)
        except Exception as exc:  # httplink raises bare errors on malformed input
            findings.append(
                finding(
                    "signposting.link_header_invalid",
                    "warning",
                    f"unparsable Link header: {exc}",
                    url=context_url,
                    header=value[:300],
                )
            )
            continue
        for item in parsed.links:
            links.extend(_expand(item.target, item.attributes, "header", context_url, findings))
    return links, findings


def links_from_linkset(body: bytes, content_type: str | None, url: str) -> tuple[list[Link], list[Finding]]:
    """Parse a linkset document (RFC 9264) in its JSON or its text form."""
    text = body.decode("utf-8", "replace").strip()
    media = (content_type or "").split(";", 1)[0].strip().lower()
    looks_json = text.startswith("{")
    if media == "application/linkset+json" or (looks_json and media != "application/linkset"):
        return _linkset_json(text, url)
    links, findings = links_from_headers([" ".join(text.split())], url)
    return [link.model_copy(update={"source": "linkset"}) for link in links], findings


def _linkset_json(text: str, url: str) -> tuple[list[Link], list[Finding]]:
    if json_depth(text) > MAX_NESTING_DEPTH:
        return [], [too_deep("The linkset", url, severity="warning")]
    try:
        document = json.loads(text)
    except ValueError as exc:  # JSONDecodeError, or an integer past Python's 4300-digit limit
        where = f"line {exc.lineno}, column {exc.colno}" if isinstance(exc, json.JSONDecodeError) else str(exc)[:80]
        return [], [finding("signposting.linkset_invalid", "warning", f"linkset is not valid JSON ({where})", url=url)]
    contexts = document.get("linkset") if isinstance(document, dict) else None
    if not isinstance(contexts, list):
        return [], [
            finding(
                "signposting.linkset_invalid", "warning", "linkset JSON lacks the top-level 'linkset' array", url=url
            )
        ]
    links: list[Link] = []
    findings: list[Finding] = []
    for index, context in enumerate(contexts):
        if not isinstance(context, dict):
            continue
        anchor = join_url(url, context["anchor"]) if isinstance(context.get("anchor"), str) else None
        if anchor is None and isinstance(context.get("anchor"), str):
            findings.append(_invalid_url("anchor", context["anchor"], url, pointer=f"/linkset/{index}/anchor"))
            continue
        for rel, targets in context.items():
            if rel == "anchor":
                continue
            if not isinstance(targets, list):
                findings.append(
                    finding(
                        "signposting.linkset_invalid",
                        "warning",
                        f"targets of rel '{rel}' are not an array",
                        url=url,
                        pointer=f"/linkset/{index}/{rel}",
                    )
                )
                continue
            links.extend(_json_targets(rel, targets, anchor, url, findings))
    return links, findings


def _json_targets(
    rel: str, targets: list[object], anchor: str | None, url: str, findings: list[Finding]
) -> Iterable[Link]:
    for target in targets:
        if not isinstance(target, dict) or not isinstance(target.get("href"), str):
            continue
        attributes = [
            (key, value if isinstance(value, str) else json.dumps(value))
            for key, value in target.items()
            if key != "href"
        ]
        attributes.append(("rel", rel))
        if anchor:
            attributes.append(("anchor", anchor))
        yield from _expand(target["href"], attributes, "linkset", url, findings)


def _expand(
    target: str,
    attributes: Sequence[tuple[str, str]],
    source: LinkSource,
    context_url: str,
    findings: list[Finding],
) -> list[Link]:
    """One Link per relation token, keeping the order the tokens were written in; a target or anchor that
    is not a URL (``http://[x]/``) drops the link with a finding."""
    attrs: dict[str, str] = {}
    for key, value in attributes:
        attrs.setdefault(key.lower(), value)
    rels = attrs.pop("rel", "").split()
    href = join_url(context_url, target)
    anchor_value = attrs.pop("anchor", None)
    anchor = join_url(context_url, anchor_value) if anchor_value is not None else None
    if href is None or (anchor_value is not None and anchor is None):
        what, value = ("target", target) if href is None else ("anchor", str(anchor_value))
        findings.append(_invalid_url(what, value, context_url, rel=" ".join(rels), source=source))
        return []
    link_type = attrs.pop("type", None)
    profile = attrs.pop("profile", None)
    return [
        Link(
            rel=rel if ":" in rel else rel.lower(),
            href=href,
            type=link_type,
            profile=profile,
            source=source,
            anchor=anchor,
            context_url=context_url,
            attributes=attrs,
        )
        for rel in rels
    ]


def _invalid_url(what: str, value: str, url: str, pointer: str | None = None, **params: str) -> Finding:
    return finding(
        "signposting.link_invalid",
        "warning",
        f"link {what} {value[:200]!r} is not a URL; the link was ignored",
        url=url,
        pointer=pointer,
        value=value[:300],
        **params,
    )


def cite_as(links: Sequence[Link], landing_urls: set[str]) -> str | None:
    """The PID the landing page asks to be cited with, when the links agree on exactly one."""
    values = {link.href for link in about_landing(links, landing_urls) if link.rel == "cite-as"}
    return values.pop() if len(values) == 1 else None


def check_profile(
    links: Sequence[Link],
    landing_urls: set[str],
    served_types: Mapping[str, str | None],
    is_persistent: Mapping[str, bool],
    type_by_name: Callable[[str], str | None] | None = None,
) -> list[Finding]:
    """Check the FAIR Signposting rules. ``served_types`` maps followed link targets to the media type
    their server answered with; ``is_persistent`` maps cite-as targets to whether they are PIDs."""
    own = about_landing(links, landing_urls)
    fair = [link for link in own if link.rel in FAIR_RELS]
    if not fair:
        return [finding("signposting.absent", "info", "no FAIR Signposting links found")]
    findings = _check_cite_as(own, is_persistent)
    findings += _check_describedby(own)
    findings += _check_types(own, served_types, type_by_name)
    findings += _check_type_rel(own)
    return findings


def _check_cite_as(own: Sequence[Link], is_persistent: Mapping[str, bool]) -> list[Finding]:
    values = sorted({link.href for link in own if link.rel == "cite-as"})
    if not values:
        return [
            finding(
                "signposting.cite_as_missing",
                "warning",
                "no cite-as link: FAIR Signposting needs exactly one",
                fsh_code="004",
            )
        ]
    if len(values) > 1:
        sources = sorted({f"{link.source}:{link.href}" for link in own if link.rel == "cite-as"})
        return [
            finding(
                "signposting.cite_as_conflict",
                "warning",
                f"{len(values)} different cite-as links: {', '.join(values)}",
                fsh_code="004",
                values=values,
                sources=sources,
            )
        ]
    if not is_persistent.get(values[0], False):
        return [
            finding(
                "signposting.cite_as_not_persistent",
                "info",
                f"cite-as {values[0]} is not a persistent identifier",
                url=values[0],
            )
        ]
    return []


def _check_describedby(own: Sequence[Link]) -> list[Finding]:
    described = [link for link in own if link.rel == "describedby"]
    if not described:
        return [
            finding(
                "signposting.describedby_missing",
                "warning",
                "no describedby link: machines cannot find the metadata record",
                fsh_code="004",
            )
        ]
    return [
        finding(
            "signposting.describedby_without_type",
            "warning",
            f"describedby {link.href} declares no type",
            url=link.href,
            fsh_code="005",
            source=link.source,
        )
        for link in described
        if not link.type
    ]


def _check_types(
    own: Sequence[Link], served_types: Mapping[str, str | None], type_by_name: Callable[[str], str | None] | None
) -> list[Finding]:
    findings: list[Finding] = []
    for link in own:
        if link.rel not in {"describedby", "item", "linkset"}:
            continue
        if link.rel == "item" and not link.type:
            findings.append(
                finding("signposting.item_without_type", "warning", f"item {link.href} declares no type", url=link.href)
            )
        if link.type:
            problem = _type_problem(link, served_types.get(link.href), type_by_name)
            findings += [problem] if problem else []
    return findings


def _type_problem(link: Link, served: str | None, type_by_name: Callable[[str], str | None] | None) -> Finding | None:
    """A malformed type, or one that contradicts what the server sent (or, for a target that could not be
    fetched, what its file extension says)."""
    declared = (link.type or "").split(";", 1)[0].strip().lower()
    if not _MEDIA_TYPE.match((link.type or "").strip()):
        return finding(
            "signposting.type_malformed",
            "warning",
            f"type '{link.type}' of {link.rel} {link.href} is not a type/subtype media type",
            url=link.href,
            rel=link.rel,
        )
    basis = "served"
    observed = served
    if observed is None and type_by_name is not None:
        observed, basis = type_by_name(link.href), "extension"
    if not observed or observed == declared or (basis == "extension" and _same_family(observed, declared)):
        return None
    verb = "is served as" if basis == "served" else "has the file extension of"
    return finding(
        "signposting.type_mismatch",
        "warning",
        f"{link.rel} {link.href} declares type {declared} but {verb} {observed}",
        url=link.href,
        fsh_code="009",
        rel=link.rel,
        declared=declared,
        observed=observed,
        basis=basis,
    )


def _same_family(one: str, other: str) -> bool:
    """application/json vs application/ld+json: an extension cannot tell these apart."""

    def family(media_type: str) -> str:
        subtype = media_type.split("/", 1)[-1]
        return subtype.rsplit("+", 1)[-1]

    return family(one) == family(other)


def _check_type_rel(own: Sequence[Link]) -> list[Finding]:
    types = {link.href.lower() for link in own if link.rel == "type"}
    if types and types <= _ABOUT_PAGE:
        return [
            finding(
                "signposting.type_only_about_page",
                "warning",
                "rel=type names only AboutPage: add the type of the object itself (e.g. Dataset)",
            )
        ]
    return []


def check_linkset_anchors(links: Sequence[Link], linkset_url: str, landing_urls: set[str]) -> list[Finding]:
    """A linkset should describe the landing page: at least one of its contexts must anchor there."""
    anchors = {link.anchor for link in links if link.anchor}
    if not links or any(same_url(anchor, landing_urls) for anchor in anchors) or not anchors:
        return []
    return [
        finding(
            "signposting.linkset_anchor_mismatch",
            "warning",
            f"no link context of the linkset is the landing page (anchors: {', '.join(sorted(anchors))})",
            url=linkset_url,
        )
    ]


_METHODS: dict[str, OfferingMethod] = {"header": "signposting", "linkset": "linkset", "html": "typed_link"}


def signposting_records(links: Sequence[Link], landing_urls: set[str]) -> list[MetadataRecord]:
    """What the typed links themselves state about the object: one record per place links were found.

    cite-as gives an identifier, author a creator (ORCID), license a licence, type a resource type,
    item a content file with its media type. describedby types are formats of the *metadata*, not of the
    data: they stay on the links (FsF-R1.3-02D judges data formats only). The links stay the evidence;
    the records put their facts beside those of the other sources for merging and checks.
    """
    records = []
    about = [link for link in about_landing(links, landing_urls) if link.rel in FAIR_RELS]
    for source, method in _METHODS.items():
        own = [link for link in about if link.source == source]
        values: dict[str, list[Any]] = {}
        seen: set[tuple[str, str]] = set()  # keyed, not `value in list`: 20,000 item links were 214 s of CPU
        for link in own:
            for field_name, value in _link_facts(link):
                key = (field_name, value.model_dump_json() if isinstance(value, BaseModel) else str(value))
                if key not in seen:
                    seen.add(key)
                    values.setdefault(field_name, []).append(value)
        if values:
            records.append(
                MetadataRecord(
                    method=method,
                    url=own[0].context_url,
                    format="linkset" if source == "linkset" else "link-header",
                    standard="signposting",
                    schema_uri="https://signposting.org/FAIR/",
                    fields=MetadataFields.model_validate(values),
                )
            )
    return records


def _link_facts(link: Link) -> list[tuple[str, Any]]:
    if link.rel == "cite-as":
        return [("identifiers", IdentifierRef(value=link.href, scheme=detect_scheme(link.href)))]
    if link.rel == "author":
        return [
            (
                "creators",
                Agent(name=link.href, identifiers=[IdentifierRef(value=link.href, scheme=detect_scheme(link.href))]),
            )
        ]
    if link.rel == "license":
        return [("licenses", License(url=link.href))]
    if link.rel == "type":
        name = link.href.rstrip("/").rsplit("/", 1)[-1]
        vocabulary = "schema.org" if "schema.org" in link.href else "free"
        return [("resource_types", ResourceType(value=name, vocabulary=vocabulary))]
    if link.rel == "item":
        return [("content_files", ContentFile(url=link.href, media_type=link.type))]
    return []
