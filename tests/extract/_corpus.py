"""Paths to the copied corpus and hand-made format fixtures (never /work/shared at test time)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
CORPUS = FIXTURES / "corpus"
FORMATS = FIXTURES / "formats"


def corpus(relative: str) -> bytes:
    return (CORPUS / relative).read_bytes()


def formats(relative: str) -> bytes:
    return (FORMATS / relative).read_bytes()


def sidecar(relative: str) -> dict[str, Any]:
    """The .http.json capture sidecar of a corpus file (request URI, headers)."""
    data: dict[str, Any] = json.loads((CORPUS / f"{relative}.http.json").read_text("utf-8"))
    return data


def expected_facts() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((CORPUS / "EXPECTED_FACTS.json").read_text("utf-8"))
    return data
