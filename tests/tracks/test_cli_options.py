"""The options curators expect from a schema validator CLI (check-jsonschema is the model)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.tracks.conftest import EXAMPLES, apply_patch, example
from tests.tracks.test_cli import fairgauge

V102 = EXAMPLES / "v1.0.2"
OFF = ["--ontology-source", "off", "--schema-version", "1.0.2"]
REPO = Path(__file__).parent.parent.parent


@pytest.fixture()
def cli(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], cli_env: Path) -> Any:
    monkeypatch.delenv("NO_COLOR", raising=False)
    return lambda *args: fairgauge(monkeypatch, capsys, *args)


def test_h_is_help(cli: Any) -> None:
    code, out, _ = cli("tracks", "validate", "-h")
    assert code == 0
    assert "--separately" in out and "--known-keys" in out and "--color" in out


def test_separately_keeps_unrelated_examples_apart(cli: Any) -> None:
    code, out, _ = cli("tracks", "validate", str(V102), *OFF)
    assert code == 1 and "key.duplicate" in out  # one set: the part examples repeat the full example
    code, out, _ = cli("tracks", "validate", str(V102), *OFF, "--separately")
    assert code == 0, out
    assert out.splitlines()[-1] == "7 document(s), 5 track(s): 7 valid, 0 invalid, 0 indeterminate"


def test_yaml_documents(cli: Any, tmp_path: Path) -> None:
    (tmp_path / "doc.yaml").write_text(yaml.safe_dump(example("v1.0.2/fairtracks.example.json")))
    code, out, _ = cli("tracks", "validate", str(tmp_path / "doc.yaml"), *OFF)
    assert code == 0, out
    (tmp_path / "bomb.yml").write_text("a: &x [1]\nb: *x\n")
    code, out, _ = cli("tracks", "validate", str(tmp_path / "bomb.yml"), *OFF)
    assert code == 1 and "aliases are not accepted" in out


def _bad(tmp_path: Path) -> str:
    bad = apply_patch(
        example("v1.0.2/fairtracks.example.json"),
        [{"op": "replace", "path": "/samples/0/biospecimen_class/term_label", "value": "Cel"}],
    )
    (tmp_path / "bad.json").write_text(json.dumps(bad))
    return str(tmp_path / "bad.json")


def test_color_quiet_verbose(cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bad = _bad(tmp_path)
    code, out, _ = cli("tracks", "validate", bad, *OFF, "--color", "always")
    assert code == 1 and "\033[31merror  \033[0m" in out
    code, out, _ = cli("tracks", "validate", bad, *OFF)  # auto: not a terminal
    assert "\033[" not in out
    monkeypatch.setenv("NO_COLOR", "1")
    code, out, _ = cli("tracks", "validate", bad, *OFF, "--color", "never")
    assert "\033[" not in out
    code, quiet, _ = cli("tracks", "validate", bad, str(V102 / "fairtracks_contact.example.json"), *OFF, "-q")
    assert "  warning " not in quiet and "  info " not in quiet and "fairtracks_contact" not in quiet
    assert "  error   /samples/0/biospecimen_class/term_label" in quiet
    code, verbose, _ = cli("tracks", "validate", bad, "--ontology-source", "off", "-v")
    assert "  info    /@schema  [schema.version_assumed]" in verbose


def test_enum_errors_keep_every_allowed_value_and_json_is_structured(cli: Any, tmp_path: Path) -> None:
    bad = _bad(tmp_path)
    _, out, _ = cli("tracks", "validate", bad, *OFF, "--format", "json")
    problem = next(p for p in json.loads(out)["problems"] if p["code"] == "schema.enum")
    assert problem["params"]["found"] == "Cel"
    expected = problem["params"]["expected"]
    assert "Cell" in expected and len(expected) >= 4
    assert all(repr(value) in problem["message"] for value in expected)  # never cut at 300 characters
    assert len(problem["message"]) > 0


def test_pre_commit_hooks_run_tracks_validate() -> None:
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
    assert {h["id"]: h["entry"] for h in hooks} == {
        "fairgauge-tracks": "fairgauge tracks validate",
        "fairgauge-tracks-separately": "fairgauge tracks validate --separately",
    }
