"""Term sources: the three file readers on real files, the compiled index, completeness semantics."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
import rdflib
import zstandard
from rdflib import OWL, RDF, RDFS

from fairgauge.tracks.ontology.checker import TermChecker
from fairgauge.tracks.ontology.index import OntologyIndex
from fairgauge.tracks.ontology.local import LocalFilePack
from fairgauge.tracks.ontology.obo import parse_obo
from fairgauge.tracks.ontology.obographs import parse_obographs
from fairgauge.tracks.ontology.owl import parse_owl
from fairgauge.tracks.ontology.packaged import CellxgenePack, cellxgene_packs, edam_pack
from fairgauge.tracks.ontology.source import iri_prefix, ontology_id
from fairgauge.tracks.species import SpeciesNames, load_table, taxon_id
from tests.tracks.conftest import ONTOLOGIES

OBO = "http://purl.obolibrary.org/obo/"
OWL_FILES = [*sorted((ONTOLOGIES / "owl").glob("*.owl")), ONTOLOGIES / "so.fixture.owl"]


@pytest.mark.parametrize("path", OWL_FILES, ids=[p.name for p in OWL_FILES])
def test_streaming_owl_reader_agrees_with_rdflib(path: Path) -> None:
    parsed = parse_owl(path)
    graph = rdflib.Graph().parse(path, format="xml")
    classes = {s for s in graph.subjects(RDF.type, OWL.Class) if isinstance(s, rdflib.URIRef)}
    assert {t.iri for t in parsed.terms} == {str(c) for c in classes}
    edges = {
        (str(s), str(o))
        for s in classes
        for o in graph.objects(s, RDFS.subClassOf)
        if isinstance(o, rdflib.URIRef) and o != OWL.Thing
    }
    assert set(parsed.edges) == edges
    labels = {str(s): str(o) for s in classes for o in graph.objects(s, RDFS.label)}
    assert all(labels.get(t.iri) == t.label for t in parsed.terms if t.iri in labels)
    deprecated = {str(s) for s in classes if (s, OWL.deprecated, rdflib.Literal(True)) in graph}
    assert {t.iri for t in parsed.terms if t.obsolete} == deprecated
    assert parsed.version_iri == str(next(graph.objects(None, OWL.versionIRI)))


def test_obo_reader() -> None:
    parsed = parse_obo(ONTOLOGIES / "ncit.fixture.obo")
    assert parsed.ontology == "ncit"
    assert parsed.version_iri == OBO + "ncit/releases/2020-07-17/ncit.owl"
    labels = {t.iri: t.label for t in parsed.terms}
    assert labels[OBO + "NCIT_C7057"] == "Disease, Disorder or Finding"
    assert (OBO + "NCIT_C2991", OBO + "NCIT_C7057") in parsed.edges


def test_obo_idspaces_and_obsolete_terms(tmp_path: Path) -> None:
    path = tmp_path / "x.obo"
    path.write_text(
        "ontology: efo\nidspace: EFO http://www.ebi.ac.uk/efo/EFO_\n\n[Term]\nid: EFO:1\n"
        'name: one {comment="x"}\nis_obsolete: true\nreplaced_by: EFO:2\n\n[Typedef]\nid: part_of\n'
    )
    (term,) = parse_obo(path).terms
    assert term == ("http://www.ebi.ac.uk/efo/EFO_1", 'one {comment="x"}', True, "http://www.ebi.ac.uk/efo/EFO_2")


def test_obographs_reader() -> None:
    parsed = parse_obographs(ONTOLOGIES / "obi.fixture.obographs.json")
    assert (parsed.ontology, parsed.version_iri) == ("obi", OBO + "obi/2020-04-23/obi.owl")
    assert (OBO + "OBI_0002017", OBO + "OBI_0000716") in parsed.edges


@pytest.mark.parametrize(
    ("iri", "ontology", "prefix"),
    [
        ("http://purl.obolibrary.org/obo/cl.owl", "cl", ""),
        ("http://edamontology.org/EDAM.owl", "edam", ""),
        ("http://www.ebi.ac.uk/efo/EFO_0003042", "efo_0003042", "http://www.ebi.ac.uk/efo/EFO_"),
        ("http://edamontology.org/format_3613", "format_3613", "http://edamontology.org/format_"),
    ],
)
def test_ids_and_prefixes(iri: str, ontology: str, prefix: str) -> None:
    assert ontology_id(iri) == ontology
    if prefix:
        assert iri_prefix(iri) == prefix


def test_index_is_compiled_once_then_opened_in_milliseconds(tmp_path: Path) -> None:
    copy = tmp_path / "ncit.obo"
    copy.write_text((ONTOLOGIES / "ncit.fixture.obo").read_text())
    index = OntologyIndex(tmp_path / "index.sqlite", [LocalFilePack(copy)])
    built = index._db.execute("SELECT built FROM packs").fetchone()[0]
    index.close()
    start = time.perf_counter()
    again = OntologyIndex(tmp_path / "index.sqlite", [LocalFilePack(copy)])
    assert time.perf_counter() - start < 0.2
    assert again._db.execute("SELECT built FROM packs").fetchone()[0] == built
    assert again.term(OBO + "NCIT_C14165", "ncit").record.label == "Normal"  # type: ignore[union-attr]
    again.close()
    copy.write_text(copy.read_text().replace("name: Normal", "name: Normal (edited)"))
    rebuilt = OntologyIndex(tmp_path / "index.sqlite", [LocalFilePack(copy)])
    assert rebuilt.term(OBO + "NCIT_C14165", "ncit").record.label == "Normal (edited)"  # type: ignore[union-attr]


def test_answers_are_found_absent_or_unknown(service_index: OntologyIndex) -> None:
    assert service_index.term("http://edamontology.org/format_3006", "edam").status == "found"
    assert service_index.term("http://edamontology.org/format_9999", "edam").status == "absent"
    # EDAM imports nothing: a CL term is definitely not in it
    assert service_index.term(OBO + "CL_0000236", "edam").status == "absent"
    # cellxgene's CL keeps only CL terms: an UBERON term in CL cannot be decided offline
    assert service_index.term(OBO + "UBERON_0000922", "cl").status == "unknown"
    assert service_index.term(OBO + "GO_0008150", "go").status == "unknown"
    assert service_index.term(OBO + "NCIT_C99999", "ncit").status == "absent"


def test_partial_ancestor_graphs_answer_unknown(packaged_index: OntologyIndex, service_index: OntologyIndex) -> None:
    h1 = "http://www.ebi.ac.uk/efo/EFO_0003042"
    alone = packaged_index.term(h1, "efo").record
    assert alone is not None and alone.ancestry(OBO + "CL_0000010") == "unknown"
    assert alone.ancestry("http://www.ebi.ac.uk/efo/EFO_0002886") == "found"
    assert alone.ancestry("http://www.ebi.ac.uk/efo/EFO_0000324") == "absent"
    merged = service_index.term(h1, "efo").record
    assert merged is not None and merged.ancestry(OBO + "CL_0000010") == "found"


def test_label_and_suffix_matches_can_be_ambiguous(tmp_path: Path) -> None:
    path = tmp_path / "dup.obo"
    path.write_text("ontology: dup\n\n[Term]\nid: DUP:A_1\nname: same\n\n[Term]\nid: DUP:B_1\nname: same\n")
    checker = TermChecker(OntologyIndex(tmp_path / "i.sqlite", [LocalFilePack(path)]))
    for value, match in (("same", "label"), ("1", "suffix")):
        verdict = checker.check(value, ["http://purl.obolibrary.org/obo/dup.owl"], (), match)
        assert [i.code for i in verdict.issues] == ["term.ambiguous"]
    exact = checker.check("A_1", ["http://purl.obolibrary.org/obo/dup.owl"], (), "suffix")
    assert exact.record is not None and exact.record.iri == OBO + "DUP_A_1"


def test_packaged_versions_fit_the_schema_patterns() -> None:
    infos = {p.name: p.info() for p in cellxgene_packs()}
    assert infos["CL"].version_iri.startswith(OBO + "cl/releases/")  # type: ignore[union-attr]
    assert infos["EFO"].version_iri.startswith("http://www.ebi.ac.uk/efo/releases/v")  # type: ignore[union-attr]
    assert infos["NCBITaxon"].ontology == "ncbitaxon"
    edam = edam_pack()
    assert edam is not None and edam.info().version_iri == f"http://edamontology.org/EDAM_{edam.info().version}.owl"


def test_ncbitaxon_labels_are_streamed_across_chunk_boundaries(tmp_path: Path) -> None:
    ancestors = {"NCBITaxon:1": 2, "NCBITaxon:2759": 1}
    entries = {f"NCBITaxon:{n}": {"ancestors": ancestors, "label": f"Species {n} é"} for n in range(1, 400)}
    text = json.dumps(entries, separators=(",", ":"))
    path = tmp_path / "NCBITaxon-ontology-vTEST.json.zst"
    path.write_bytes(zstandard.ZstdCompressor().compress(text.encode()))
    pack = CellxgenePack("NCBITaxon", path, "vTEST", lazy=True)
    from fairgauge.tracks.ontology import packaged

    rows = list(packaged._stream_taxa(path, chunk=97))
    assert len(rows) == 399
    assert rows[9] == (OBO + "NCBITaxon_10", "Species 10 é", False, None)
    assert pack.info().pack_id == "cellxgene:NCBITaxon"


def test_species_names_from_the_table_then_the_term_source(tmp_path: Path) -> None:
    path = tmp_path / "taxa.obo"
    path.write_text(
        "ontology: ncbitaxon\n\n[Term]\nid: NCBITaxon:7460\nname: Apis mellifera (from source)\n"
        "\n[Term]\nid: NCBITaxon:99999999\nname: Imaginary species\n"
    )
    index = OntologyIndex(tmp_path / "i.sqlite", [LocalFilePack(path)])
    names = SpeciesNames(load_table(), index)
    assert names.name("taxonomy:9606").name == "Homo sapiens"
    assert names.name("NCBITaxon:7460").name == "Apis mellifera"
    found = names.name("taxonomy:99999999")
    assert (found.name, found.source) == ("Imaginary species", "taxa.obo (ncbitaxon)")
    assert names.name("taxonomy:12345678").name is None
    assert SpeciesNames(load_table(), None).name("taxonomy:12345678").reason
    assert taxon_id("geo:GSE1") is None


@pytest.fixture(scope="module")
def service_index(service: object) -> OntologyIndex:
    return service.terms  # type: ignore[attr-defined,no-any-return]


@pytest.fixture(scope="module")
def packaged_index(packaged_service: object) -> OntologyIndex:
    return packaged_service.terms  # type: ignore[attr-defined,no-any-return]
