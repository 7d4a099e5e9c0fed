"""Every recorded case renders in every format, and each format agrees with the report on the basics."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest
from lxml import html as lxml_html
from rdflib import Graph, Namespace
from rdflib import namespace as rns

from fairgauge.model.report import Report
from fairgauge.render.report_badge import shown_percent
from tests.render.conftest import A2A_CASES, CASES, Reports, rendered

DQV = Namespace("http://www.w3.org/ns/dqv#")

# The fast lane renders the main reports and the a2a ones other render tests assess anyway (a described-by
# and a server error); the rest of the a2a benchmark (~40 assessments, most of this module's CPU) is slow.
_FAST_A2A = {f"a2a/{A2A_CASES[0]}", "a2a/07-http-describedby-citeas-linkset-json", "a2a/29-http-500-server-error"}
_CASE_PARAMS = [
    pytest.param(case, marks=[pytest.mark.slow] if case.startswith("a2a/") and case not in _FAST_A2A else [])
    for case in sorted(CASES)
]


@pytest.mark.parametrize("case", _CASE_PARAMS)
def test_every_format_agrees_with_the_report(reports: Reports, case: str) -> None:
    report = reports(case)
    metrics = [*report.results, *report.informative_results]
    tests = [test_id for metric in metrics for test_id in metric.metric_tests]

    assert Report.model_validate(json.loads(rendered(report, "json"))) == report

    text = rendered(report, "text", width=250)
    assert all(f" {m.metric_identifier} " in text for m in metrics)
    assert all(f" {test_id} " in text for test_id in tests)

    page = lxml_html.document_fromstring(rendered(report, "html"))
    assert [d.get("id") for d in page.xpath("//details[@class='metric']")] == [m.metric_identifier for m in metrics]
    assert len(page.xpath("//section[@class='test']")) == len(tests)
    assert len(page.xpath("//tr[starts-with(@id, 'exchange-')]")) == len(report.harvest.exchanges)

    badge = ET.fromstring(rendered(report, "badge"))
    assert f"FAIR: {shown_percent(report.summary.score_percent['FAIR'])}%" in (badge.get("aria-label") or "")

    graph = Graph().parse(data=rendered(report, "ttl"), format="turtle")
    measured = set(graph.objects(None, DQV.isMeasurementOf))
    ns = Namespace(f"https://w3id.org/fairgauge/metrics/{report.profile}/")
    assert {ns[i] for i in [m.metric_identifier for m in metrics] + tests} <= measured
    assert len(set(graph.subjects(rns.RDF.type, DQV.QualityMeasurement))) == len(metrics) + len(tests) + 5
