"""The HTML rendering: one standalone, accessible page a data steward can open offline or mail on.

Inline CSS and no script (``<details>`` does the folding), so the file works anywhere. Everything
from the report goes through jinja2 autoescaping: harvested titles, URLs and server messages are
untrusted. Accessibility: one ``h1``, sections with ``h2``, each metric's heading inside its
``<summary>``, tables with captions and ``scope``d headers, statuses as symbol + word (colour only
repeats them; a test worth no points is "not scored", never a failure), score bars backed by the number,
AA contrast, a skip link, tables that stack or scroll on a phone instead of widening the page. The parts
the web UI's report page shows too come from ``report_parts.html.j2``, shared with it.
"""

from __future__ import annotations

from markupsafe import Markup

from fairgauge.model.http import Exchange
from fairgauge.model.report import MetricResult, Report, TestResult
from fairgauge.render import report_evidence as evidence
from fairgauge.render import report_view as view
from fairgauge.render.report_badge import render_badge
from fairgauge.render.report_rendering import rendering_summary
from fairgauge.render.report_templates import environment, read_template


def metric_open(metric: MetricResult) -> bool:
    """Open what needs attention: a metric that did not pass, or one with a test that failed or errored."""
    statuses = {test.metric_test_status for test in metric.metric_tests.values()}
    return metric.test_status != "pass" or bool(statuses & {"fail", "error"})


def render_html(report: Report) -> str:
    def exchanges_for(test: TestResult) -> list[Exchange]:
        return evidence.exchanges_for(report, test)

    fair_links, other_links = evidence.split_links(report)
    template = environment().get_template("report.html.j2")
    return template.render(
        report=report,
        ident=report.harvest.identifier,
        harvest=report.harvest,
        signposting=report.harvest.signposting,
        fair_links=fair_links,
        other_links=other_links,
        object_url=evidence.assessed_object(report),
        fair_percent=report.summary.score_percent.get("FAIR"),
        rows=view.summary_rows(report),
        level=report.fairport_level,
        level_text=view.fairport_text(report.fairport_level.level),
        level_heading=view.fairport_heading(report.fairport_level.level),
        no_sources=view.no_sources(report),
        fixes=view.scored_fixes(report),
        unscored_fixes=view.unscored_fixes(report),
        unevaluated=view.not_evaluated(report),
        findings=view.top_findings(report, limit=None),
        metrics=view.all_metrics(report),
        metric_open=metric_open,
        exchanges_for=exchanges_for,
        # Both are produced by fairgauge itself (a package file, an autoescaped template).
        css=Markup(read_template("report.css") + read_template("report_parts.css")),
        badge=Markup(render_badge(report)),
        rendering_text=rendering_summary(report.harvest.rendering),
    )
