"""What a check is: one small class with class-level metadata and one ``evaluate`` method."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from fairgauge.model.community import CommunityValidation
from fairgauge.model.findings import Finding, Location, Severity
from fairgauge.model.harvest import HarvestResult
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


class Check(ABC):
    """A practical test. Subclasses set ``id`` (stable, used by profiles), ``title``, ``codes`` (the
    finding codes it may emit) and ``recommendation`` (what to do when it fails)."""

    id: ClassVar[str]
    title: ClassVar[str]
    codes: ClassVar[tuple[str, ...]] = ()
    recommendation: ClassVar[str] = ""

    @abstractmethod
    def evaluate(self, evidence: Evidence, params: Mapping[str, Any]) -> CheckResult:
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
        if code not in self.codes:
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


def harvest_error(evidence: Evidence, steps: Sequence[str]) -> str | None:
    """The error message when every named harvest step that ran failed (so nothing could be judged)."""
    ran = [o for o in evidence.harvest.outcomes if any(o.name == s or o.name.startswith(s + ":") for s in steps)]
    relevant = [o for o in ran if o.status != "skipped"]
    if relevant and all(o.status == "error" for o in relevant):
        return "; ".join(f"{o.name}: {o.message}" for o in relevant)
    return None
