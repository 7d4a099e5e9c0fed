"""Shared bits of the benchmark scripts: the corpus they run on and resource readings."""

from __future__ import annotations

import json
import resource
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
WARC = ROOT / "tests" / "fixtures" / "warc"


def corpus_objects() -> list[tuple[str, Path]]:
    """(identifier, archive) for every landing-page capture and A2A case."""
    facts = json.loads((WARC / "EXPECTED_FACTS.json").read_text())
    objects = [(f"https://doi.org/{facts[name]['doi']}", WARC / f"{name}.warc.gz") for name in sorted(facts)]
    expected = json.loads((WARC / "a2a" / "EXPECTED.json").read_text())
    objects += [
        (case["pid_w3id"], WARC / "a2a" / f"{name}.warc.gz")
        for name, case in sorted(expected.items())
        if not name.startswith("_")
    ]
    return objects


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
