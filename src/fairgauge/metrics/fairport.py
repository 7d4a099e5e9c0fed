"""FAIRport levels (FORCE11 FAIR Guiding Principles, Annex 3), computed from check outcomes.

The principles leave the levels informal; this is the operational reading documented in METRICS.md:
1 PID + machine-readable core metadata; 2 + provenance and maintained metadata; 3 + technically FAIR
data (identified, retrievable over a standard protocol, recognised format); 4 + public access under a
recognised open licence. Every level comes with the reasons it was reached and what the next one needs.
"""

from __future__ import annotations

from collections.abc import Callable

from fairgauge.metrics.base import Evidence
from fairgauge.metrics.lookups import match_access, match_license
from fairgauge.model.report import FairportLevel, Outcome

Run = Callable[[str], Outcome]


def _passes(run: Run, *check_ids: str) -> bool:
    return any(run(check_id) == "pass" for check_id in check_ids)


def _level_one(run: Run) -> list[tuple[str, bool]]:
    return [
        ("a persistent identifier", _passes(run, "f1.metadata_identifier_persistent")),
        ("core citation metadata", _passes(run, "f2.core_citation_metadata")),
        (
            "machine-readable structured metadata",
            _passes(run, "i1.embedded_structured_metadata", "i1.external_rdf_metadata"),
        ),
    ]


def _maintained(evidence: Evidence, run: Run) -> bool:
    meta = evidence.harvest.metadata
    dated = any(d.value.type.lower() in {"modified", "updated"} for d in meta.dates) or bool(meta.versions)
    return dated or _passes(run, "i3.related_resources", "i3.related_resources_machine_readable")


def _level_two(evidence: Evidence, run: Run) -> list[tuple[str, bool]]:
    return [
        ("provenance metadata", _passes(run, "r1.2.provenance_elements", "r1.2.provenance_ontology")),
        (
            "maintained metadata (a modification date, a version or qualified links to related entities)",
            _maintained(evidence, run),
        ),
    ]


def _level_three(run: Run) -> list[tuple[str, bool]]:
    return [
        ("data identifiers in the metadata", _passes(run, "f3.data_identifier_included")),
        (
            "data retrievable over a standard protocol",
            _passes(run, "a1.data_retrievable") and _passes(run, "a1.1.data_protocol"),
        ),
        ("data in a recognised file format", _passes(run, "r1.3.file_format")),
    ]


def _public(evidence: Evidence, run: Run) -> bool:
    conditions = [
        m.condition
        for item in evidence.harvest.metadata.access_rights
        if (m := match_access(evidence, item.value.uri or item.value.value))
    ]
    if conditions:
        return "public" in conditions and not {"restricted", "closed", "embargoed"} & set(conditions)
    return _passes(run, "a1.data_retrievable")


def _open_license(evidence: Evidence) -> bool:
    for item in evidence.harvest.metadata.licenses:
        text = item.value.url or item.value.identifier or item.value.name or ""
        match = match_license(evidence, text)
        if match and match.is_open:
            return True
    return False


def _level_four(evidence: Evidence, run: Run) -> list[tuple[str, bool]]:
    return [
        ("public access to the data", _public(evidence, run)),
        ("a recognised open licence", _open_license(evidence)),
    ]


def fairport_level(evidence: Evidence, run: Run) -> FairportLevel:
    """The highest level whose criteria (and those of every level below) all hold; not determined for an
    object that was not reached (no level is earned or denied without evidence)."""
    reach = evidence.harvest.reachability
    if reach.status == "not_assessed":
        return FairportLevel(level=None, reasons=[f"not determined: {reach.reason}"], missing=[])
    levels = [_level_one(run), _level_two(evidence, run), _level_three(run), _level_four(evidence, run)]
    reasons: list[str] = []
    for number, criteria in enumerate(levels, start=1):
        missing = [name for name, held in criteria if not held]
        if missing:
            return FairportLevel(
                level=number - 1, reasons=reasons, missing=[f"level {number} needs {name}" for name in missing]
            )
        reasons += [f"level {number}: {name}" for name, _ in criteria]
    return FairportLevel(level=4, reasons=reasons, missing=[])
