"""Evidence for check tests: harvest a named source (corpus capture, A2A case, hand-made site) once."""

from __future__ import annotations

from functools import cache

from fairgauge.assessment import Assessor
from fairgauge.metrics.base import Evidence
from fairgauge.settings import Settings
from tests.caches import process_cache_dir
from tests.conftest import FIXTURES
from tests.harvest.corpus import A2A, A2A_EXPECTED, FACTS, WARC, assessor, harvest_archive
from tests.sites import site, site_archive

ONTOLOGY_FIXTURES = tuple(sorted((FIXTURES / "tracks" / "ontologies").glob("*.fixture.*")))


@cache
def assessor_with_ontologies() -> Assessor:
    """For FAIRtracks term checks that need NCIT/OBI/SO, which no installable package ships. It shares the
    packaged assessor's cache: the index compiles the packaged ontologies once and adds the fixture files."""
    return Assessor(Settings(cache_dir=process_cache_dir(), tracks_ontology_files=ONTOLOGY_FIXTURES))


@cache
def evidence_for(source: str) -> Evidence:
    """``kind:name``, optionally ``+ontologies`` (validate community documents with the fixture ontologies)."""
    source, _, option = source.partition("+")
    kind, name = source.split(":", 1)
    if kind == "corpus":
        harvest = harvest_archive(f"https://doi.org/{FACTS[name]['doi']}", WARC / f"{name}.warc.gz")
    elif kind == "a2a":
        harvest = harvest_archive(A2A_EXPECTED[name]["pid_w3id"], A2A / f"{name}.warc.gz")
    elif kind == "site":
        harvest = harvest_archive(site(name)["identifier"], site_archive(name))
    else:
        raise ValueError(f"unknown source kind in {source!r}")
    judge = assessor_with_ontologies() if option == "ontologies" else assessor()
    return Evidence(harvest=harvest, ref=judge.ref, community=judge.community_validations(harvest))
