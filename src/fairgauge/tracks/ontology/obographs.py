"""A reader for OBO Graphs JSON (the ``-json`` releases of OBO ontologies)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from fairgauge.errors import TracksError
from fairgauge.tracks.ontology.model import ParsedOntology, TermRow, obo_curie_to_iri

REPLACED_BY = "http://purl.obolibrary.org/obo/IAO_0100001"
_SUBCLASS = {"is_a", "http://www.w3.org/2000/01/rdf-schema#subClassOf", "rdfs:subClassOf"}


def _replaced_by(meta: dict[str, Any]) -> str | None:
    for value in meta.get("basicPropertyValues", []) or []:
        if value.get("pred") == REPLACED_BY and value.get("val"):
            return obo_curie_to_iri(str(value["val"]))
    return None


def _node(node: dict[str, Any]) -> TermRow | None:
    if node.get("type", "CLASS") != "CLASS" or not isinstance(node.get("id"), str):
        return None
    meta = node.get("meta") or {}
    return TermRow(
        obo_curie_to_iri(node["id"]), node.get("lbl"), bool(meta.get("deprecated", False)), _replaced_by(meta)
    )


def parse_obographs(path: Path) -> ParsedOntology:
    """Parse the first graph of an OBO Graphs JSON document."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        graph = data["graphs"][0]
    except (OSError, ValueError, KeyError, IndexError, TypeError) as exc:
        raise TracksError(f"ontology file {path} is not OBO Graphs JSON: {exc}") from exc
    parsed = ParsedOntology(ontology_iri=graph.get("id"))
    meta = graph.get("meta") or {}
    parsed.version_iri = meta.get("version")
    for node in graph.get("nodes", []):
        row = _node(node)
        if row is not None:
            parsed.terms.append(row)
    for edge in graph.get("edges", []):
        if edge.get("pred") in _SUBCLASS:
            parsed.edges.append((obo_curie_to_iri(edge["sub"]), obo_curie_to_iri(edge["obj"])))
    if parsed.ontology_iri:
        name = parsed.ontology_iri.rstrip("/").rsplit("/", 1)[-1]
        parsed.ontology = name.rsplit(".", 1)[0].lower()
    return parsed
