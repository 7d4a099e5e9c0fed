"""Hostile link counts: thousands of linksets or metadata links cost a capped number of requests and a
finding; thousands of item links cost linear, not quadratic, work in ``signposting_records``."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Any

from fairgauge.harvest.harvester import harvest
from fairgauge.harvest.typed_links import links_from_headers, signposting_records
from fairgauge.model.signposting import Link
from fairgauge.settings import Settings
from tests.loopback import Reply, serve

LINKSET = b'{"linkset": [{"anchor": "ANCHOR", "cite-as": [{"href": "ANCHOR"}]}]}'


def _page(links: str) -> bytes:
    return f"<!doctype html><html><head><title>t</title>{links}</head><body>hi</body></html>".encode()


def _settings(**update: Any) -> Settings:
    return Settings(
        allow_private_network=True, use_datacite=False, content_negotiation=False, content_sample_files=0, **update
    )


def test_two_thousand_linksets_cost_four_requests_and_a_finding() -> None:
    tags = "".join(f'<link rel="linkset" href="/ls/{i}" type="application/linkset+json">' for i in range(2000))
    routes: dict[str, Any] = {"/landing": Reply(200, _page(tags))}
    for i in range(2000):
        routes[f"/ls/{i}"] = Reply(200, LINKSET, content_type="application/linkset+json")
    with serve(routes) as site:
        for i in range(2000):
            routes[f"/ls/{i}"].body = LINKSET.replace(b"ANCHOR", site.url("/landing").encode())
        result = harvest(site.url("/landing"), _settings())
        fetched = [path for _, path, _ in site.requests if path.startswith("/ls/")]
    assert sorted(fetched) == ["/ls/0", "/ls/1", "/ls/2", "/ls/3"]
    capped = [w for w in result.signposting.warnings if w.code == "signposting.linksets_capped"]
    assert len(capped) == 1
    assert capped[0].params == {"listed": 2000, "followed": 4, "setting": "max_linksets"}
    assert any(link.source == "linkset" and link.rel == "cite-as" for link in result.signposting.links)


def test_linkset_cap_is_a_setting_and_zero_reads_none() -> None:
    tags = "".join(f'<link rel="linkset" href="/ls/{i}">' for i in range(3))
    with serve({"/landing": Reply(200, _page(tags))}) as site:
        result = harvest(site.url("/landing"), _settings(max_linksets=0))
        fetched = [path for _, path, _ in site.requests if path.startswith("/ls/")]
    assert fetched == []
    assert [w.params["listed"] for w in result.signposting.warnings if w.code == "signposting.linksets_capped"] == [3]


def test_metadata_links_over_the_cap_get_a_finding_too() -> None:
    tags = "".join(f'<link rel="describedby" href="/md/{i}" type="application/ld+json">' for i in range(30))
    with serve({"/landing": Reply(200, _page(tags))}) as site:
        result = harvest(site.url("/landing"), _settings())
        fetched = [path for _, path, _ in site.requests if path.startswith("/md/")]
    assert len(fetched) == 8
    capped = [w for w in result.signposting.warnings if w.code == "signposting.metadata_links_capped"]
    assert [(w.params["listed"], w.params["followed"]) for w in capped] == [(30, 8)]


def _item_links(count: int) -> list[Link]:
    page = "https://repo.example/rec/1"
    return [
        Link(rel="item", href=f"https://repo.example/files/{i}.csv", type="text/csv", source="header", context_url=page)
        for i in range(count)
    ]


def test_item_links_parsed_from_a_header_are_the_same_links() -> None:
    header = ", ".join(f'<https://repo.example/files/{i}.csv>; rel="item"; type="text/csv"' for i in range(50))
    parsed, findings = links_from_headers([header], "https://repo.example/rec/1")
    assert not findings and parsed == _item_links(50)


@contextmanager
def _counting_calls() -> Iterator[list[int]]:
    """Count Python-level function calls: a work measure that does not depend on machine speed."""
    counter = [0]

    def profile(frame: FrameType, event: str, arg: object) -> None:
        if event in {"call", "c_call"}:
            counter[0] += 1

    sys.setprofile(profile)
    try:
        yield counter
    finally:
        sys.setprofile(None)


def test_signposting_records_work_grows_linearly_with_item_links() -> None:
    landing = {"https://repo.example/rec/1"}
    small, large = _item_links(1000), _item_links(4000)
    with _counting_calls() as small_calls:
        signposting_records(small, landing)
    with _counting_calls() as large_calls:
        records = signposting_records(large, landing)
    assert len(records[0].fields.content_files) == 4000
    ratio = large_calls[0] / small_calls[0]
    assert ratio < 6, f"4x the links cost {ratio:.1f}x the calls (quadratic would be ~16x)"


def test_twenty_thousand_item_links_in_one_record_each_once() -> None:
    links = _item_links(20_000)
    records = signposting_records([*links, *links], {"https://repo.example/rec/1"})  # duplicates collapse
    files = records[0].fields.content_files
    assert len(files) == 20_000 and len({f.url for f in files}) == 20_000
