"""Shared helpers for tests that harvest the corpus archives (offline replay)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from fairgauge.assessment import Assessor
from fairgauge.harvest.harvester import harvest
from fairgauge.model.harvest import HarvestResult
from fairgauge.settings import Settings
from tests.caches import process_cache_dir
from tests.conftest import FIXTURES

WARC = FIXTURES / "warc"
A2A = WARC / "a2a"
A2A_EXPECTED: dict[str, Any] = json.loads((A2A / "EXPECTED.json").read_text())
A2A_CASES = sorted(k for k in A2A_EXPECTED if not k.startswith("_"))
FACTS: dict[str, Any] = json.loads((WARC / "EXPECTED_FACTS.json").read_text())


@cache
def assessor() -> Assessor:
    """One assessor for the session; its caches (ontology index) live in the process's cache folder."""
    return Assessor(Settings(cache_dir=process_cache_dir()))


@cache
def harvest_archive(identifier: str, archive: Path) -> HarvestResult:
    """Harvest once per (identifier, archive) for the whole session: the result is immutable."""
    settings = assessor().settings
    return harvest(identifier, settings, replay=[archive], options=assessor().harvest_options())


def harvest_a2a(case: str) -> HarvestResult:
    return harvest_archive(A2A_EXPECTED[case]["pid_w3id"], A2A / f"{case}.warc.gz")


def harvest_landing_capture(name: str) -> HarvestResult:
    return harvest_archive(f"https://doi.org/{FACTS[name]['doi']}", WARC / f"{name}.warc.gz")
