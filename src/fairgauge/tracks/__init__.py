"""FAIRtracks: validate and augment genomic track metadata, offline-first.

The FAIRtracks standard is a set of Draft-07 JSON Schemas with extra keywords (ontology terms, CURIEs,
keys and references across documents, augmentation markers). This package bundles the released
schemas, validates document sets against them (or against user schemas using the same keywords) and
fills augmented values. It never touches the network: online term sources and resolvers live in
``fairgauge.harvest`` and are injected.

Map::

    schemas/        bundled schema releases (+ PROVENANCE.md, index.json)
    jsonload        reading documents (line/column on syntax errors, lenient trailing commas)
    schemaset       bundles and user schema sets with explicit referencing registries
    selection       which schema a document is validated against
    schemagraph     compiled view of where extended keywords sit
    walker          document + schema graph -> keyword sites
    keywords/       one check class per keyword family (registry in keywords/__init__); declarations
                    (malformed key keywords refuse a schema set); known (--known-keys)
    ontology/       term sources: protocol, offline SQLite index, file parsers, packaged data, checker
    curies          CURIE registry (bioregistry, cached) and checks
    validator       the validation use case; report: its result; sink: bounded problem collection
    augment/        the augmentation use case and its rules (signature: doc_version / json_signature)
    service         building all of it from Settings
    reading         what an assessment reads from one document: recognition, validation, formats, terms

Functions a metric check calls: :func:`recognise`, :func:`validate_document`,
:func:`track_file_formats`, :func:`ontology_terms` (see :mod:`fairgauge.tracks.reading`).
"""

from __future__ import annotations

from fairgauge.tracks.problems import CODES, Problem
from fairgauge.tracks.reading import (
    Recognition,
    TermUse,
    TrackFileFormat,
    ontology_terms,
    read_fairtracks,
    recognise,
    track_file_formats,
    validate_document,
)
from fairgauge.tracks.report import ValidationReport

__all__ = [
    "CODES",
    "Problem",
    "Recognition",
    "TermUse",
    "TrackFileFormat",
    "ValidationReport",
    "ontology_terms",
    "read_fairtracks",
    "recognise",
    "track_file_formats",
    "validate_document",
]
