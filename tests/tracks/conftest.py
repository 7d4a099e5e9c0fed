"""Shared FAIRtracks fixtures: one cache directory per test session (the offline index and the CURIE
table are compiled once), the fixture ontologies, services built on the real bundled schemas."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from fairgauge.settings import Settings, load_settings
from fairgauge.tracks.jsonload import LoadedDocument
from fairgauge.tracks.pointers import tokens
from fairgauge.tracks.service import TracksService, build_service
from tests.caches import process_cache_dir

TRACKS = Path(__file__).parent.parent / "fixtures" / "tracks"
EXAMPLES = TRACKS / "examples"
ONTOLOGIES = TRACKS / "ontologies"
FIXTURE_ONTOLOGIES = sorted(ONTOLOGIES.glob("*.fixture.*"))


def load_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def example(relative: str) -> Any:
    return load_json(EXAMPLES / relative)


def apply_patch(document: Any, operations: list[dict[str, Any]]) -> Any:
    """The subset of JSON Patch the cases use: add, replace, remove."""
    result = copy.deepcopy(document)
    for op in operations:
        parts = tokens(op["path"])
        parent = result
        for part in parts[:-1]:
            parent = parent[int(part)] if isinstance(parent, list) else parent[part]
        last = parts[-1]
        if op["op"] == "remove":
            del parent[int(last) if isinstance(parent, list) else last]
        elif isinstance(parent, list):
            index = len(parent) if last == "-" else int(last)
            if op["op"] == "add":
                parent.insert(index, copy.deepcopy(op["value"]))
            else:
                parent[index] = copy.deepcopy(op["value"])
        else:
            parent[last] = copy.deepcopy(op["value"])
    return result


def docs(*items: tuple[str, Any]) -> list[LoadedDocument]:
    return [LoadedDocument(name, data) for name, data in items]


@pytest.fixture(scope="session")
def tracks_cache() -> Path:
    """The process's cache folder: the metric tests' assessors compile the same packaged ontologies."""
    return process_cache_dir()


@pytest.fixture(scope="session")
def tracks_settings(tracks_cache: Path) -> Settings:
    return load_settings(cache_dir=tracks_cache)


@pytest.fixture(scope="session")
def service(tracks_settings: Settings) -> TracksService:
    """Offline: packaged ontologies plus the fixture ontologies (OBO, OBO Graphs JSON, OWL)."""
    return build_service(tracks_settings, ontology_files=FIXTURE_ONTOLOGIES, ontology_source="offline")


@pytest.fixture(scope="session")
def packaged_service(tracks_settings: Settings) -> TracksService:
    """Offline with only what PyPI packages ship (no fixture ontologies)."""
    return build_service(tracks_settings, ontology_source="offline")


@pytest.fixture(scope="session")
def no_terms_service(tracks_settings: Settings) -> TracksService:
    return build_service(tracks_settings, ontology_source="off")


@pytest.fixture()
def cli_env(monkeypatch: pytest.MonkeyPatch, tracks_cache: Path) -> Iterator[Path]:
    """Run the CLI with the session cache and no user configuration."""
    monkeypatch.setenv("FAIRGAUGE_CACHE_DIR", str(tracks_cache))
    monkeypatch.delenv("FAIRGAUGE_CONFIG", raising=False)
    yield tracks_cache
