"""Catalog fixtures: the FAIRtracks services of the session, a catalog per backend (SQLite, PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from fairgauge.catalog.importer import ImportBatch, TermFacts, build_batch
from fairgauge.store import open_store
from fairgauge.store.catalog import Catalog
from fairgauge.tracks.jsonload import read_documents
from fairgauge.tracks.service import TracksService
from tests.tracks.conftest import EXAMPLES, cli_env, packaged_service, tracks_cache, tracks_settings

__all__ = [
    "EXAMPLES",
    "cli_env",
    "packaged_service",
    "tracks_cache",
    "tracks_settings",
]

FIXTURES = Path(__file__).parent.parent / "fixtures" / "catalog"
V10 = EXAMPLES / "v1.0" / "fairtracks.example.json"
H1_QUERY = 'samples.sample_type.cell_line.term_label = "H1-hESC"'


@pytest.fixture()
def catalog(database_url: str) -> Iterator[Catalog]:
    store = open_store(database_url)
    try:
        yield Catalog(store)
    finally:
        store.close()


def batch_of(service: TracksService, path: Path, *, force: bool = False, source: str | None = None) -> ImportBatch:
    kind = "folder" if path.is_dir() else "file"
    documents = read_documents([path])
    return build_batch(source or str(path), kind, documents, service, force=force, terms=TermFacts(service))


def import_examples(catalog: Catalog, service: TracksService) -> Catalog:
    """``catalog`` with every example folder of every schema version imported."""
    for folder in sorted(EXAMPLES.iterdir()):
        catalog.replace_source(batch_of(service, folder))
    return catalog


@pytest.fixture()
def loaded(catalog: Catalog, packaged_service: TracksService) -> Catalog:
    """The catalog with every example folder of every schema version imported."""
    return import_examples(catalog, packaged_service)


@pytest.fixture(scope="module")
def loaded_once(module_database_url: str, packaged_service: TracksService) -> Iterator[Catalog]:
    """``loaded`` made once per test module and backend, for tests that only read it: importing every
    example folder costs ~1-2 s (more on PostgreSQL), and test_catalog.py read it in ~40 tests. Its
    teardown fails the module if a test changed it (a test that writes takes ``catalog`` or ``loaded``)."""
    store = open_store(module_database_url)
    try:
        catalog = import_examples(Catalog(store), packaged_service)
        imported = (catalog.stats(), [(s.source, s.version, s.tracks) for s in catalog.sources()])
        yield catalog
        assert (catalog.stats(), [(s.source, s.version, s.tracks) for s in catalog.sources()]) == imported, (
            "a test changed the shared catalog"
        )
    finally:
        store.close()
