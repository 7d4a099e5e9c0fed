"""A small, fast reader for OBO flat files (1.2/1.4): terms, names, is_a, obsolescence, releases.

Only what term checks need is read; everything else in the file is skipped, so big OBO releases parse
in seconds and compile once into the index.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from fairgauge.tracks.ontology.model import ParsedOntology, TermRow, obo_curie_to_iri, obo_version_iri


def _value(line: str) -> str:
    """Tag value without trailing ``! comment`` and qualifiers ``{...}``."""
    value = line.split(":", 1)[1].strip()
    if " !" in value:
        value = value.split(" !", 1)[0]
    if value.endswith("}") and " {" in value:
        value = value.rsplit(" {", 1)[0]
    return value.strip()


def _unescape(text: str) -> str:
    return text.replace("\\n", "\n").replace('\\"', '"').replace("\\\\", "\\")


class _Stanza:
    __slots__ = ("id", "is_a", "name", "obsolete", "replaced_by")

    def __init__(self) -> None:
        self.id: str | None = None
        self.name: str | None = None
        self.obsolete = False
        self.replaced_by: str | None = None
        self.is_a: list[str] = []


def parse_obo_lines(lines: Iterable[str]) -> ParsedOntology:
    """Parse OBO text lines into terms and is_a edges (IRIs in OBO PURL form)."""
    parsed = ParsedOntology()
    prefixes: dict[str, str] = {}
    stanza: _Stanza | None = None
    in_header, in_term = True, False
    for raw in lines:
        line = raw.strip()
        if not line or line.startswith("!"):
            continue
        if line.startswith("["):
            _flush(parsed, stanza, prefixes)
            in_header, in_term = False, line == "[Term]"
            stanza = _Stanza() if in_term else None
            continue
        if in_header:
            _header(parsed, prefixes, line)
        elif in_term and stanza is not None:
            _tag(stanza, line)
    _flush(parsed, stanza, prefixes)
    return parsed


def _header(parsed: ParsedOntology, prefixes: dict[str, str], line: str) -> None:
    tag = line.split(":", 1)[0]
    if tag == "ontology":
        parsed.ontology = _value(line).lower()
        parsed.ontology_iri = obo_curie_to_iri(parsed.ontology) if "://" in parsed.ontology else None
    elif tag == "data-version":
        parsed.version = _value(line)
    elif tag == "idspace":
        parts = _value(line).split()
        if len(parts) >= 2:
            prefixes[parts[0]] = parts[1]


def _tag(stanza: _Stanza, line: str) -> None:
    tag = line.split(":", 1)[0]
    if tag == "id":
        stanza.id = _value(line)
    elif tag == "name":
        stanza.name = _unescape(line.split(":", 1)[1].strip())
    elif tag == "is_a":
        stanza.is_a.append(_value(line).split()[0])
    elif tag == "is_obsolete":
        stanza.obsolete = _value(line).lower() == "true"
    elif tag == "replaced_by":
        stanza.replaced_by = _value(line)


def _flush(parsed: ParsedOntology, stanza: _Stanza | None, prefixes: dict[str, str]) -> None:
    if stanza is None or stanza.id is None:
        return
    iri = obo_curie_to_iri(stanza.id, prefixes)
    replaced = obo_curie_to_iri(stanza.replaced_by, prefixes) if stanza.replaced_by else None
    parsed.terms.append(TermRow(iri, stanza.name, stanza.obsolete, replaced))
    parsed.edges.extend((iri, obo_curie_to_iri(parent, prefixes)) for parent in stanza.is_a)


def parse_obo(path: Path) -> ParsedOntology:
    """Parse an OBO file; the ontology id comes from the header (else the file name)."""
    with path.open(encoding="utf-8") as handle:
        parsed = parse_obo_lines(handle)
    parsed.ontology = parsed.ontology or path.name.split(".", 1)[0].lower()
    if parsed.ontology_iri is None:
        parsed.ontology_iri = f"http://purl.obolibrary.org/obo/{parsed.ontology}.owl"
    if parsed.version:
        parsed.version_iri = obo_version_iri(parsed.ontology, parsed.version)
    return parsed
