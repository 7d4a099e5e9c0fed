"""What every harvesting step receives: settings, the fetcher and the interpreted identifier."""

from __future__ import annotations

from dataclasses import dataclass, field

from fairgauge.harvest.extractors.common import ParsedDocument
from fairgauge.harvest.fetch import Fetcher
from fairgauge.identifiers import Resolvers
from fairgauge.model.community import CommunityReader
from fairgauge.model.findings import Finding
from fairgauge.model.harvest import CommunityDocument, StrategyOutcome
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


def outcome_for(
    name: str, exchange_ids: list[int], *, records: int, error: str | None = None, skipped: str | None = None
) -> StrategyOutcome:
    """Summarise a step: skipped, error (could not be done), empty (ran, found nothing) or ok."""
    if skipped is not None:
        return StrategyOutcome(name=name, status="skipped", message=skipped, exchange_ids=exchange_ids)
    if error is not None:
        return StrategyOutcome(name=name, status="error", message=error, exchange_ids=exchange_ids)
    status = "ok" if records else "empty"
    return StrategyOutcome(name=name, status=status, message=f"{records} record(s)", exchange_ids=exchange_ids)
