"""The online parts against a real HTTP server on 127.0.0.1 that speaks the OLS4 API shape:
term lookups, paginated ancestors, versions, the on-disk cache, outages; CURIE resolution."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from fairgauge.harvest.ols import IdentifiersOrgResolver
from fairgauge.harvest.ols import OlsTermSource as _OlsTermSource
from fairgauge.settings import Settings, load_settings
from fairgauge.tracks.jsonload import read_documents
from fairgauge.tracks.service import build_service
from tests.loopback import Reply, serve
from tests.tracks.conftest import EXAMPLES

OBO = "http://purl.obolibrary.org/obo/"
EDAM = "http://edamontology.org/"
# iri -> (ontology, label, ancestors) for every term of the v1.0.2 example, as OLS4 would answer
TERMS: dict[str, tuple[str, str, list[str]]] = {
    OBO + "OBI_0002017": (
        "obi",
        "histone modification identification by ChIP-Seq assay",
        [OBO + "OBI_0000716", OBO + "OBI_0000070", OBO + "OBI_0000011"],
    ),
    OBO + "SO_0001706": ("so", "H3K4_trimethylation", [OBO + "SO_0001700", OBO + "SO_0000110"]),
    OBO + "NCIT_C16403": ("ncit", "Cell Line", []),
    "http://www.ebi.ac.uk/efo/EFO_0003042": ("efo", "H1-hESC", [OBO + "CL_0000010", OBO + "CL_0000000"]),
    OBO + "UBERON_0000922": ("uberon", "embryo", [OBO + "UBERON_0000465"]),
    OBO + "NCIT_C14165": ("ncit", "Normal", [OBO + "NCIT_C25375"]),
    EDAM + "format_3613": ("edam", "ENCODE narrow peak format", [EDAM + "format_1915"]),
    EDAM + "format_3004": ("edam", "bigBed", [EDAM + "format_1915"]),
    EDAM + "format_3006": ("edam", "bigWig", [EDAM + "format_1915"]),
}
VERSIONS = {"efo": "http://www.ebi.ac.uk/efo/releases/v3.62.0/efo.owl"}


def _enc(iri: str) -> str:
    return quote(quote(iri, safe=""), safe="")


def _json(data: Any, status: int = 200) -> Reply:
    return Reply(status, json.dumps(data).encode(), content_type="application/json")


def ols_routes() -> dict[str, Any]:
    routes: dict[str, Any] = {}
    for iri, (ontology, label, ancestors) in TERMS.items():
        term = f"/api/ontologies/{ontology}/terms/{_enc(iri)}"
        routes[term] = _json({"iri": iri, "label": label, "ontology_name": ontology, "is_obsolete": False})
        pages = [ancestors[:1], ancestors[1:]] if len(ancestors) > 1 else [ancestors]
        for number, page in enumerate(pages):
            body = {"_embedded": {"terms": [{"iri": a} for a in page]}, "page": {"totalPages": len(pages)}}
            routes[f"{term}/ancestors?size=500&page={number}"] = _json(body)
    for ontology in {o for o, _, _ in TERMS.values()}:
        config = {"versionIri": VERSIONS.get(ontology), "version": None}
        routes[f"/api/ontologies/{ontology}"] = _json({"ontologyId": ontology, "config": config})
    return routes


@pytest.fixture()
def ols() -> Iterator[Any]:
    with serve(ols_routes()) as served:
        yield served


_OPEN: list[_OlsTermSource] = []


def OlsTermSource(settings: Settings) -> _OlsTermSource:
    """An OLS source closed after the test (each holds a fetcher with an event loop and connections)."""
    source = _OlsTermSource(settings)
    _OPEN.append(source)
    return source


@pytest.fixture(autouse=True)
def _close_sources() -> Iterator[None]:
    yield
    while _OPEN:
        _OPEN.pop().close()


def _settings(tmp_path: Path, base: str, **extra: Any) -> Settings:
    return load_settings(
        cache_dir=tmp_path,
        ols_api=base + "/api",
        tracks_packaged_ontologies=False,
        allow_private_network=True,
        **extra,
    )


def test_example_validates_against_ols_alone(tmp_path: Path, ols: Any) -> None:
    settings = _settings(tmp_path, ols.base)
    service = build_service(settings, ontology_source="ols", online_terms=OlsTermSource(settings))
    report = service.validate(read_documents([EXAMPLES / "v1.0.2" / "fairtracks.example.json"]))
    assert [p.code for p in report.problems if p.severity == "error"] == []
    assert report.status == "valid"
    assert report.sources["ontology"][0].startswith("OLS4 (http://127.0.0.1:")
    paged = [path for _, path, _ in ols.requests if "ancestors" in path and "page=1" in path]
    assert paged, "the second page of ancestors was not fetched"


def test_answers_come_from_the_disk_cache_the_second_time(tmp_path: Path, ols: Any) -> None:
    settings = _settings(tmp_path, ols.base)
    document = read_documents([EXAMPLES / "v1.0.2" / "fairtracks.example.json"])
    build_service(settings, ontology_source="ols", online_terms=OlsTermSource(settings)).validate(document)
    asked = len(ols.requests)
    again = build_service(settings, ontology_source="ols", online_terms=OlsTermSource(settings)).validate(document)
    assert again.status == "valid"
    assert len(ols.requests) == asked


def test_terms_ols_does_not_have(tmp_path: Path, ols: Any) -> None:
    source = OlsTermSource(_settings(tmp_path, ols.base))
    assert source.term(EDAM + "format_9999", "edam").status == "absent"
    assert source.term(OBO + "GO_0008150", "go").status == "unknown"  # OLS has no 'go' here
    assert source.version("efo").version_iri == VERSIONS["efo"]  # type: ignore[union-attr]


def test_an_unreachable_ols_gives_indeterminate_not_fail(tmp_path: Path) -> None:
    with serve({}) as gone:
        base = gone.base
    settings = _settings(tmp_path, base, connect_timeout=1.0)
    service = build_service(settings, ontology_source="ols", online_terms=OlsTermSource(settings))
    report = service.validate(read_documents([EXAMPLES / "v1.0.2" / "fairtracks.example.json"]))
    unavailable = [p for p in report.problems if p.code == "term.ontology_unavailable"]
    assert len(unavailable) == 10 and all("OLS unavailable" in p.message for p in unavailable)
    assert report.status == "indeterminate"


def test_augment_takes_versions_and_labels_from_ols(tmp_path: Path, ols: Any) -> None:
    settings = _settings(tmp_path, ols.base)
    service = build_service(settings, ontology_source="ols", online_terms=OlsTermSource(settings))
    minimal = read_documents([EXAMPLES / "v2.0-draft" / "fairtracks.minimal.example.json"])[0]
    data, report = service.augment(minimal)
    assert data["document"]["ontology_versions"]["http://www.ebi.ac.uk/efo/efo.owl"] == VERSIONS["efo"]
    assert data["tracks"][0]["file_format"]["term_label"] == "ENCODE narrow peak format"
    unfilled = {u.pointer: u.reason for u in report.unfilled}
    assert "absent" not in unfilled["/samples/0/sample_type/cell_type/term_label"]
    assert "has_augmented_metadata not set" in unfilled["/document/has_augmented_metadata"]


def test_curie_resolution_online(tmp_path: Path) -> None:
    routes = {
        "/taxonomy:9606": Reply(302, b"", headers=[("Location", "https://www.ncbi.nlm.nih.gov/")]),
        "/pubmed:22955617": Reply(500, b"oops"),
    }
    with serve(routes) as resolver_server:
        settings = load_settings(
            cache_dir=tmp_path, identifiers_org_resolver=resolver_server.base + "/", allow_private_network=True
        )
        resolver = IdentifiersOrgResolver(settings)
        try:
            service = build_service(settings, ontology_source="off", resolver=resolver)
            document = read_documents([EXAMPLES / "v1.0.2" / "fairtracks.example.json"])
            report = service.validate(document)
        finally:
            resolver.close()
    codes = {(p.code, p.pointer) for p in report.problems if p.code.startswith("curie.")}
    assert ("curie.unresolved", "/samples/0/global_id") in codes  # biosample:SAMN01731491 -> 404
    assert ("curie.resolution_unavailable", "/studies/0/publication") in codes  # 500
    assert not any(pointer == "/samples/0/species_id" for _, pointer in codes)  # 302: resolves
    assert report.status == "invalid"


def test_ols_goes_through_the_guarded_fetcher(tmp_path: Path, ols: Any) -> None:
    """Without allow_private_network the loopback OLS is refused like any private address: unknown, not fail."""
    settings = load_settings(cache_dir=tmp_path, ols_api=ols.base + "/api", tracks_packaged_ontologies=False)
    source = OlsTermSource(settings)
    try:
        answer = source.term(EDAM + "format_3006", "edam")
    finally:
        source.close()
    assert answer.status == "unknown"
    assert "private or reserved address" in answer.reason
    assert ols.requests == []


def test_ols_answers_are_capped_in_size(tmp_path: Path) -> None:
    big = Reply(200, b'{"iri": "' + b"x" * 5000 + b'"}', content_type="application/json")
    with serve({f"/api/ontologies/edam/terms/{_enc(EDAM + 'format_3006')}": big}) as server:
        settings = _settings(tmp_path, server.base, max_response_bytes=1000)
        answer = OlsTermSource(settings).term(EDAM + "format_3006", "edam")
    assert answer.status == "unknown"
    assert "1000 byte limit" in answer.reason
