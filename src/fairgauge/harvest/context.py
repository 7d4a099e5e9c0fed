"""What every harvesting step receives: settings, the fetcher and the interpreted identifier."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from fairgauge.extract.records import ParsedDocument
from fairgauge.harvest.fetch import Fetcher
from fairgauge.harvest.lookups import SharedLookups
from fairgauge.identifiers import Resolvers
from fairgauge.model.community import CommunityReader
from fairgauge.model.finding_codes import is_parse_failure
from fairgauge.model.findings import Finding
from fairgauge.model.harvest import CommunityDocument, HarvestStep, StrategyOutcome
from fairgauge.model.http import Exchange
from fairgauge.model.identifiers import Identifier
from fairgauge.model.metadata import MetadataRecord
from fairgauge.settings import Settings


@dataclass(frozen=True)
class HarvestContext:
    settings: Settings
    fetcher: Fetcher
    identifier: Identifier
    resolvers: Resolvers
    reader: CommunityReader | None = None  # community-standard JSON (FAIRtracks); None: plain JSON
    lookups: SharedLookups = field(default_factory=SharedLookups)  # answers shared by a process's harvests


@dataclass
class StepResult:
    """What one step contributes: records, findings and how it went."""

    records: list[MetadataRecord] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    outcomes: list[StrategyOutcome] = field(default_factory=list)
    documents: list[CommunityDocument] = field(default_factory=list)

    def extend(self, other: StepResult) -> None:
        self.records.extend(other.records)
        self.findings.extend(other.findings)
        self.outcomes.extend(other.outcomes)
        self.documents.extend(other.documents)

    def take(self, parsed: ParsedDocument) -> int:
        """Keep what a parser found; returns how many records it gave."""
        self.records.extend(parsed.records)
        self.findings.extend(parsed.findings)
        self.documents.extend(parsed.community_documents)
        return len(parsed.records)


@dataclass(frozen=True)
class StepFailure:
    """Why a step could not be done: no usable answer, an unreadable one, or a replay without it."""

    status: Literal["network_error", "parse_error", "not_in_archive"]
    message: str


def exchange_failure(exchanges: Sequence[Exchange]) -> StepFailure | None:
    """The failure of a group of requests when none of them got an answer (None when one did).
    Replays that lack every request say so: an archive gap is not a network failure."""
    if not exchanges or any(e.error is None for e in exchanges):
        return None
    message = "; ".join(dict.fromkeys(e.error or "" for e in exchanges))
    if all(e.error_kind == "not_in_archive" for e in exchanges):
        return StepFailure("not_in_archive", message)
    return StepFailure("network_error", message)


def http_failure(exchange: Exchange) -> StepFailure:
    """A request that answered with an error status where the answer was needed (a service down)."""
    if exchange.error is not None:
        failure = exchange_failure([exchange])
        assert failure is not None
        return failure
    return StepFailure("network_error", f"HTTP {exchange.status} from {exchange.request_url}")


def parse_failure(findings: Sequence[Finding], records: int) -> StepFailure | None:
    """A document that answered but could not be read (and gave no records) is a parse failure."""
    if records:
        return None
    unreadable = [f for f in findings if is_parse_failure(f.code)]
    return StepFailure("parse_error", unreadable[0].message) if unreadable else None


def not_run(step: HarvestStep, inputs: Sequence[StrategyOutcome], reason: str) -> StrategyOutcome:
    """A step that could not run because a step it needs failed inherits that failure (its evidence is
    missing for the same reason); when the input was merely skipped, so is the step."""
    failed = next((o for o in inputs if o.failed), None)
    if failed is None:
        return outcome_for(step, [], records=0, skipped=reason)
    failure = StepFailure(failed.status, f"not run: {reason} ({failed.message})")  # type: ignore[arg-type]
    return outcome_for(step, [], records=0, failure=failure).model_copy(update={"ran": False})


def outcome_for(
    step: HarvestStep,
    exchange_ids: list[int],
    *,
    records: int,
    detail: str | None = None,
    failure: StepFailure | None = None,
    skipped: str | None = None,
    message: str | None = None,
) -> StrategyOutcome:
    """Summarise a step: skipped, failed (could not be done), empty (ran, found nothing) or ok."""
    if skipped is not None:
        return StrategyOutcome(
            step=step, detail=detail, ran=False, status="skipped", message=skipped, exchange_ids=exchange_ids
        )
    if failure is not None:
        return StrategyOutcome(
            step=step, detail=detail, status=failure.status, message=failure.message, exchange_ids=exchange_ids
        )
    return StrategyOutcome(
        step=step,
        detail=detail,
        status="ok" if records else "empty",
        message=message or f"{records} record(s)",
        exchange_ids=exchange_ids,
    )
