"""Community standards examined in full: FAIRtracks documents (schema, ontology terms, track formats).

The validation itself ran before the checks (the assessment builds it from the FAIRtracks validator and
its term sources); these checks judge its results. An ontology no source could answer for is an
``error`` (could not evaluate), never a pass or a fail.
"""

from __future__ import annotations

from typing import Any

from fairgauge.metrics.base import Check, CheckResult, Evidence, NoParams
from fairgauge.metrics.evidence import METADATA_STEPS
from fairgauge.model.community import CommunityValidation
from fairgauge.model.findings import Finding

_TERM_CODES = "tracks.term."


def _documents(evidence: Evidence) -> list[CommunityValidation]:
    return [v for v in evidence.community if v.standard == "fairtracks"]


def _output(evidence: Evidence) -> dict[str, Any]:
    return {
        "fairtracks_documents": [
            {
                "url": v.url,
                "version": v.version,
                "kind": v.kind,
                "supported": v.supported,
                "terms": v.term_count,
                "problems": len([p for p in v.problems if p.severity == "error"]),
            }
            for v in _documents(evidence)
        ]
    }


def _errors(problems: list[Finding], *, terms: bool) -> tuple[list[Finding], list[Finding]]:
    """(definite errors, indeterminate ones) among term problems or among all other problems."""
    chosen = [p for p in problems if p.code.startswith(_TERM_CODES) == terms and p.severity == "error"]
    undecided = [p for p in chosen if p.params.get("indeterminate")]
    return [p for p in chosen if p not in undecided], undecided


class FairtracksDocumentFoundCheck(Check[NoParams]):
    id = "fairtracks.document_found"
    title = "A FAIRtracks document (a supported release) describes the data"
    evidence_steps = METADATA_STEPS
    codes = (f"{id}/found", f"{id}/unsupported", f"{id}/none")
    recommendation = (
        "Publish the track metadata as a FAIRtracks JSON document and link it from the landing page "
        '(rel=describedby; type="application/json").'
    )

    def evaluate(self, evidence: Evidence, params: NoParams) -> CheckResult:
        documents = _documents(evidence)
        supported = [d for d in documents if d.supported]
        if supported:
            versions = ", ".join(sorted({d.version or "?" for d in supported}))
            return self.passed(
                "found", f"{len(supported)} FAIRtracks document(s), release {versions}", _output(evidence)
            )
        if documents:
            return self.failed("unsupported", "only pre-1.0 or unknown FAIRtracks drafts were found", _output(evidence))
        return self.failed("none", "no FAIRtracks document was found", _output(evidence))


class FairtracksSchemaValidCheck(Check[NoParams]):
    id = "fairtracks.schema_valid"
    title = "The FAIRtracks documents validate (JSON Schema, CURIEs, keys and references)"
    evidence_steps = METADATA_STEPS
    codes = (f"{id}/valid", f"{id}/invalid", f"{id}/none", f"{id}/undecided")
    recommendation = "Fix the schema problems listed in the findings (run `fairgauge tracks validate` locally)."

    def evaluate(self, evidence: Evidence, params: NoParams) -> CheckResult:
        documents = [d for d in _documents(evidence) if d.supported]
        if not documents:
            return self.failed("none", "no supported FAIRtracks document to validate", _output(evidence))
        errors, undecided = _errors([p for d in documents for p in d.problems], terms=False)
        if errors:
            result = self.failed("invalid", f"{len(errors)} problem(s), e.g. {errors[0].message}", _output(evidence))
            return CheckResult("fail", (*result.findings, *errors[:20]), result.output, result.recommendation)
        if undecided:
            return self.errored("undecided", f"{len(undecided)} check(s) could not be decided", _output(evidence))
        return self.passed("valid", f"{len(documents)} document(s) valid", _output(evidence))


class FairtracksOntologyTermsCheck(Check[NoParams]):
    id = "fairtracks.ontology_terms"
    title = "Ontology terms in the FAIRtracks documents exist, are current, in the right branch and labelled right"
    evidence_steps = METADATA_STEPS
    codes = (f"{id}/valid", f"{id}/invalid", f"{id}/unavailable", f"{id}/none")
    recommendation = "Use current terms of the ontologies the FAIRtracks schema names, with their exact labels."

    def evaluate(self, evidence: Evidence, params: NoParams) -> CheckResult:
        documents = [d for d in _documents(evidence) if d.supported]
        terms = sum(d.term_count for d in documents)
        if not documents or not terms:
            return self.failed("none", "no ontology terms to check", _output(evidence))
        errors, undecided = _errors([p for d in documents for p in d.problems], terms=True)
        if errors:
            result = self.failed(
                "invalid", f"{len(errors)} term problem(s), e.g. {errors[0].message}", _output(evidence)
            )
            return CheckResult("fail", (*result.findings, *errors[:20]), result.output, result.recommendation)
        if undecided:
            result = self.errored(
                "unavailable",
                f"{len(undecided)} of {terms} term(s) could not be checked: ontology unavailable",
                _output(evidence),
            )
            return CheckResult("error", (*result.findings, *undecided[:20]), result.output)
        return self.passed("valid", f"all {terms} ontology term(s) valid", _output(evidence))


class FairtracksTrackFormatsCheck(Check[NoParams]):
    id = "fairtracks.track_file_formats"
    title = "Every track declares a recognised scientific file format"
    evidence_steps = METADATA_STEPS
    codes = (f"{id}/recognised", f"{id}/unrecognised", f"{id}/none")
    recommendation = (
        "Declare each track's file format with an EDAM format term for a genomics format (BED, bigWig, ...)."
    )

    def evaluate(self, evidence: Evidence, params: NoParams) -> CheckResult:
        formats = [f for d in _documents(evidence) for f in d.track_formats]
        if not formats:
            return self.failed("none", "no track declares a file format", _output(evidence))
        rows = []
        for fmt in formats:
            found = (evidence.ref.format_by_name(fmt.term_label) if fmt.term_label else None) or (
                evidence.ref.format_by_filename(fmt.file_url) if fmt.file_url else None
            )
            rows.append(
                {
                    "pointer": fmt.pointer,
                    "declared": fmt.term_label,
                    "term_id": fmt.term_id,
                    "format": found.name if found else None,
                    "scientific": bool(found and found.scientific),
                }
            )
        unknown = [r for r in rows if not r["format"]]
        output = {**_output(evidence), "track_formats": rows}
        if unknown:
            labels = ", ".join(sorted({str(r["declared"]) for r in unknown}))
            return self.failed("unrecognised", f"{len(unknown)} track format(s) not recognised: {labels}", output)
        return self.passed(
            "recognised",
            f"{len(rows)} track(s) in recognised formats: {', '.join(sorted({str(r['format']) for r in rows}))}",
            output,
        )
