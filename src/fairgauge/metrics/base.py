"""What a check is: one small class with class-level metadata, a parameters model and one ``evaluate``
method, and the rule every check runs under: no evidence, no score (:func:`judge`)."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, Generic, TypeVar

from pydantic import BaseModel, ConfigDict

from fairgauge.model.community import CommunityValidation
from fairgauge.model.findings import Finding, Location, Severity
from fairgauge.model.harvest import HarvestResult, HarvestStep, StrategyOutcome
from fairgauge.model.report import Outcome
from fairgauge.refdata.reference import ReferenceData


@dataclass(frozen=True)
class Evidence:
    """Everything a check may read: the harvest bundle, the reference data and the community-standard
    validations the assessment computed beforehand (so checks never open term indexes themselves)."""

    harvest: HarvestResult
    ref: ReferenceData
    community: tuple[CommunityValidation, ...] = ()


@dataclass(frozen=True)
class CheckResult:
    outcome: Outcome
    findings: tuple[Finding, ...] = ()
    output: Mapping[str, Any] = field(default_factory=dict)
    recommendation: str | None = None


# Reasons every check may report without declaring them: the rule of :func:`judge` gives them.
EVIDENCE_UNAVAILABLE = "evidence_unavailable"
NOT_ASSESSED = "not_assessed"


class CheckParams(BaseModel):
    """The parameters a profile test may give its check (``params:`` in the profile YAML). Each check
    declares its own subclass; unknown keys are refused (``extra="forbid"``) and every field has a default,
    so a misspelt key or a wrong value is an error when the profile is loaded, never a parameter silently
    ignored or a ``ValueError`` in the middle of an assessment."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class NoParams(CheckParams):
    """The parameters of a check that takes none: any key a profile gives it is an error."""


P = TypeVar("P", bound=CheckParams)


class Check(ABC, Generic[P]):
    """A practical test. Subclasses set ``id`` (stable, used by profiles), ``title``, ``codes`` (the
    finding codes it may emit), ``recommendation`` (what to do when it fails), ``evidence_steps``: the
    harvesting steps its evidence comes from (``()`` when it judges only the identifier as typed), and
    ``params_model``, the :class:`CheckParams` subclass ``evaluate`` receives (``P``). The registry refuses a
    check that does not declare its evidence steps: without them the runner could not tell "found nothing"
    from "could not look"."""

    id: ClassVar[str]
    title: ClassVar[str]
    codes: ClassVar[tuple[str, ...]] = ()
    recommendation: ClassVar[str] = ""
    evidence_steps: ClassVar[tuple[HarvestStep, ...]]
    params_model: ClassVar[type[CheckParams]] = NoParams

    @classmethod
    def parse_params(cls, raw: Mapping[str, Any]) -> CheckParams:
        """Validate a profile test's ``params`` (raises pydantic's ``ValidationError``; the profile loader
        turns it into a ``ProfileError`` naming the file, metric and key)."""
        return cls.params_model.model_validate(dict(raw))

    @classmethod
    def all_codes(cls) -> tuple[str, ...]:
        """Declared codes plus the two every check may report under the evidence rule."""
        return (*cls.codes, f"{cls.id}/{EVIDENCE_UNAVAILABLE}", f"{cls.id}/{NOT_ASSESSED}")

    @abstractmethod
    def evaluate(self, evidence: Evidence, params: P) -> CheckResult:
        """Judge the evidence; never raise for what the evidence lacks (return fail or error)."""

    def finding(
        self,
        reason: str,
        severity: Severity,
        message: str,
        *,
        url: str | None = None,
        pointer: str | None = None,
        **params: Any,
    ) -> Finding:
        """A finding coded ``<check id>/<reason>``; the reason must be declared in ``codes``."""
        code = f"{self.id}/{reason}"
        if code not in self.all_codes():
            raise ValueError(f"check {self.id} emits undeclared finding code {code}")
        location = Location(url=url, pointer=pointer) if url or pointer else None
        return Finding(code=code, severity=severity, message=message, location=location, params=params)

    def passed(
        self,
        reason: str,
        message: str,
        output: Mapping[str, Any] | None = None,
        *,
        url: str | None = None,
        **params: Any,
    ) -> CheckResult:
        return CheckResult("pass", (self.finding(reason, "info", message, url=url, **params),), output or {})

    def failed(
        self,
        reason: str,
        message: str,
        output: Mapping[str, Any] | None = None,
        *,
        recommendation: str | None = None,
        url: str | None = None,
        **params: Any,
    ) -> CheckResult:
        return CheckResult(
            "fail",
            (self.finding(reason, "warning", message, url=url, **params),),
            output or {},
            recommendation or self.recommendation,
        )

    def errored(self, reason: str, message: str, output: Mapping[str, Any] | None = None, **params: Any) -> CheckResult:
        return CheckResult("error", (self.finding(reason, "error", message, **params),), output or {})

    def not_applicable(self, reason: str, message: str, **params: Any) -> CheckResult:
        return CheckResult("not_applicable", (self.finding(reason, "info", message, **params),))


def failed_steps(harvest: HarvestResult, steps: Sequence[HarvestStep]) -> list[StrategyOutcome]:
    """The outcomes of ``steps`` when every one of them that applied failed (so none supplied evidence);
    empty when one succeeded or none applied. A step that could not run because its input failed counts
    as failed: its evidence is missing for the same reason."""
    applied = [o for o in harvest.step_outcomes(tuple(steps)) if o.status != "skipped"]
    return applied if applied and all(o.failed for o in applied) else []


def judge(check: Check[Any], evidence: Evidence, params: CheckParams | None = None) -> CheckResult:
    """Run ``check`` under the rule "no evidence, no score", the same for every check:

    - an object that was not reached is not assessed: every test is ``error`` (nothing is scored, not
      even what the identifier alone would earn);
    - a check that would ``fail`` while every harvesting step it declared as its evidence source failed
      (and so nothing else supplied the evidence) is ``error``, not ``fail``: its verdict would be about
      our failure to look, not about the object. Passes and ``not_applicable`` stand: evidence that was
      found is evidence.

    ``params`` are the check's validated parameters (its defaults when omitted).
    """
    reach = evidence.harvest.reachability
    if reach.status == "not_assessed":
        reason = reach.reason or "the object could not be reached"
        return check.errored(NOT_ASSESSED, f"not assessed: {reason}")
    result = check.evaluate(evidence, params if params is not None else check.params_model())
    if result.outcome != "fail":
        return result
    failed = failed_steps(evidence.harvest, check.evidence_steps)
    if not failed:
        return result
    causes = "; ".join(f"{o.name}: {o.message or o.status}" for o in failed[:3])
    return check.errored(
        EVIDENCE_UNAVAILABLE,
        f"could not evaluate: the evidence could not be obtained ({causes})",
        result.output,
        steps=sorted({o.step for o in failed}),
    )
