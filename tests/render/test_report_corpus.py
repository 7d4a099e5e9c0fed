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
from tests.render.conftest import CASES, Reports, rendered

DQV = Namespace("http://www.w3.org/ns/dqv#")


@pytest.mark.parametrize("case", sorted(CASES))
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
