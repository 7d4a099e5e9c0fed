"""A loopback server of hostile landing pages: one malformed value must cost a finding, never the report.

Each page also states its title in a Dublin Core meta tag, so the tests can see that the rest of the
page was still read. The in-process tests run harvest and assess through the real HTTP stack; the slow
ones run the command line exactly as users do (exit code 0, the coded finding in the JSON).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from fairgauge.api import assess
from fairgauge.assessment import Assessor
from fairgauge.harvest.harvester import harvest
from fairgauge.render.harvest import harvest_to_json
from fairgauge.render.report import REPORT_FORMATS, render
from fairgauge.settings import Settings
from tests.cli.run import fairgauge
from tests.loopback import Reply, Served, serve

TITLE = "Still read"
BAD = "http://[x]/"
DATASET = {"@context": "https://schema.org", "@type": "Dataset", "name": TITLE}


def _page(head: str = "", body: str = "", jsonld: str | None = None) -> bytes:
    script = f'<script type="application/ld+json">{jsonld}</script>' if jsonld is not None else ""
    return (
        f'<html><head><meta name="DC.title" content="{TITLE}">{head}{script}</head>'
        f"<body><p>A landing page with enough visible text for a machine.</p>{body}</body></html>"
    ).encode()


def _nested(depth: int, key: str, context: str) -> str:
    inner = f'{{"@type": "Thing", "{key}": ' * depth + '{"name": "leaf"}' + "}" * depth
    return f'{{"@context": {context}, "@type": "Dataset", "name": "Deep", "{key}": {inner}}}'


_MICRO = '<div itemprop="about" itemscope itemtype="https://schema.org/Thing">'
LINKSET = {
    "linkset": [
        {"anchor": BAD, "item": [{"href": "/lost.csv"}]},
        {"anchor": "/linkset", "describedby": [{"href": BAD, "type": "application/ld+json"}]},
    ]
}
# name -> (routes, the finding code the harvest must report)
CASES: dict[str, tuple[dict[str, Reply], str]] = {
    "link-header": (
        {"/": Reply(200, _page(), headers=[("Link", f'<{BAD}>; rel="describedby"; type="application/ld+json"')])},
        "signposting.link_invalid",
    ),
    "html-link": ({"/": Reply(200, _page(head=f'<link rel="describedby" href="{BAD}">'))}, "extract.html.link_invalid"),
    "base": ({"/": Reply(200, _page(head=f'<base href="{BAD}">'))}, "extract.html.base_invalid"),
    "linkset": (
        {
            "/": Reply(200, _page(), headers=[("Link", '</ls>; rel="linkset"; type="application/linkset+json"')]),
            "/ls": Reply(200, json.dumps(LINKSET).encode(), content_type="application/linkset+json"),
        },
        "signposting.link_invalid",
    ),
    "id-object": (
        {"/": Reply(200, _page(jsonld=json.dumps({**DATASET, "@id": {"a": 1}})))},
        "extract.jsonld.id_invalid",
    ),
    "id-list": (
        {"/": Reply(200, _page(jsonld=json.dumps({**DATASET, "@id": ["a", "b"]})))},
        "extract.jsonld.id_invalid",
    ),
    "context": (
        {"/": Reply(200, _page(jsonld=json.dumps({**DATASET, "@context": "http://[x"})))},
        "extract.jsonld.context_invalid",
    ),
    "itemref": (
        {
            "/": Reply(
                200,
                _page(
                    body='<div itemscope itemtype="https://schema.org/Dataset" itemref="a\x01b">'
                    '<span itemprop="name">M</span></div><p id="a">x</p>'
                ),
            )
        },
        "extract.html.microdata_value_invalid",
    ),
    "jsonld-300": (
        {"/": Reply(200, _page(jsonld=_nested(300, "http://ex.org/p", '{"ex": "http://ex.org/"}')))},
        "extract.nesting_too_deep",
    ),
    "schemaorg-1000": (
        {"/": Reply(200, _page(jsonld=_nested(1000, "about", '"https://schema.org"')))},
        "extract.nesting_too_deep",
    ),
    "microdata-250": (
        {
            "/": Reply(
                200,
                _page(
                    body='<div itemscope itemtype="https://schema.org/Dataset"><span itemprop="name">M</span>'
                    + _MICRO * 250
                    + "</div>" * 251
                ),
            )
        },
        "extract.nesting_too_deep",
    ),
    "jsonld-document-5000": (
        {
            "/": Reply(200, _page(), headers=[("Link", '</meta>; rel="describedby"; type="application/ld+json"')]),
            "/meta": Reply(
                200, _nested(5000, "about", '"https://schema.org"').encode(), content_type="application/ld+json"
            ),
        },
        "extract.nesting_too_deep",
    ),
}


def _everything_at_once() -> dict[str, Reply]:
    """One page carrying every hostile value but the deep microdata (which hides the itemref case)."""
    blocks = [
        json.dumps({**DATASET, "@id": {"a": 1}}),
        json.dumps({**DATASET, "@id": ["a", "b"]}),
        json.dumps({**DATASET, "@context": "http://[x"}),
        _nested(300, "http://ex.org/p", '{"ex": "http://ex.org/"}'),
        _nested(1000, "about", '"https://schema.org"'),
    ]
    head = f'<base href="{BAD}"><link rel="describedby" href="{BAD}">' + "".join(
        f'<script type="application/ld+json">{block}</script>' for block in blocks
    )
    body = (
        '<div itemscope itemtype="https://schema.org/Dataset" itemref="a\x01b"><span itemprop="name">M</span></div>'
        '<p id="a">x</p>'
    )
    links = f'<{BAD}>; rel="describedby", </ls>; rel="linkset"; type="application/linkset+json"'
    return {
        "/": Reply(200, _page(head=head, body=body), headers=[("Link", links)]),
        "/ls": Reply(200, json.dumps(LINKSET).encode(), content_type="application/linkset+json"),
    }


ALL_AT_ONCE = {code for _, code in CASES.values()}
FIELDS = {  # bad URLs where metadata values go: they stay data, and every later step must read them as text
    **DATASET,
    **dict.fromkeys(("url", "identifier", "license", "sameAs", "citation", "isBasedOn", "conformsTo"), BAD),
    "creator": {"@type": "Person", "name": "A", "@id": BAD},
    "distribution": {"@type": "DataDownload", "contentUrl": BAD, "encodingFormat": "text/csv"},
    "publisher": {"@type": "Organization", "name": "P", "url": "http://[x"},
}


@pytest.fixture(scope="module")
def site() -> Iterator[Served]:
    """Every case under its own prefix: /CASE/ is the landing page, /CASE/... its other resources."""
    routes: dict[str, Reply] = {}
    fields = {"/": Reply(200, _page(jsonld=json.dumps(FIELDS)), headers=[("Link", f'<{BAD}>; rel="cite-as"')])}
    extra = [("all", _everything_at_once()), ("fields", fields)]
    for name, case_routes in [*((n, r) for n, (r, _) in CASES.items()), *extra]:
        for path, reply in case_routes.items():
            routes[f"/{name}{path}"] = _prefixed(reply, name)
    with serve(routes) as served:  # type: ignore[arg-type]
        yield served


def _prefixed(reply: Reply, name: str) -> Reply:
    """Root-relative links of a case (</ls>) point inside the case's prefix."""
    headers = [(k, v.replace("</", f"</{name}/")) for k, v in reply.headers]
    body = reply.body.replace(b'"/linkset"', f'"/{name}/"'.encode()).replace(
        b'"/lost.csv"', f'"/{name}/lost.csv"'.encode()
    )
    return Reply(reply.status, body, headers, reply.content_type)


def _settings(tmp_path: Path) -> Settings:
    return Settings(allow_private_network=True, use_datacite=False, cache_dir=tmp_path)


@pytest.mark.parametrize("name", sorted(CASES))
def test_harvest_and_assess_report_the_coded_finding(name: str, site: Served, tmp_path: Path) -> None:
    code = CASES[name][1]
    url = site.url(f"/{name}/")
    config = _settings(tmp_path)
    harvested = json.loads(harvest_to_json(harvest(url, config, options=Assessor(config).harvest_options())))
    assert code in _codes(harvested), name
    assert TITLE in [title["value"] for title in harvested["metadata"]["titles"]]  # the rest of the page was read
    report = json.loads(render(assess(url, settings=config), "json"))
    assert code in _codes(report["harvest"])
    assert report["total_metrics"] == len(report["results"]) > 0


def _codes(data: object) -> set[str]:
    """Every finding code anywhere in a JSON document."""
    found: set[str] = set()
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if isinstance(item.get("code"), str) and "severity" in item:
                found.add(item["code"])
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return found


def test_one_page_with_every_hostile_value_reports_them_all(site: Served, tmp_path: Path) -> None:
    config = _settings(tmp_path)
    report = json.loads(render(assess(site.url("/all/"), settings=config), "json"))
    assert _codes(report["harvest"]) >= ALL_AT_ONCE
    assert TITLE in json.dumps(report["harvest"]["metadata"]["titles"])


def test_bad_urls_in_metadata_fields_give_every_report_format(site: Served, tmp_path: Path) -> None:
    report = assess(site.url("/fields/"), settings=_settings(tmp_path))
    assert "A" in json.dumps(report.harvest.metadata.creators[0].model_dump())
    for fmt in REPORT_FORMATS:
        assert render(report, fmt.name)


@pytest.mark.slow
@pytest.mark.parametrize(("name", "codes"), [("all", ALL_AT_ONCE), ("microdata-250", {"extract.nesting_too_deep"})])
def test_command_line_gives_a_report_not_exit_3(name: str, codes: set[str], site: Served, tmp_path: Path) -> None:
    env = {
        "FAIRGAUGE_ALLOW_PRIVATE_NETWORK": "true",
        "FAIRGAUGE_USE_DATACITE": "false",
        "FAIRGAUGE_CACHE_DIR": str(tmp_path),
    }
    for command in ("harvest", "assess"):
        out = tmp_path / f"{command}.json"
        done = fairgauge(command, site.url(f"/{name}/"), "--format", "json", "-o", str(out), env=env)
        assert done.returncode == 0, (command, done.stderr)
        assert _codes(json.loads(out.read_text())) >= codes, command
