"""CURIE checks: prefixes and local-id patterns from bioregistry (offline), the three matchTypes."""

from __future__ import annotations

from pathlib import Path

import pytest

from fairgauge.tracks.curies import CurieChecker, CurieRegistry


@pytest.fixture(scope="module")
def checker(tracks_cache: Path) -> CurieChecker:
    return CurieChecker(CurieRegistry.load(tracks_cache / "tracks"))


@pytest.mark.parametrize(
    ("value", "namespaces", "match", "codes"),
    [
        ("taxonomy:9606", ("taxonomy",), "canonical", []),
        ("NCBITaxon:9606", ("taxonomy",), "canonical", ["curie.not_canonical"]),
        ("NCBITaxon:9606", ("taxonomy",), "basic", []),
        ("Taxonomy:9606", ("taxonomy",), "canonical", ["curie.not_canonical"]),
        ("taxonomy:human", ("taxonomy",), "basic", ["curie.pattern"]),
        ("geo:GSE35583", ("geo", "ega.study"), "canonical", []),
        ("geo:GSE35583", ("biosample",), "canonical", ["curie.namespace"]),
        ("biosample:SAMN01731491", ("biosample",), "canonical", []),
        ("insdc.gca:GCF_000001405.26", ("insdc.gca",), "canonical", []),
        ("insdc.gca:GCX_000001405.26", ("insdc.gca",), "canonical", ["curie.pattern"]),
        ("encode:ENCFF207FGO", (), "canonical", []),
        ("encode: ENCFF207FGO", (), "canonical", ["curie.whitespace"]),
        ("encode:ENC FF207FGO", (), "canonical", ["curie.syntax"]),
        ("22955617", ("pubmed",), "canonical", ["curie.syntax"]),
        ("22955617", ("pubmed",), "loose", []),
        ("PMC1", ("pubmed",), "loose", ["curie.pattern"]),
        ("nosuch:1", (), "basic", ["curie.unknown_prefix"]),
        ("ega.experiment:EGAX1", ("geo", "ega.experiment"), "canonical", ["curie.unregistered_prefix"]),
        ("orcid:0000-0002-1825-0097", ("orcid",), "canonical", []),
        ("doi:10.5281/zenodo.3984946", ("doi",), "canonical", []),
    ],
)
def test_curie_semantics(
    checker: CurieChecker, value: str, namespaces: tuple[str, ...], match: str, codes: list[str]
) -> None:
    assert [i.code for i in checker.check(value, namespaces, match)] == codes


def test_registry_is_compiled_once_into_the_cache(tracks_cache: Path) -> None:
    cached = list((tracks_cache / "tracks").glob("curie-registry-*.json"))
    assert len(cached) == 1
    registry = CurieRegistry.load(tracks_cache / "tracks")
    assert registry.lookup("NCBITaxon") == registry.lookup("taxonomy")
    assert registry.lookup("insdc.gca").pattern == "^GC[AF]_[0-9]{9}(\\.[0-9]+)?$"  # type: ignore[union-attr]
