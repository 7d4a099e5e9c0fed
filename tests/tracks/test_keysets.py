"""User schema sets using the extended keywords, in the validator family's test-data shape:
``schemas/``, a ``good/`` set that must pass as a whole, a ``bad/`` set that must fail as a whole."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from fairgauge.settings import Settings
from fairgauge.tracks.jsonload import read_documents
from fairgauge.tracks.report import ValidationReport
from fairgauge.tracks.service import build_service
from tests.tracks.conftest import TRACKS, load_json

KEYSETS = sorted(p for p in (TRACKS / "keysets").iterdir() if p.is_dir())
KEYSET_CODES = {e["code"] for case in KEYSETS for e in load_json(case / "expected.json")["bad"]}


def _validate(settings: Settings, case: Path, part: str) -> ValidationReport:
    expected = load_json(case / "expected.json")
    ontologies = [(case / o).resolve() for o in expected.get("ontologies", [])]
    service = build_service(settings, schema_paths=[case / "schemas"], ontology_files=ontologies)
    return service.validate(read_documents([case / part]))


@pytest.mark.parametrize("case", KEYSETS, ids=[p.name for p in KEYSETS])
def test_good_set_passes(tracks_settings: Settings, case: Path) -> None:
    report = _validate(tracks_settings, case, "good")
    assert [(p.document, p.code, p.message) for p in report.problems if p.severity != "info"] == []
    assert report.status == "valid"


@pytest.mark.parametrize("case", KEYSETS, ids=[p.name for p in KEYSETS])
def test_bad_set_fails_with_the_expected_problems(tracks_settings: Settings, case: Path) -> None:
    report = _validate(tracks_settings, case, "bad")
    found = {_key(p.code, p.keyword, Path(p.document).name, p.pointer, p.related) for p in report.problems}
    expected = {_key(e["code"], e["keyword"], e["document"], e["pointer"], e.get("related")) for e in _bad(case)}
    assert found == expected
    assert report.status == "invalid"


def _bad(case: Path) -> list[dict[str, Any]]:
    bad: list[dict[str, Any]] = load_json(case / "expected.json")["bad"]
    return bad


def _key(code: str, keyword: str, document: str, pointer: str, related: Any) -> tuple[str, ...]:
    if isinstance(related, tuple | list):
        related = Path(related[0].document).name if related else None
    return (code, keyword, document, pointer, related or "")
