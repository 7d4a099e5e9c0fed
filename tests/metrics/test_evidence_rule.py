"""No evidence, no score: the rule every registered check runs under, asserted check by check.

For each registered check, real captures are replayed from archives that lack every request its declared
evidence steps made (as if those services were down); wherever that leaves the check without evidence
(every declared step that ran failed), the check must not say ``fail``. The rule lives in the runner
(``fairgauge.metrics.base.judge``), not in the checks, so a new check is covered by declaring its steps.
"""

from __future__ import annotations

import tempfile
from functools import cache
from pathlib import Path
from typing import Any, ClassVar, get_args

import pytest

from fairgauge.errors import ProfileError
from fairgauge.harvest.warc import WarcArchive
from fairgauge.metrics.base import Check, CheckResult, Evidence, NoParams, failed_steps, judge
from fairgauge.metrics.registry import CheckRegistry
from fairgauge.model.harvest import HARVEST_STEPS, HarvestResult, HarvestStep
from tests.harvest.corpus import FACTS, WARC, assessor, harvest_archive
from tests.sites import archived_entry, site, site_archive
from tests.warcbuild import Entry, write_warc

REGISTRY = CheckRegistry.default()
CHECKS = [REGISTRY.get(check_id) for check_id in REGISTRY.ids()]
_BUILD = Path(tempfile.mkdtemp(prefix="fairgauge-evidence-rule-"))
# Real captures and a hand-made site that together exercise every harvesting step.
SOURCES: dict[str, tuple[str, Path]] = {
    "zenodo": (f"https://doi.org/{FACTS['zenodo-1196821_2026-07']['doi']}", WARC / "zenodo-1196821_2026-07.warc.gz"),
    "pangaea": (f"https://doi.org/{FACTS['pangaea-836178_2021-06']['doi']}", WARC / "pangaea-836178_2021-06.warc.gz"),
    "hydro": (site("hydro")["identifier"], site_archive("hydro")),
}


def _urls_of(harvest: HarvestResult, steps: tuple[HarvestStep, ...]) -> set[str]:
    """Every URL the given steps asked for (and every hop of their redirect chains)."""
    urls: set[str] = set()
    for outcome in harvest.step_outcomes(steps):
        for exchange_id in outcome.exchange_ids:
            exchange = harvest.exchange(exchange_id)
            if exchange is not None:
                urls |= {exchange.request_url, *(hop.url for hop in exchange.redirects)}
    return urls


def _bare(url: str) -> str:
    return url.split("?", 1)[0]


@cache
def _without_steps(source: str, steps: tuple[HarvestStep, ...]) -> HarvestResult:
    """The source replayed from its archive minus every request ``steps`` made in the full harvest."""
    identifier, archive = SOURCES[source]
    dropped = _urls_of(harvest_archive(identifier, archive), steps)
    gone = {_bare(url) for url in dropped}
    kept = [
        archived_entry(r)
        for r in WarcArchive.load([archive]).responses()
        if _bare(r.url) not in gone  # replay also answers a URL by its query-less form
    ] or [Entry(url="https://example.org/", body=b"<html></html>")]
    path = write_warc(_BUILD / f"{source}-{'-'.join(steps) or 'none'}.warc.gz", kept)
    return harvest_archive(identifier, path)


def _judge(check: Check[Any], harvest: HarvestResult) -> CheckResult:
    judge_with = assessor()
    evidence = Evidence(harvest=harvest, ref=judge_with.ref, community=judge_with.community_validations(harvest))
    return judge(check, evidence)


def test_every_check_declares_steps_that_exist() -> None:
    for check in CHECKS:
        steps = type(check).evidence_steps
        assert set(steps) <= set(get_args(HarvestStep)), f"{check.id} declares unknown steps {steps}"
        assert len(set(steps)) == len(steps), f"{check.id} declares a step twice"


def test_a_check_without_declared_evidence_steps_is_refused() -> None:
    class Undeclared(Check[NoParams]):
        id = "test.undeclared"
        title = "declares no evidence steps"
        codes: ClassVar[tuple[str, ...]] = ()

        def evaluate(self, evidence: Evidence, params: NoParams) -> CheckResult:
            raise AssertionError("never run")

    with pytest.raises(ProfileError, match="evidence_steps"):
        CheckRegistry([Undeclared])


@pytest.mark.parametrize("check", CHECKS, ids=[c.id for c in CHECKS])
def test_no_check_fails_when_its_evidence_steps_failed(check: Check) -> None:
    steps = type(check).evidence_steps
    if not steps:  # judges the identifier as typed: only an unreached object takes its evidence away
        harvest = _without_steps("zenodo", HARVEST_STEPS)
        assert harvest.reachability.status == "not_assessed"
        assert _judge(check, harvest).outcome == "error"
        return
    exercised = 0
    for source in SOURCES:
        harvest = _without_steps(source, steps)
        if not failed_steps(harvest, steps):
            continue  # a declared step still supplied evidence (or none ran): the check may judge
        exercised += 1
        result = _judge(check, harvest)
        assert result.outcome != "fail", (source, [f.message for f in result.findings])
        if result.outcome == "error":
            assert result.findings[0].code.split("/", 1)[1] in {"evidence_unavailable", "not_assessed"} or (
                result.findings[0].code in check.codes
            )
    assert exercised, f"no source takes {check.id}'s evidence ({steps}) away: the rule is not exercised"


def test_partly_reachable_objects_are_assessed_and_keep_their_verdicts() -> None:
    """DataCite down, landing page fine: scored as before; only DataCite-only tests become errors."""
    harvest = _without_steps("zenodo", ("datacite_api",))
    assert harvest.reachability.status == "assessed"
    outcomes = {c.id: _judge(c, harvest).outcome for c in CHECKS}
    assert outcomes["f4.registry_listing"] == "error" and outcomes["a2.metadata_preserved"] == "error"
    assert outcomes["f2.metadata_available"] == "pass" and outcomes["r1.1.license_present"] == "pass"
    assert outcomes["i2.semantic_resources"] == "fail"  # the landing page was read: its verdict stands
