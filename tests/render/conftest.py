"""Real reports for the rendering tests, assessed offline from the recorded WARC archives.

Reports are assessed lazily inside each test (so the autouse network guard is active while the
pipeline runs) and cached for the session: a report is immutable.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from fairgauge.api import assess
from fairgauge.assessment import Assessor
from fairgauge.model.metadata import Conflict, Provenance, Sourced
from fairgauge.model.report import Report
from fairgauge.render.report import Format, render
from fairgauge.settings import Settings
from tests.conftest import FIXTURES

ROOT = FIXTURES.parents[1]
WARC = FIXTURES / "warc"
A2A = WARC / "a2a"
A2A_CASES = sorted(p.name.removesuffix(".warc.gz") for p in A2A.glob("*.warc.gz"))
# name -> (identifier, archive, profile)
CASES: dict[str, tuple[str, Path, str]] = {
    "zenodo": ("10.5281/zenodo.1196821", ROOT / "examples" / "zenodo-1196821_2026-07.warc.gz", "fsf-0.8"),
    "zenodo-0.5": ("10.5281/zenodo.1196821", ROOT / "examples" / "zenodo-1196821_2026-07.warc.gz", "fsf-0.5"),
    "zenodo-2021": ("10.5281/zenodo.1196821", WARC / "zenodo-1196821_2021-06.warc.gz", "fsf-0.8"),
    "pangaea": ("10.1594/PANGAEA.836178", WARC / "pangaea-836178_2021-06.warc.gz", "fsf-0.8"),
    **{
        f"a2a/{case}": (f"https://w3id.org/a2a-fair-metrics/{case}/", A2A / f"{case}.warc.gz", "fsf-0.8")
        for case in A2A_CASES
    },
}
MAIN_CASES = ["zenodo", "zenodo-0.5", "zenodo-2021", "pangaea"]


@dataclass
class Reports:
    """Assess each case once per session; later requests get the same immutable report."""

    assessor: Assessor
    cache: dict[str, Report] = field(default_factory=dict)

    def __call__(self, name: str) -> Report:
        if name not in self.cache:
            identifier, archive, profile = CASES[name]
            self.cache[name] = assess(identifier, profile=profile, replay=[archive], assessor=self.assessor)
        return self.cache[name]


_RENDERED: dict[tuple[int, str, int], tuple[Report, str]] = {}


def rendered(report: Report, fmt: Format, *, width: int = 120) -> str:
    """``render`` once per (report, format, width) in the process: rendering is pure and tests never change
    a report in place (they change copies), so the tests that read the same rendering of a session report
    share it. The report is kept beside its output, so an id reused by a later object is never mistaken
    for it. ``test_report_dispatch`` compares a fresh rendering with this one."""
    key = (id(report), fmt, width)
    hit = _RENDERED.get(key)
    if hit is None or hit[0] is not report:
        hit = _RENDERED[key] = (report, render(report, fmt, width=width))
    return hit[1]


@pytest.fixture(scope="session")
def reports() -> Reports:
    return Reports(Assessor(Settings()))


@pytest.fixture()
def zenodo(reports: Reports) -> Report:
    return reports("zenodo")


@pytest.fixture()
def zenodo_05(reports: Reports) -> Report:
    """FsF 0.5 on Zenodo: has a not_applicable test and a metric that could not be evaluated."""
    return reports("zenodo-0.5")


HOSTILE = "<script>alert('x')</script> & \"quoted\" <b>bold</b>"


def with_conflict(report: Report, title: str = HOSTILE) -> Report:
    """The report plus a title conflict between two of its real records (the corpus has none)."""
    first, second = report.harvest.records[:2]
    sources = [Provenance(method=r.method, url=r.url, format=r.format, standard=r.standard) for r in (first, second)]
    original = report.harvest.metadata.titles[0].value
    conflict = Conflict(
        field="title",
        values=[Sourced[Any](value=original, sources=[sources[0]]), Sourced[Any](value=title, sources=[sources[1]])],
        message=f"Sources disagree on the title: {original} ({first.method}); {title} ({second.method}).",
    )
    return report.model_copy(update={"conflicts": [conflict]})


def with_test(report: Report, test_id: str, **changes: Any) -> Report:
    """The report with one test changed (e.g. a hostile finding message or another status)."""
    results = []
    for metric in report.results:
        if test_id in metric.metric_tests:
            tests = dict(metric.metric_tests)
            tests[test_id] = tests[test_id].model_copy(update=changes)
            metric = metric.model_copy(update={"metric_tests": tests})
        results.append(metric)
    return report.model_copy(update={"results": results})
