"""Every check against its positive and negative cases (tests/metrics/cases.yaml)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from fairgauge.metrics.base import judge
from fairgauge.metrics.registry import CheckRegistry
from tests.metrics.evidence import evidence_for

CASES: dict[str, dict[str, list[str]]] = yaml.safe_load((Path(__file__).parent / "cases.yaml").read_text())
REGISTRY = CheckRegistry.default()
PARAMS = [
    (check, outcome, source)
    for check, outcomes in CASES.items()
    for outcome, sources in outcomes.items()
    for source in sources
]


# FAIRtracks documents are validated against an ontology index compiled for the run: seconds of CPU.
CASE_PARAMS = [
    pytest.param(*case, id="-".join(case), marks=[pytest.mark.slow] if "tracks" in case[2] else []) for case in PARAMS
]


@pytest.mark.parametrize(("check_id", "outcome", "source"), CASE_PARAMS)
def test_check_outcome(check_id: str, outcome: str, source: str) -> None:
    result = judge(REGISTRY.get(check_id), evidence_for(source))  # as the runner does: the evidence rule
    assert result.outcome == outcome, [f.message for f in result.findings]
    assert result.findings, "every outcome is explained by a finding"
    assert result.findings[0].code.startswith(check_id + "/"), "the first finding is the check's own verdict"
    quoted = [f for f in result.findings[1:] if not f.code.startswith(check_id + "/")]
    assert all(f.code.startswith("tracks.") for f in quoted), "other findings are quoted evidence"
    if outcome == "fail":
        assert result.recommendation, "a failed check says what to do"


def test_every_check_has_a_positive_a_negative_and_an_error_case() -> None:
    for check_id in REGISTRY.ids():
        outcomes: dict[str, Any] = CASES.get(check_id, {})
        assert outcomes.get("pass"), f"{check_id} has no passing case"
        assert set(outcomes) - {"pass"}, f"{check_id} has no negative case"
        assert outcomes.get("error"), f"{check_id} has no error case (evidence that could not be obtained)"
    assert set(CASES) <= set(REGISTRY.ids())


def test_check_classes_say_they_are_checks() -> None:
    """House naming: a check class ends in ``Check`` (``FileFormatCheck``, not ``FileFormat``, a name that
    once meant a check, a reference-data record and a track's declared format), so a name says what it holds."""
    names = [type(REGISTRY.get(check_id)).__name__ for check_id in REGISTRY.ids()]
    assert [name for name in names if not name.endswith("Check")] == []
