"""I1, I2, I3: formal representation, registered semantic resources, qualified links to related entities."""

from __future__ import annotations

from fairgauge.identifiers import detect_scheme
from fairgauge.metrics.base import Check, CheckResult, Evidence, NoParams
from fairgauge.metrics.evidence import (
    EXTERNAL_METHODS,
    METADATA_STEPS,
    RDF_FORMATS,
    all_namespaces,
    records_by,
    related_resources,
)
from fairgauge.metrics.lookups import is_default_namespace, lookup_namespace
from fairgauge.model.metadata import RENDERED_METHOD
from fairgauge.refdata.models import Vocabulary

EMBEDDED_RDF_METHODS = frozenset({"json_in_html", "rdfa", "opengraph"})
# JSON-LD or RDFa a script wrote into the page is embedded in the page a browser gets.
RENDERED_RDF_FORMATS = frozenset({"json-ld", "rdfa"})
_SOURCE_NAMES = {
    "content_negotiation": "content_negotiate",
    "signposting": "typed_link",
    "typed_link": "typed_link",
    "linkset": "typed_link",
    "sparql": "sparql_endpoint",
}


class EmbeddedStructuredMetadataCheck(Check[NoParams]):
    id = "i1.embedded_structured_metadata"
    title = "Parsable structured metadata (JSON-LD, RDFa) is embedded in the landing page"
    evidence_steps = ("landing_page",)
    codes = (f"{id}/found", f"{id}/none")
    recommendation = 'Embed the metadata as schema.org JSON-LD (<script type="application/ld+json">) in the page.'

    def evaluate(self, evidence: Evidence, params: NoParams) -> CheckResult:
        records = records_by(evidence, methods=EMBEDDED_RDF_METHODS) + records_by(
            evidence, methods=[RENDERED_METHOD], formats=RENDERED_RDF_FORMATS
        )
        output = {
            "formal_metadata": [
                {"serialization_format": r.format, "source": "structured_data", "is_metadata_found": True}
                for r in records
            ]
        }
        if records:
            formats = sorted({r.format for r in records})
            return self.passed("found", f"embedded {', '.join(formats)}", output)
        return self.failed("none", "no JSON-LD or RDFa is embedded in the landing page", output)


class ExternalRdfMetadataCheck(Check[NoParams]):
    id = "i1.external_rdf_metadata"
    title = "RDF metadata is available by content negotiation, typed links or SPARQL"
    evidence_steps = ("content_negotiation", "signposting", "metadata_service")
    codes = (f"{id}/found", f"{id}/none")
    recommendation = (
        "Serve RDF (JSON-LD or Turtle) on content negotiation at the PID and landing URL, and link "
        'it with a typed signposting link (rel=describedby; type="application/ld+json").'
    )

    def evaluate(self, evidence: Evidence, params: NoParams) -> CheckResult:
        records = records_by(evidence, methods=EXTERNAL_METHODS, formats=RDF_FORMATS)
        output = {
            "formal_metadata": [
                {
                    "serialization_format": r.format,
                    "source": _SOURCE_NAMES.get(r.method, r.method),
                    "is_metadata_found": True,
                    "url": r.url,
                }
                for r in records
            ]
        }
        if records:
            where = sorted({f"{r.format} via {r.method}" for r in records})
            return self.passed("found", "; ".join(where), output)
        return self.failed("none", "no RDF metadata by content negotiation, typed links or SPARQL", output)


def _non_default_namespaces(evidence: Evidence) -> list[str]:
    return [ns for ns in all_namespaces(evidence.harvest.records) if not is_default_namespace(evidence, ns)]


class NamespacesPresentCheck(Check[NoParams]):
    id = "i2.namespaces_present"
    title = "Vocabulary namespace URIs can be identified in metadata"
    evidence_steps = METADATA_STEPS
    codes = (f"{id}/found", f"{id}/none")
    recommendation = "Use terms of published vocabularies (with their namespace URIs) in RDF metadata."

    def evaluate(self, evidence: Evidence, params: NoParams) -> CheckResult:
        namespaces = _non_default_namespaces(evidence)
        if namespaces:
            return self.passed("found", f"{len(namespaces)} non-default namespace(s): {', '.join(namespaces[:5])}")
        return self.failed("none", "only default namespaces (schema.org, Dublin Core, RDF, ...) are used")


# Registries of people, organisations and publications: their IRIs name things, not vocabulary terms.
_ENTITY_REGISTRIES = frozenset({"orcid", "ror", "isni", "grid", "doi", "viaf"})


def _value_iris(evidence: Evidence) -> list[str]:
    """IRIs used as values: those the extractors kept (code lists, units, concepts) plus licence and
    access-rights IRIs from the merged metadata (an SPDX licence IRI is a term of a registered resource)."""
    meta = evidence.harvest.metadata
    iris = [iri for record in evidence.harvest.records for iri in record.value_iris]
    iris += [lic.value.url for lic in meta.licenses if lic.value.url]
    iris += [right.value.uri for right in meta.access_rights if right.value.uri]
    return list(dict.fromkeys(iris))


def _vocabulary_values(evidence: Evidence) -> list[tuple[str, Vocabulary]]:
    """(value IRI, vocabulary) for value IRIs in a registered semantic resource; one example per vocabulary."""
    found: dict[str, tuple[str, Vocabulary]] = {}
    for iri in _value_iris(evidence):
        vocab = lookup_namespace(evidence, iri)
        if vocab is not None and vocab.prefix not in _ENTITY_REGISTRIES:
            found.setdefault(vocab.namespace, (iri, vocab))
    return list(found.values())


class SemanticResourcesCheck(Check[NoParams]):
    id = "i2.semantic_resources"
    title = "Metadata uses terms of registered semantic resources"
    evidence_steps = METADATA_STEPS
    codes = (f"{id}/found", f"{id}/unknown_only", f"{id}/none")
    recommendation = (
        "Describe variables, subjects and types with terms of registered ontologies (e.g. from "
        "bioregistry or LOV) using their IRIs, beyond schema.org and Dublin Core."
    )

    def evaluate(self, evidence: Evidence, params: NoParams) -> CheckResult:
        namespaces = _non_default_namespaces(evidence)
        known = [(ns, vocab) for ns in namespaces if (vocab := lookup_namespace(evidence, ns))]
        named = {vocab.namespace for _, vocab in known}
        values = [(iri, vocab) for iri, vocab in _vocabulary_values(evidence) if vocab.namespace not in named]
        rows = [{"namespace": ns, "is_namespace_active": True, "prefix": v.prefix} for ns, v in known]
        rows += [
            {"namespace": v.namespace, "is_namespace_active": True, "prefix": v.prefix, "value_iri": iri}
            for iri, v in values
        ]
        output = {"semantic_vocabulary": rows}
        if known or values:
            names = [f"{v.prefix} ({ns})" for ns, v in known] + [f"{v.prefix} (value {iri})" for iri, v in values]
            return self.passed("found", f"registered semantic resources: {', '.join(names[:6])}", output)
        if namespaces:
            return self.failed(
                "unknown_only", f"namespaces not registered as semantic resources: {', '.join(namespaces[:5])}", output
            )
        return self.failed("none", "no namespaces beyond the defaults", output)


def _related_output(evidence: Evidence) -> dict[str, list[dict[str, str]]]:
    related, selfish = related_resources(evidence)
    output = {
        "related_resources": [{"related_resource": r.identifier, "relation_type": r.relation_type} for r in related]
    }
    if selfish:
        output["self_references"] = [
            {"related_resource": r.identifier, "relation_type": r.relation_type} for r in selfish
        ]
    return output


def _self_note(evidence: Evidence) -> str:
    selfish = related_resources(evidence)[1]
    if not selfish:
        return ""
    kinds = ", ".join(sorted({r.relation_type for r in selfish}))
    return f" ({len(selfish)} self-reference(s) not counted: {kinds})"


class RelatedResourcesCheck(Check[NoParams]):
    id = "i3.related_resources"
    title = "Related resources are given with their relation type"
    evidence_steps = METADATA_STEPS
    codes = (f"{id}/found", f"{id}/none")
    recommendation = (
        "Name related publications, versions and sources with their relation type (DataCite "
        "relatedIdentifiers with relationType; schema.org isBasedOn, citation, isPartOf ...)."
    )

    def evaluate(self, evidence: Evidence, params: NoParams) -> CheckResult:
        related = related_resources(evidence)[0]
        output = _related_output(evidence)
        if related:
            types = sorted({r.relation_type for r in related})
            return self.passed("found", f"{len(related)} related resource(s): {', '.join(types)}", output)
        return self.failed("none", f"no related resources with relation types{_self_note(evidence)}", output)


class RelatedResourcesMachineReadableCheck(Check[NoParams]):
    id = "i3.related_resources_machine_readable"
    title = "Related resources are referenced by machine-readable identifiers with relation types"
    evidence_steps = METADATA_STEPS
    codes = (f"{id}/found", f"{id}/text_only", f"{id}/none")
    recommendation = "Reference related resources by PID or URL (e.g. a DOI), not only by name."

    def evaluate(self, evidence: Evidence, params: NoParams) -> CheckResult:
        related = related_resources(evidence)[0]
        output = _related_output(evidence)
        if not related:
            return self.failed("none", f"no related resources with relation types{_self_note(evidence)}", output)
        linked = [r for r in related if detect_scheme(r.identifier) is not None]
        if linked:
            return self.passed("found", f"{len(linked)} related resource(s) by identifier", output)
        return self.failed("text_only", "related resources are named only in text", output)
