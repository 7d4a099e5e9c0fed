"""Augmentation from ontologies: term labels and ontology version IRIs."""

from __future__ import annotations

import re
from typing import ClassVar

from fairgauge.tracks import patterns
from fairgauge.tracks.augment.base import NOT_APPLICABLE, AugmentContext, Missing, Outcome, Value, name_of
from fairgauge.tracks.ontology.checker import as_tuple
from fairgauge.tracks.ontology.model import OBO_PURL
from fairgauge.tracks.ontology.source import OntologyVersion, ontology_id
from fairgauge.tracks.pointers import parent_pointer
from fairgauge.tracks.walker import Site

_EFO_RELEASE = (
    "http://www.ebi.ac.uk/efo/releases/v{v}/efo.owl",
    "https://github.com/EBISPOT/efo/releases/download/v{v}/efo.owl",
)
_OBO_RELEASE = (OBO_PURL + "{o}/releases/{v}/{o}.owl", OBO_PURL + "{o}/{v}/{o}.owl")
_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})")
_SEMVER = re.compile(r"(?:^|/|v)(\d+\.\d+\.\d+)(?:/|$)")
# FAIRtracks 1.0.x wants SO as a GitHub release tag (v3.1); only numbered SO releases can be written so.
_SO_TAG = "https://raw.githubusercontent.com/The-Sequence-Ontology/SO-Ontologies/v{v}/releases/so-xp.owl/so.owl"
_NUMBERED = re.compile(r"(?:^|/)v?(\d+\.\d+(?:\.\d+)?)(?:/|$)")


class TermLabelRule:
    """``term_label`` of a term object: the label of ``term_id`` in the allowed ontologies."""

    id: ClassVar[str] = "term-label"
    title: ClassVar[str] = "Term labels from the term sources"

    def applies(self, site: Site) -> bool:
        return name_of(site) == "term_label"

    def compute(self, site: Site, context: AugmentContext) -> Outcome:
        term_id = context.sibling(site, "term_id")
        if not isinstance(term_id, str):
            return NOT_APPLICABLE
        if context.terms is None:
            return Missing("ontology term sources are off")
        term_site = context.checks.at("format:term", site.document, parent_pointer(site.pointer) + "/term_id")
        ontologies = as_tuple(term_site.schema.get("ontology")) if term_site else ()
        verdict = context.terms.check(term_id, ontologies, (), "exact")
        if verdict.record is None or not verdict.record.label:
            reason = verdict.issues[0].message if verdict.issues else f"no label known for {term_id}"
            return Missing(reason)
        return Value(verdict.record.label, verdict.record.source)


def version_candidates(found: OntologyVersion) -> list[str]:
    """Version IRIs for one release in the forms different FAIRtracks releases expect."""
    candidates = [found.version_iri] if found.version_iri else []
    # EFO releases are semantic versions, however the release states them (3.62.0, v3.62.0,
    # efo/releases/v3.62.0/efo.owl, or only in the version IRI)
    semver = _SEMVER.search(found.version or "") or _SEMVER.search(found.version_iri or "")
    version = semver.group(1) if semver else ""
    date = _DATE.search(found.version_iri or found.version or "")
    numbered = _NUMBERED.search(found.version or "") or _NUMBERED.search(found.version_iri or "")
    if found.ontology == "so" and numbered:
        candidates.append(_SO_TAG.format(v=numbered.group(1)))
    if found.ontology == "efo" and version:
        candidates += [t.format(v=version) for t in _EFO_RELEASE]
    elif date:
        candidates += [t.format(o=found.ontology, v=date.group(1)) for t in _OBO_RELEASE]
    return list(dict.fromkeys(candidates))


def unknown_release(ontology: str) -> str:
    """Why a version field stays empty, and the one command that fills it (the packaged data has no
    NCIT, OBI or SO: only a fetched release or OLS can say which release was used)."""
    return (
        f"no release of {ontology!r} in the local ontology index, so its version IRI is unknown: run "
        f"`fairgauge tracks ontologies fetch {ontology}` once online, or use --ontology-source ols"
    )


class OntologyVersionRule:
    """``doc_ontology_versions`` / ``ontology_versions``: the release IRI each ontology was checked with."""

    id: ClassVar[str] = "ontology-version"
    title: ClassVar[str] = "Ontology version IRIs of the releases used"

    def applies(self, site: Site) -> bool:
        container = parent_pointer(site.pointer).rsplit("/", 1)[-1]
        return container in {"doc_ontology_versions", "ontology_versions"}

    def compute(self, site: Site, context: AugmentContext) -> Outcome:
        if context.term_source is None:
            return Missing("ontology term sources are off")
        ontology = ontology_id(name_of(site))
        found = context.term_source.version(ontology)
        if found is None:
            return Missing(unknown_release(ontology))
        candidates = version_candidates(found)
        pattern = site.schema.get("pattern")
        if isinstance(pattern, str):
            fitting = [c for c in candidates if patterns.search(pattern, c)]
            if not fitting:
                why = (
                    ": this release of the schema names SO by a numbered GitHub release tag (v3.1), which a "
                    "date-versioned SO release does not have; write it by hand or validate with a later release"
                    if ontology == "so"
                    else ""
                )
                return Missing(
                    f"release {found.version_iri or found.version} of {ontology!r} cannot be written as {pattern}{why}"
                )
            return Value(fitting[0], found.source)
        return Value(candidates[0], found.source) if candidates else Missing(f"no version IRI for {ontology!r}")
