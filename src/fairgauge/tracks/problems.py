"""Problems found in FAIRtracks documents: data with a stable code, never log lines.

Every problem names the document, the JSON pointer, the schema keyword that found it, a message and a
severity. A problem is *indeterminate* when a check could not be evaluated (an ontology nobody can
answer for, a resolver that cannot be reached): it is never turned into a silent pass or into a fail.
Cross-document problems (duplicate keys, dangling references) also name the other side in ``related``.

``CODES`` is the table of every code the validator can emit; tests check that each one is documented
and that each check only emits codes of its own.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field

from fairgauge.model.base import FrozenModel
from fairgauge.model.findings import Finding, Location, Severity


class Related(FrozenModel):
    """The other end of a cross-document problem."""

    document: str
    pointer: str


class Problem(FrozenModel):
    """One problem in one document."""

    document: str
    pointer: str = ""
    keyword: str
    message: str
    severity: Severity
    code: str
    indeterminate: bool = False
    line: int | None = None
    column: int | None = None
    schema_location: str | None = Field(None, description="Schema URI + JSON pointer of the keyword.")
    related: tuple[Related, ...] = ()
    params: dict[str, Any] = Field(default_factory=dict)

    def to_finding(self) -> Finding:
        """The same problem as a generic fairgauge finding (for metric checks and reports)."""
        location = Location(document=self.document, pointer=self.pointer, line=self.line, column=self.column)
        params = dict(self.params, keyword=self.keyword, indeterminate=self.indeterminate)
        if self.related:
            params["related"] = [r.model_dump() for r in self.related]
        return Finding(
            code=f"tracks.{self.code}",
            severity=self.severity,
            message=self.message,
            location=location,
            params=params,
        )


CODES: dict[str, str] = {
    # input
    "json.syntax": "the document is not valid JSON (line and column given)",
    "json.trailing_comma": "a trailing comma was tolerated in lenient mode (line and column given)",
    "json.duplicate_key": "an object has the same key twice; the last value was used",
    "json.non_finite": "a number is NaN, Infinity or overflows (1e999999999): not valid JSON (pointer given)",
    "json.not_object": "the document root is not a JSON object",
    # schema selection
    "schema.missing": "the document has no @schema and no schema was chosen by option",
    "schema.unknown": "no known or given schema has the document's @schema as $id or $version_url",
    "schema.version_assumed": "@schema names the moving 'current' URL; the development schema was used",
    "schema.release_fallback": "@schema names the moving 'current' URL; the document fails the development "
    "schema but fits the newest release with the same $id, which was used",
    "schema.experimental": "the schema is an unreleased draft: results may change",
    "schema.legacy": "the document uses the pre-1.0 FAIRtracks draft format, which is not supported",
    "schema.unresolvable": "a $ref in the schema set points outside the set (never fetched)",
    # JSON Schema (Draft-07 etc.): code is 'schema.<keyword>', e.g. schema.required
    "schema.*": "a standard JSON Schema keyword failed (code names the keyword)",
    # ontology terms
    "term.not_found": "the term is not in any of the allowed ontologies nor anywhere else we know",
    "term.wrong_ontology": "the term exists but in an ontology the schema does not allow",
    "term.obsolete": "the term is obsolete",
    "term.ancestor": "the term does not descend from any of the required ancestors",
    "term.ancestor_obsolete": "a required ancestor in the schema is obsolete; its replacement was used",
    "term.label_mismatch": "term_label is not the label of term_id",
    "term.ambiguous": "a label or suffix matches more than one term",
    "term.ontology_unavailable": "no term source could answer (indeterminate)",
    "term.checks_disabled": "ontology checks were switched off by option",
    # CURIEs
    "curie.syntax": "the value is not a compact identifier prefix:local_id",
    "curie.unknown_prefix": "the prefix is not in the identifier registry",
    "curie.namespace": "the prefix is not one of the namespaces the schema allows",
    "curie.not_canonical": "the prefix is not written in its canonical identifiers.org form",
    "curie.pattern": "the local identifier does not match the registry pattern for the prefix",
    "curie.whitespace": "the CURIE contains whitespace; the trimmed value was checked",
    "curie.unregistered_prefix": "the prefix is allowed by the schema but unknown to the registry",
    "curie.unresolved": "the identifier does not resolve (online check)",
    "curie.resolution_unavailable": "the online resolver could not be reached (indeterminate)",
    # keys across documents
    "key.duplicate": "a unique / primary key value occurs more than once in the document set",
    "key.dangling": "a reference matches no key of the referenced schema in the document set",
    "key.target_absent": "a reference could not be checked: no document of the referenced schema was given",
    "key.unknown_key": "a foreign key names a schema or key that does not exist",
    # the report itself
    "report.truncated": "more problems than the per-document or per-run cap: the rest are counted by code",
    # augmentation markers
    "augmented.flag_missing": "augmented properties are set but has_augmented_metadata is not true",
}


def code_is_known(code: str) -> bool:
    """Codes of standard JSON Schema keywords are open-ended (``schema.<keyword>``)."""
    return code in CODES or code.startswith("schema.")


class Issue(FrozenModel):
    """A problem not yet placed: checks that memoise per value return issues, placed per occurrence."""

    code: str
    severity: Severity
    message: str
    indeterminate: bool = False
    params: dict[str, Any] = Field(default_factory=dict)

    def at(self, document: str, pointer: str, keyword: str, schema_location: str | None = None) -> Problem:
        return Problem(
            document=document,
            pointer=pointer,
            keyword=keyword,
            message=self.message,
            severity=self.severity,
            code=self.code,
            indeterminate=self.indeterminate,
            schema_location=schema_location,
            params=self.params,
        )
