"""Every extended keyword, as a bad (or borderline) document made from a published example.

Cases are data (``fixtures/tracks/cases/mutations.json``); the last tests check that every check and
every code it can emit is exercised by some case, so a new check without cases fails the suite.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from fairgauge.settings import Settings
from fairgauge.tracks.jsonload import read_documents
from fairgauge.tracks.keywords import BUILTIN_CHECKS
from fairgauge.tracks.problems import CODES, Problem
from fairgauge.tracks.report import ValidationReport
from fairgauge.tracks.service import TracksService, build_service
from tests.tracks.conftest import TRACKS, apply_patch, docs, example, load_json
from tests.tracks.test_keysets import KEYSET_CODES

CASES: list[dict[str, Any]] = load_json(TRACKS / "cases" / "mutations.json")
# Codes whose cases need a running service or special set-up; the test that covers each is named.
COVERED_ELSEWHERE = {
    "term.ambiguous": "test_ontology.py::test_label_and_suffix_matches_can_be_ambiguous",
    "term.checks_disabled": "test_keywords.py::test_ontology_checks_can_be_switched_off",
    "curie.unresolved": "test_online.py::test_curie_resolution_online",
    "curie.resolution_unavailable": "test_online.py::test_curie_resolution_online",
    "key.unknown_key": "test_keywords.py::test_references_to_undeclared_keys",
}


def _run(service: TracksService, case: dict[str, Any]) -> tuple[ValidationReport, list[str]]:
    names = [f"doc{i}.json" for i in range(len(case["documents"]))]
    loaded = docs(
        *((n, apply_patch(example(d["base"]), d["patch"])) for n, d in zip(names, case["documents"], strict=True))
    )
    return service.validate(loaded, case.get("schema_version")), names


def _matches(problem: Problem, expected: dict[str, Any], names: list[str]) -> bool:
    if problem.code != expected["code"] or problem.pointer != expected["pointer"]:
        return False
    if problem.document != names[expected.get("document", 0)]:
        return False
    if "severity" in expected and problem.severity != expected["severity"]:
        return False
    if "related" in expected:
        index, pointer = expected["related"]
        return [(r.document, r.pointer) for r in problem.related] == [(names[index], pointer)]
    return True


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_case(service: TracksService, case: dict[str, Any]) -> None:
    report, names = _run(service, case)
    for expected in case["expect"]:
        assert any(_matches(p, expected, names) for p in report.problems), (expected, report.problems)
    expected_errors = {(e["code"], e["pointer"]) for e in case["expect"] if e.get("severity", "error") == "error"}
    surprising = [p for p in report.problems if p.severity == "error" and (p.code, p.pointer) not in expected_errors]
    assert surprising == []
    assert not {p.code for p in report.problems} & set(case.get("absent_codes", []))
    assert report.status == case["status"]


def test_every_check_and_code_has_a_case() -> None:
    covered = {e["code"] for case in CASES for e in case["expect"]} | KEYSET_CODES | set(COVERED_ELSEWHERE)
    kinds = {case["keyword"] for case in CASES}
    for check in BUILTIN_CHECKS:
        assert set(check.codes) <= covered, (check.__name__, set(check.codes) - covered)
        assert set(check.codes) <= set(CODES)
        assert {k for k in check.kinds if not k.startswith("$")} & (
            kinds | {"primary_key", "foreign_keys", "join_keys"}
        )


def test_ontology_checks_can_be_switched_off(no_terms_service: TracksService) -> None:
    bad = apply_patch(
        example("v1.0.2/fairtracks.example.json"),
        [{"op": "replace", "path": "/tracks/0/file_format/term_id", "value": "http://edamontology.org/format_9999"}],
    )
    report = no_terms_service.validate(docs(("doc.json", bad)))
    assert [(p.code, p.severity) for p in report.problems if p.code.startswith("term.")] == [
        ("term.checks_disabled", "info")
    ]
    assert report.sources["ontology"] == ["off"]


def test_references_to_undeclared_keys(tracks_settings: Settings, tmp_path: Path) -> None:
    """A reference into a schema missing from the set names that, not 'declares no primary_key'."""
    schema = {
        "$id": "https://example.org/t/a.json",
        "type": "object",
        "foreign_keys": [{"schema_id": "missing.json", "members": ["x"]}, {"members": ["x"]}],
        "properties": {"y": {"foreignProperty": "missing.json#id"}},
    }
    (tmp_path / "a.json").write_text(json.dumps(schema))
    (tmp_path / "doc.json").write_text('{"@schema": "https://example.org/t/a.json", "x": 1, "y": "z"}')
    user = build_service(tracks_settings, schema_paths=[tmp_path / "a.json"], ontology_source="off")
    report = user.validate(read_documents([tmp_path / "doc.json"]))
    found = sorted((p.code, p.keyword, p.pointer, p.message) for p in report.problems)
    assert found == [
        (
            "key.unknown_key",
            "foreignProperty",
            "/y",
            "foreignProperty 'missing.json#id' names a schema that is not in the schema set",
        ),
        (
            "key.unknown_key",
            "foreign_keys",
            "",
            "foreign_keys refers to https://example.org/t/a.json, which declares no primary_key",
        ),
        (
            "key.unknown_key",
            "foreign_keys",
            "",
            "foreign_keys refers to https://example.org/t/missing.json, which is not in the schema set",
        ),
    ]
