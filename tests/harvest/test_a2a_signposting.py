"""Every Apples-to-Apples FAIR Signposting case: exactly the expected links, cite-as and warnings."""

from __future__ import annotations

from typing import Any

import pytest

from fairgauge.model.harvest import HarvestResult
from fairgauge.model.signposting import Link
from tests.harvest.corpus import A2A_CASES, A2A_EXPECTED, harvest_a2a

SPEC = A2A_EXPECTED["_evaluator_spec_expectations"]
WARNINGS = SPEC["warnings (FAIR-Signposting-Harvester codes)"]


def _as_expected(link: Link) -> dict[str, str]:
    shown = {"href": link.href, "rel": link.rel}
    shown.update({k: v for k, v in (("type", link.type), ("profile", link.profile)) if v})
    return shown


def _links(result: HarvestResult, source: str, context: str) -> list[dict[str, str]]:
    return [
        _as_expected(link) for link in result.signposting.links if link.source == source and link.context_url == context
    ]


def _strip(expected: list[dict[str, Any]]) -> list[dict[str, str]]:
    return [{k: v for k, v in item.items() if k in {"href", "rel", "type", "profile"}} for item in expected]


@pytest.mark.parametrize("case", A2A_CASES)
def test_landing_links_are_exactly_the_expected_ones(case: str) -> None:
    expected = A2A_EXPECTED[case]
    result = harvest_a2a(case)
    landing = expected["landing_url_s11"]
    assert result.landing_url == landing
    assert result.pid_resolution.final_status == expected["http_status"]
    assert result.pid_resolution.redirected  # w3id answers 302: a registered PID
    assert _links(result, "header", landing) == _strip(expected["http_link_header"])
    assert _links(result, "html", landing) == _strip(expected["html_link_elements"])


@pytest.mark.parametrize("case", [c for c in A2A_CASES if A2A_EXPECTED[c]["linkset_files"]])
def test_every_linkset_is_read(case: str) -> None:
    expected = A2A_EXPECTED[case]
    result = harvest_a2a(case)
    for name in expected["linkset_files"]:
        url = expected["landing_url_s11"] + name
        from_linkset = [
            link for link in result.signposting.links if link.source == "linkset" and link.context_url == url
        ]
        assert {link.rel for link in from_linkset} >= {"cite-as", "describedby", "item"}, name
        assert all(link.anchor == expected["landing_url_s11"] for link in from_linkset if link.rel == "cite-as")


@pytest.mark.parametrize("case", [c for c in A2A_CASES if A2A_EXPECTED[c].get("http_link_header_on_other_files")])
def test_link_headers_of_followed_files(case: str) -> None:
    expected = A2A_EXPECTED[case]
    result = harvest_a2a(case)
    for name, links in expected["http_link_header_on_other_files"].items():
        url = expected["landing_url_s11"] + name
        assert _links(result, "header", url) == _strip(links), name


@pytest.mark.parametrize("case", SPEC["cite_as_found_equals_w3id_pid"])
def test_cite_as_is_the_w3id_pid(case: str) -> None:
    assert harvest_a2a(case).signposting.cite_as == A2A_EXPECTED[case]["pid_w3id"]


@pytest.mark.parametrize("entry", SPEC["no_cite_as"])
def test_no_cite_as(entry: str) -> None:
    case = entry.split(" ")[0]
    result = harvest_a2a(case)
    assert result.signposting.cite_as is None
    assert not [link for link in result.signposting.links if link.rel == "cite-as"]


def _describedby(result: HarvestResult) -> set[str]:
    landing = {result.landing_url or ""}
    return {
        link.href
        for link in result.signposting.links
        if link.rel == "describedby" and (link.anchor is None or link.anchor in landing)
    }


@pytest.mark.parametrize(("case", "count"), sorted(SPEC["describedby_found"].items()))
def test_describedby_found(case: str, count: int) -> None:
    assert len(_describedby(harvest_a2a(case))) == count


@pytest.mark.parametrize("case", SPEC["describedby_absent"])
def test_describedby_absent(case: str) -> None:
    assert _describedby(harvest_a2a(case)) == set()


WARNING_CASES = [(label.split(" ")[0], case) for label, cases in WARNINGS.items() for case in cases]


@pytest.mark.parametrize(("fsh_code", "case"), WARNING_CASES)
def test_expected_warning_is_raised(fsh_code: str, case: str) -> None:
    codes = {w.params.get("fsh_code") for w in harvest_a2a(case).signposting.warnings}
    assert fsh_code in codes


@pytest.mark.parametrize("case", A2A_CASES)
def test_type_warnings_match_the_declared_links(case: str) -> None:
    """Warnings that follow from the links themselves are raised exactly where they apply."""
    expected = A2A_EXPECTED[case]
    result = harvest_a2a(case)
    codes = {w.code for w in result.signposting.warnings}
    untyped = [link for link in expected["http_link_header"] if link["rel"] == "describedby" and "type" not in link]
    assert ("signposting.describedby_without_type" in codes) == bool(untyped)
    malformed = [link for link in expected["http_link_header"] if "type" in link and "/" not in link["type"]]
    assert ("signposting.type_malformed" in codes) == bool(malformed)


def test_tombstone_and_server_error_do_not_crash() -> None:
    gone = harvest_a2a("25-http-citeas-author-410-gone")
    assert gone.pid_resolution.tombstone and gone.signposting.cite_as
    broken = harvest_a2a("29-http-500-server-error")
    assert broken.pid_resolution.final_status == 500
    assert any(f.code == "landing.http_error" for f in broken.findings)


def test_linkset_only_page_yields_metadata_links() -> None:
    result = harvest_a2a("27-http-linkset-json-only")
    rels = {link.rel for link in result.signposting.links if link.source == "linkset"}
    assert {"cite-as", "describedby", "item"} <= rels
    assert any(r.method == "linkset" for r in result.records)
