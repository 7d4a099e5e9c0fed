"""HTML: one standalone, accessible page with every metric, test, recommendation and the evidence."""

from __future__ import annotations

import re
from typing import Any

import pytest
from lxml import html as lxml_html

from fairgauge.model import report as model
from fairgauge.model.findings import Finding
from fairgauge.model.report import MetricResult, Report
from tests.render.conftest import HOSTILE, MAIN_CASES, Reports, rendered, with_conflict, with_test

STATUS_WORDS = {
    "pass": "✓ pass",
    "fail": "✗ fail",
    "error": "? could not evaluate",
    "not_applicable": "– not applicable",
}


def _shown_status(metric: MetricResult, test: model.TestResult) -> str:
    """What the page must say: a pass or fail worth no points is "not scored", never a failure."""
    if test.metric_test_status in ("pass", "fail") and (not metric.scored or test.metric_test_score.total == 0):
        return "○ not scored"
    return STATUS_WORDS[test.metric_test_status]


def _page(report: Report) -> Any:
    return lxml_html.document_fromstring(rendered(report, "html"))


def _text(element: Any) -> str:
    return " ".join(element.text_content().split())


def test_standalone_no_script_no_external_assets(zenodo: Report) -> None:
    source = rendered(zenodo, "html")
    page = lxml_html.document_fromstring(source)
    assert not page.xpath("//script | //link | //img | //iframe | //object | //embed")
    assert not page.xpath("//*[@src]"), "no element loads anything"
    assert page.xpath("//style"), "the CSS is inline"
    assert not re.search(r"url\(|@import", "".join(page.xpath("//style/text()")))
    assert not [a for a in page.xpath("//a/@href") if not a.startswith(("#", "http://", "https://"))]


def test_document_structure_is_accessible(zenodo: Report) -> None:
    page = _page(zenodo)
    assert page.get("lang") == "en"
    assert len(page.xpath("//h1")) == 1
    assert [_text(h) for h in page.xpath("//h2")] == [
        "Summary",
        "FAIRport level",
        "What to do",
        "Metrics and tests",
        "Evidence",
        "Signposting",
        "Source conflicts",
    ]
    for table in page.xpath("//table"):
        assert table.xpath("caption"), "every table says what it holds"
        assert table.xpath("thead/tr/th[@scope='col']")
    ids = page.xpath("//@id")
    assert len(ids) == len(set(ids)), "ids are unique"
    targets = {href[1:] for href in page.xpath("//a/@href") if href.startswith("#")}
    assert targets <= set(ids), "every in-page link lands somewhere"


def test_summary_has_a_bar_and_the_number_per_principle(zenodo: Report) -> None:
    table = _page(zenodo).xpath("//section[@aria-labelledby='summary']//table")[0]
    rows = {_text(tr.xpath("th")[0]).split()[0]: tr for tr in table.xpath("tbody/tr")}
    assert list(rows) == ["F", "A", "I", "R", "FAIR"]
    for key, row in rows.items():
        percent = zenodo.summary.score_percent[key]
        assert f"{percent:.2f} %" in _text(row)
        bar = row.xpath(".//meter")[0]
        assert bar.get("aria-hidden") == "true", "the bar repeats the number; it is not the only carrier"
        assert (bar.get("min"), bar.get("max"), bar.get("value")) == ("0", "100", f"{percent:.2f}")
        earned, total = zenodo.summary.score_earned[key], zenodo.summary.score_total[key]
        assert f"{earned:g} / {total:g}" in _text(row)


@pytest.mark.parametrize("case", MAIN_CASES)
def test_each_metric_with_its_score_status_and_tests(reports: Reports, case: str) -> None:
    report = reports(case)
    page = _page(report)
    for metric in [*report.results, *report.informative_results]:
        details = page.get_element_by_id(metric.metric_identifier)
        assert details.tag == "details"
        summary = _text(details.xpath("summary")[0])
        assert summary.startswith(f"{metric.metric_identifier} {metric.metric_name}")
        assert f"score {metric.score.earned:g}/{metric.score.total:g}" in summary
        assert (STATUS_WORDS[metric.test_status] if metric.scored else "○ not scored") in summary
        needs_attention = metric.test_status != "pass" or any(
            t.metric_test_status in ("fail", "error") for t in metric.metric_tests.values()
        )
        assert (details.get("open") is not None) == needs_attention
        for test_id, test in metric.metric_tests.items():
            section = details.xpath(f".//section[@aria-labelledby='{test_id}']")[0]
            heading = _text(section.xpath("h4")[0])
            assert heading.startswith(test_id) and heading.endswith(_shown_status(metric, test))
            for finding in test.findings:
                assert finding.code in _text(section)
            if test.metric_test_status == "fail":
                assert test.recommendation
                assert " ".join(test.recommendation.split()) in _text(section.xpath(".//*[@class='recommendation']")[0])


def test_error_is_could_not_evaluate_not_a_failure(zenodo_05: Report) -> None:
    page = _page(zenodo_05)
    metric = zenodo_05.result("FsF-A1-03D")
    assert metric is not None and metric.test_status == "error"
    chip = page.get_element_by_id("FsF-A1-03D").xpath("summary//span[contains(@class, 'status')]")[0]
    assert chip.get("class") == "status status-error" and _text(chip) == "? could not evaluate"
    todo = page.xpath("//section[@aria-labelledby='what-to-do']")[0]
    assert "FsF-A1-03D-1" not in _text(todo.xpath("ol")[0])
    assert "FsF-A1-03D-1" in _text(todo.xpath("h3[.='Could not evaluate']/following-sibling::ul[1]")[0])


def test_what_to_do_links_each_failed_test(zenodo: Report) -> None:
    page = _page(zenodo)
    todo = page.xpath("//section[@aria-labelledby='what-to-do']/ol[@id='fix-list']/li")
    failed = [
        (t_id, m.scored and t.metric_test_score.total > t.metric_test_score.earned)
        for m in zenodo.results + zenodo.informative_results
        for t_id, t in m.metric_tests.items()
        if t.metric_test_status == "fail"
    ]
    assert sorted(li.xpath("a/@href")[0][1:] for li in todo) == sorted(t for t, costs in failed if costs)
    for li in todo:
        assert re.search(r"\(\d+(\.\d+)? points? lost\)", _text(li)), _text(li)


def test_failed_tests_worth_no_points_are_shown_apart_and_neutral(zenodo: Report) -> None:
    """Zenodo (FsF 0.8) fails FsF-F1-02MD-4, FsF-F1-02MD-5 and FsF-R1-01M-3, each worth 0 points: they are
    advice in their own list, and their status chip is the neutral "not scored", not a red failure."""
    page = _page(zenodo)
    free = ["FsF-F1-02MD-4", "FsF-F1-02MD-5", "FsF-R1-01M-3"]
    fixes = _text(page.get_element_by_id("fix-list"))
    apart = page.get_element_by_id("unscored-list")
    assert [li.xpath("a/@href")[0][1:] for li in apart.xpath("li")] == free
    for test_id in free:
        assert test_id not in fixes
        chip = page.get_element_by_id(test_id).xpath("span[contains(@class, 'status')]")[0]
        assert chip.get("class") == "status status-unscored" and _text(chip) == "○ not scored"
        row = page.xpath(f"//a[@href='#{test_id}']/ancestor::tr[1]")[0]
        assert "✗ fail" not in _text(row) and "○ not scored" in _text(row)


def test_evidence_exchanges_and_records(zenodo: Report) -> None:
    page = _page(zenodo)
    for exchange in zenodo.harvest.exchanges:
        row = _text(page.get_element_by_id(f"exchange-{exchange.id}"))
        assert f"{exchange.method} {exchange.request_url}" in row
        if exchange.accept:
            assert f"Accept: {exchange.accept}" in row
        if exchange.status is not None:
            assert f"HTTP {exchange.status}" in row
        if exchange.final_url:
            assert f"Final URL: {exchange.final_url}" in row
        for hop in exchange.redirects:
            assert f"{hop.status} {hop.url} → {hop.location}" in row
        if exchange.error:
            assert exchange.error in row
    records = page.get_element_by_id("records").xpath("following-sibling::div[1]/table/tbody/tr")
    assert [[_text(td) for td in tr.xpath("td")[:4]] for tr in records] == [
        [r.method, r.standard, r.format, r.url or ""] for r in zenodo.harvest.records
    ]


def test_tests_link_to_the_exchanges_behind_them(zenodo: Report) -> None:
    page = _page(zenodo)
    section = page.xpath("//section[@aria-labelledby='FsF-F1-02MD-2']")[0]
    landing = next(e for e in zenodo.harvest.exchanges if e.purpose == "landing_page")
    assert f"#exchange-{landing.id}" in section.xpath(".//a/@href"), "the PID resolution is shown as evidence"


def test_signposting_links_and_warnings(reports: Reports) -> None:
    report = reports("pangaea")
    section = _page(report).xpath("//section[@aria-labelledby='signposting']")[0]
    fair, other = section.xpath("div/table"), section.xpath("details/div/table")
    rows = [(_text(tr[0]), _text(tr[1])) for tr in fair[0].xpath("tbody/tr")]
    assert {rel for rel, _ in rows} == {"author", "cite-as", "describedby", "item"}
    others = [(_text(tr[0]), _text(tr[1])) for tr in other[0].xpath("tbody/tr")]
    assert "stylesheet" in {rel for rel, _ in others} and not {rel for rel, _ in others} & {"cite-as", "item"}
    links = report.harvest.signposting.links
    assert len(links) == 44 and len(rows) == 7 and len(rows + others) == 16, "each distinct link once"
    distinct = {(x.rel, x.href, x.type, x.profile) for x in links}  # the favicon is listed with 2 types
    assert sorted(rows + others) == sorted((rel, href) for rel, href, _, _ in distinct)
    cite_as = next(tr for tr in fair[0].xpath("tbody/tr") if _text(tr[0]) == "cite-as")
    carriers = [_text(li) for li in cite_as[4].xpath(".//li")]
    expected = [(x.source, x.context_url) for x in links if x.rel == "cite-as"]
    assert len(carriers) == len(expected) == 5, "the one cite-as link was read from 5 places; all are named"
    for (source, context), shown in zip(expected, carriers, strict=True):
        assert shown == f"{source} {context}"
    assert report.harvest.signposting.warnings
    for warning in report.harvest.signposting.warnings:
        assert warning.code in _text(section)


def test_conflicts_are_listed_with_sources(zenodo: Report) -> None:
    report = with_conflict(zenodo, title="Another title")
    section = _page(report).xpath("//section[@aria-labelledby='conflicts']")[0]
    rows = section.xpath(".//table/tbody/tr")
    assert [_text(tr[0]) for tr in rows] == [str(v.value) for v in report.conflicts[0].values]
    source = report.conflicts[0].values[1].sources[0]
    assert f"{source.method} {source.standard} ({source.format}) {source.url}" in _text(rows[1])


def test_everything_from_the_report_is_escaped(zenodo: Report) -> None:
    hostile = Finding(code="x/hostile", severity="warning", message=HOSTILE)
    report = with_test(with_conflict(zenodo), "FsF-I2-01M-2", findings=[hostile], recommendation=HOSTILE)
    source = rendered(report, "html")
    assert "<script" not in source and "<b>bold</b>" not in source
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &#34;quoted&#34;" in source
    page = lxml_html.document_fromstring(source)
    assert not page.xpath("//script | //b")
    section = page.xpath("//section[@aria-labelledby='FsF-I2-01M-2']")[0]
    assert HOSTILE in section.text_content(), "shown as text, exactly"


@pytest.mark.parametrize(
    "cite_as",
    [
        "javascript:alert(document.domain)",
        "JavaScript:alert(1)",
        "java\tscript:alert(1)",
        " javascript:alert(1)",
        "\x01https://evil.example/",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "https:no-host",
    ],
)
def test_only_http_urls_become_links(zenodo: Report, cite_as: str) -> None:
    """A harvested cite-as (or resolved URL) in another scheme is shown as text, never a live link."""
    signposting = zenodo.harvest.signposting.model_copy(update={"cite_as": cite_as})
    harvest = zenodo.harvest.model_copy(update={"signposting": signposting})
    report = zenodo.model_copy(update={"harvest": harvest, "resolved_url": cite_as})
    page = _page(report)
    hrefs = page.xpath("//a/@href")
    assert all(h.startswith(("#", "http://", "https://")) for h in hrefs), hrefs
    assert cite_as.strip() not in [h.strip() for h in hrefs]
    assert any("Cite as:" in _text(p) for p in page.xpath("//p"))


def test_report_carries_a_content_security_policy(zenodo: Report) -> None:
    page = _page(zenodo)
    (policy,) = page.xpath("//head/meta[@http-equiv='Content-Security-Policy']/@content")
    directives = {d.strip().split(" ", 1)[0]: d.strip() for d in policy.split(";")}
    assert directives["default-src"] == "default-src 'none'"  # so no script, frame, font or fetch
    assert "script-src" not in directives and directives["base-uri"] == "base-uri 'none'"
    first_children = [el.tag for el in page.xpath("//head/*")][:2]
    assert first_children == ["meta", "meta"], "the policy comes before any content it governs"
