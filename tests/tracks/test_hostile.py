"""Hostile FAIRtracks input (issue 14): bounded problems and memory, bounded online fan-out, deep or
non-finite input as a one-line user error (exit 2 / HTTP 400) or an invalid-JSON problem with a pointer."""

from __future__ import annotations

import json
import tracemalloc
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from fairgauge.errors import TracksError
from fairgauge.model.terms import Lookup
from fairgauge.settings import Settings, load_settings
from fairgauge.tracks import patterns
from fairgauge.tracks.jsonload import LoadedDocument, load_document
from fairgauge.tracks.ontology.source import BudgetedSource
from fairgauge.tracks.service import build_service
from fairgauge.web.app import create_app
from tests.tracks.test_cli import fairgauge

SCHEMA = {
    "$id": "https://example.org/hostile.json",
    "type": "object",
    "properties": {"a": {"type": "array", "items": {"type": "string"}}, "m": {"maximum": 10}},
}


@pytest.fixture()
def schema(tmp_path: Path) -> Path:
    path = tmp_path / "hostile.schema.json"
    path.write_text(json.dumps(SCHEMA))
    return path


@pytest.mark.slow
def test_problems_are_capped_and_memory_stays_bounded(tracks_settings: Settings, schema: Path) -> None:
    settings = tracks_settings.model_copy(update={"tracks_max_problems_per_document": 100, "tracks_max_problems": 150})
    service = build_service(settings, schema_paths=[schema], ontology_source="off")
    documents = [LoadedDocument(f"d{i}.json", {"@schema": SCHEMA["$id"], "a": [1] * 5_000, "m": 11}) for i in range(2)]
    tracemalloc.start()
    try:
        report = service.validate(documents)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 5_000_000, f"peak {peak / 1e6:.1f} MB"  # keeping all 10,002 problems takes ~18 MB
    summary = report.to_json()["summary"]
    assert (summary["errors"], summary["invalid"]) == (10_002, 2)
    listed = [p for p in report.problems if p.code != "report.truncated"]
    assert len(listed) == 150  # 100 of d0, then the run cap leaves 50 for d1
    truncated = [p for p in report.problems if p.code == "report.truncated"]
    assert [p.message for p in truncated] == [
        "and 4,901 more of 2 kinds not listed (schema.type 4,900, schema.maximum 1)",
        "and 4,951 more of 2 kinds not listed (schema.type 4,950, schema.maximum 1)",
    ]
    assert [d["omitted"] for d in report.to_json()["documents"]] == [4_901, 4_951]


@pytest.mark.parametrize(
    ("text", "pointer", "shown"),
    [
        ('{"m": NaN}', "/m", "NaN"),
        ('{"a": [1, -Infinity]}', "/a/1", "-Infinity"),
        ('{"x": {"y": 1e999999999}}', "/x/y", "1e999999999"),
    ],
)
def test_non_finite_numbers_are_invalid_json_with_a_pointer(text: str, pointer: str, shown: str) -> None:
    loaded = load_document(text, "doc.json")
    assert loaded.data is None
    (problem,) = loaded.problems
    assert (problem.code, problem.pointer, problem.severity) == ("json.non_finite", pointer, "error")
    assert shown in problem.message


def test_nan_does_not_pass_maximum(tracks_settings: Settings, schema: Path) -> None:
    service = build_service(tracks_settings, schema_paths=[schema], ontology_source="off")
    report = service.validate([load_document('{"@schema": "https://example.org/hostile.json", "m": NaN}', "d")])
    assert report.status == "invalid"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"a": ' + "[" * 100_000 + "]" * 100_000 + "}", "nests deeper than the parser allows"),
        ('{"a": ' + "9" * 5000 + "}", "unusable number: Exceeds the limit (4300 digits)"),
    ],
    ids=["deep", "5000-digits"],
)
def test_deep_json_and_huge_integers_exit_2(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    cli_env: Path,
    tmp_path: Path,
    text: str,
    message: str,
) -> None:
    (tmp_path / "doc.json").write_text(text)
    code, out, err = fairgauge(monkeypatch, capsys, "tracks", "validate", str(tmp_path / "doc.json"))
    assert (code, out) == (2, "")
    assert message in err and err.count("\n") == 1


def test_looping_ref_chain_exits_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], cli_env: Path, tmp_path: Path
) -> None:
    schema = {
        "$id": "https://example.org/loop.json",
        "properties": {"n": {"$ref": "#/definitions/x"}},
        "definitions": {"x": {"$ref": "#/definitions/y"}, "y": {"$ref": "#/definitions/x"}},
    }
    (tmp_path / "loop.json").write_text(json.dumps(schema))
    (tmp_path / "doc.json").write_text(json.dumps({"@schema": schema["$id"], "n": 1}))
    args = ["tracks", "validate", str(tmp_path / "doc.json"), "--schema", str(tmp_path / "loop.json")]
    code, out, err = fairgauge(monkeypatch, capsys, *args, "--ontology-source", "off")
    assert (code, out) == (2, "")
    assert "$ref chain of the schema loops or is too long" in err


def test_api_answers_400_for_deep_json_and_huge_integers(tracks_settings: Settings) -> None:
    with TestClient(create_app(tracks_settings)) as client:
        deep = client.post("/api/v1/tracks/validate", content=b'{"a": ' + b"[" * 100_000 + b"]" * 100_000 + b"}")
        digits = client.post("/api/v1/tracks/validate", content=b'{"a": ' + b"9" * 5000 + b"}")
        nan = client.post("/api/v1/tracks/validate", content=b'{"m": NaN}')
    assert (deep.status_code, digits.status_code, nan.status_code) == (400, 400, 400)
    assert nan.json()["error"]["details"]["problem"]["pointer"] == "/m"


class _Counting:
    name = "counting"

    def __init__(self) -> None:
        self.calls = 0

    def term(self, iri: str, ontology: str | None) -> Lookup:
        self.calls += 1
        return Lookup("absent", reason="counted")

    by_label = by_suffix = term

    def version(self, ontology: str) -> None:
        return None


def test_online_lookups_are_deduplicated_and_capped() -> None:
    inner = _Counting()
    budget = BudgetedSource(inner, limit=3)
    answers = [budget.term(f"http://x/{i % 5}", "x") for i in range(1000)]
    assert inner.calls == 3
    assert [a.status for a in answers[:5]] == ["absent", "absent", "absent", "unknown", "unknown"]
    assert "tracks_max_online_lookups" in answers[4].reason


def test_each_validation_gets_a_fresh_budget(tmp_path: Path) -> None:
    inner = _Counting()
    settings = load_settings(cache_dir=tmp_path, tracks_max_online_lookups=2, tracks_packaged_ontologies=False)
    service = build_service(settings, ontology_source="ols", online_terms=inner)  # type: ignore[arg-type]
    first, second = service.run_terms(), service.run_terms()
    assert first is not None and second is not None
    for source in (first, second):
        for i in range(5):
            source.term(f"http://x/{i}", "x")
    assert inner.calls == 4


@pytest.mark.slow
def test_catastrophic_user_pattern_is_a_schema_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], cli_env: Path, tmp_path: Path
) -> None:
    schema = {"$id": "https://example.org/re.json", "properties": {"s": {"type": "string", "pattern": "^(a|a)+$"}}}
    (tmp_path / "re.json").write_text(json.dumps(schema))
    (tmp_path / "doc.json").write_text(json.dumps({"@schema": schema["$id"], "s": "a" * 40 + "!"}))
    (tmp_path / "ok.json").write_text(json.dumps({"@schema": schema["$id"], "s": "aaa"}))
    args = ["--schema", str(tmp_path / "re.json"), "--ontology-source", "off"]
    code, out, err = fairgauge(monkeypatch, capsys, "tracks", "validate", str(tmp_path / "doc.json"), *args)
    assert (code, out) == (2, "")
    assert "schema pattern '^(a|a)+$' took more than 1 s" in err
    code, _, _ = fairgauge(monkeypatch, capsys, "tracks", "validate", str(tmp_path / "ok.json"), *args)
    assert code == 0


RE_SCHEMA = {
    "$id": "https://example.org/re-names.json",
    "type": "object",
    "properties": {"@schema": {"type": "string"}},
    "patternProperties": {"^(a|a)+$": {"type": "integer"}, "^x-": {"type": "string"}},
    "additionalProperties": False,
}


@pytest.mark.slow
def test_catastrophic_pattern_properties_regex_is_a_schema_error(tmp_path: Path) -> None:
    """Property names are matched against ``patternProperties`` (and, for ``additionalProperties``,
    against all of them) under the same budget as ``pattern`` values (jsonschema's own keywords use an
    unbounded ``re``: this document would hang the validation)."""
    (tmp_path / "re.json").write_text(json.dumps(RE_SCHEMA))
    settings = load_settings(cache_dir=tmp_path, tracks_packaged_ontologies=False)
    service = build_service(settings, schema_paths=[tmp_path / "re.json"], ontology_source="off")
    hostile = LoadedDocument("doc.json", {"@schema": RE_SCHEMA["$id"], "a" * 40 + "!": 1})
    with pytest.raises(
        TracksError, match=r"schema patternProperties '\^\(a\|a\)\+\$' took more than 1 s on a property"
    ):
        service.validate([hostile])


@pytest.mark.slow
def test_schema_walk_matches_property_names_under_the_budget() -> None:
    """The site walk (extension keywords under ``patternProperties``) uses the same guarded search."""
    with pytest.raises(TracksError, match="took more than 1 s on a property name of 41 characters"):
        patterns.search("^(a|a)+$", "a" * 40 + "!", keyword="patternProperties")
    assert patterns.search("^x-", "x-note", keyword="patternProperties")


def test_pattern_properties_still_decide_values_and_additional_names(tmp_path: Path) -> None:
    (tmp_path / "re.json").write_text(json.dumps(RE_SCHEMA))
    settings = load_settings(cache_dir=tmp_path, tracks_packaged_ontologies=False)
    service = build_service(settings, schema_paths=[tmp_path / "re.json"], ontology_source="off")
    good = LoadedDocument("good.json", {"@schema": RE_SCHEMA["$id"], "aaa": 1, "x-note": "n"})
    assert service.validate([good]).status == "valid"
    bad = LoadedDocument("bad.json", {"@schema": RE_SCHEMA["$id"], "aaa": "one", "x-n": 2, "other": 0, "b": 1})
    problems = sorted((p.code, p.pointer, p.message) for p in service.validate([bad]).problems)
    assert problems == [
        ("schema.additionalProperties", "", "'b', 'other' do not match any of the regexes: '^(a|a)+$', '^x-'"),
        ("schema.type", "/aaa", "'one' is not of type 'integer'"),
        ("schema.type", "/x-n", "2 is not of type 'string'"),
    ]


def test_invalid_pattern_properties_regex_is_refused_with_the_schema(tmp_path: Path) -> None:
    schema = {"$id": "https://example.org/bad-re.json", "patternProperties": {"([": {}}}
    (tmp_path / "re.json").write_text(json.dumps(schema))
    settings = load_settings(cache_dir=tmp_path, tracks_packaged_ontologies=False)
    with pytest.raises(TracksError, match=r"not a valid JSON Schema at patternProperties: '\(\[' is not a 'regex'"):
        build_service(settings, schema_paths=[tmp_path / "re.json"], ontology_source="off")
