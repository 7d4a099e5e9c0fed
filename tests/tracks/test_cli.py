"""``fairgauge tracks``: exit codes, stable JSON output, one-line errors (never a traceback)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from fairgauge.cli.main import run
from tests.tracks.conftest import EXAMPLES, FIXTURE_ONTOLOGIES, TRACKS, apply_patch, example

ONTOLOGY_ARGS = [arg for path in FIXTURE_ONTOLOGIES for arg in ("--ontology", str(path))]
V102 = str(EXAMPLES / "v1.0.2" / "fairtracks.example.json")


def fairgauge(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    monkeypatch.setattr("sys.argv", ["fairgauge", *args])
    with pytest.raises(SystemExit) as exited:
        run()
    out, err = capsys.readouterr()
    return int(exited.value.code or 0), out, err


@pytest.fixture()
def cli(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], cli_env: Path) -> Any:
    return lambda *args: fairgauge(monkeypatch, capsys, *args)


def test_valid_example_exits_0(cli: Any) -> None:
    code, out, _ = cli("tracks", "validate", V102, *ONTOLOGY_ARGS)
    assert code == 0
    assert out.splitlines()[-1] == "1 document(s), 4 track(s): 1 valid, 0 invalid, 0 indeterminate"


def test_invalid_set_exits_1_with_stable_json(cli: Any, tmp_path: Path) -> None:
    bad = apply_patch(
        example("v1.0.2/fairtracks.example.json"),
        [{"op": "replace", "path": "/tracks/1/local_id", "value": "encode:ENCFF625ZYB"}],
    )
    (tmp_path / "bad.json").write_text(json.dumps(bad))
    code, out, _ = cli("tracks", "validate", str(tmp_path / "bad.json"), *ONTOLOGY_ARGS, "--format", "json")
    assert code == 1
    report = json.loads(out)
    assert list(report) == ["format_version", "valid", "status", "documents", "problems", "summary", "sources"]
    assert report["summary"] == {
        "documents": 1,
        "valid": 0,
        "invalid": 1,
        "indeterminate": 0,
        "tracks": 4,
        "errors": 1,
        "warnings": 1,
        "infos": 1,
    }
    duplicate = next(p for p in report["problems"] if p["code"] == "key.duplicate")
    assert set(duplicate) == {
        "document",
        "pointer",
        "keyword",
        "message",
        "severity",
        "code",
        "indeterminate",
        "line",
        "column",
        "schema_location",
        "related",
        "params",
    }
    assert duplicate["related"] == [{"document": str(tmp_path / "bad.json"), "pointer": "/tracks/0/local_id"}]
    assert list(report["documents"][0]) == [
        "document",
        "schema_version",
        "status",
        "errors",
        "warnings",
        "infos",
        "tracks",
        "omitted",
        "schema",
        "valid",
    ]


def test_indeterminate_exits_4(cli: Any) -> None:
    code, out, _ = cli("tracks", "validate", V102)
    assert code == 4
    assert "ontology unavailable" in out


def test_trailing_commas_are_located_and_lenient_mode_reads_them(cli: Any) -> None:
    minimal = str(EXAMPLES / "augment-v1.0.2" / "fairtracks.minimal.example.json")
    code, out, _ = cli("tracks", "validate", minimal, "--ontology-source", "off")
    assert code == 1
    assert "(line 60, column 13)" in out and "[json.syntax]" in out
    code, out, _ = cli("tracks", "validate", minimal, "--ontology-source", "off", "--lenient-json", "--format", "json")
    codes = [p["code"] for p in json.loads(out)["problems"]]
    assert codes.count("json.trailing_comma") == 4 and "json.syntax" not in codes


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["tracks", "validate", "no/such/file.json"], "error: no such file or directory: no/such/file.json"),
        (["tracks", "validate", V102, "--schema-version", "7"], "error: unknown FAIRtracks schema version '7'"),
        (["tracks", "validate", V102, "--ontology", "no/such.obo"], "error: ontology file not found"),
        (
            ["tracks", "augment", str(EXAMPLES / "augment-v1.0.2" / "fairtracks.minimal.example.json"), "-o", "x.json"],
            "error: "
            + str(EXAMPLES / "augment-v1.0.2" / "fairtracks.minimal.example.json")
            + ": invalid JSON at line 60",
        ),
    ],
)
def test_unusable_input_exits_2_with_one_line(cli: Any, args: list[str], message: str) -> None:
    code, _, err = cli(*args)
    assert code == 2
    assert err.startswith(message)
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_broken_user_schema_exits_2(cli: Any, tmp_path: Path) -> None:
    (tmp_path / "s.json").write_text('{"$id": "https://x.org/s.json", "$ref": "elsewhere.json"}')
    code, _, err = cli("tracks", "validate", V102, "--schema", str(tmp_path / "s.json"))
    assert code == 2 and "never fetched" in err


def test_augment_writes_the_document_and_the_report(cli: Any, tmp_path: Path) -> None:
    minimal = str(EXAMPLES / "v2.0-draft" / "fairtracks.minimal.example.json")
    out, report = tmp_path / "out" / "augmented.json", tmp_path / "report.json"
    code, _, err = cli("tracks", "augment", minimal, "-o", str(out), "--report", str(report), *ONTOLOGY_ARGS)
    assert code == 0, err
    assert json.loads(out.read_text())["samples"][0]["species_name"] == "Homo sapiens"
    assert json.loads(report.read_text())["validation"]["status"] == "valid"
    assert "41 value(s) filled, 0 not; result valid" in err


def test_schemas_lists_the_bundled_releases(cli: Any) -> None:
    code, out, _ = cli("tracks", "schemas")
    assert code == 0
    assert [line.split()[:2] for line in out.splitlines()] == [
        ["1.0", "released"],
        ["1.0.1", "released"],
        ["1.0.2", "released"],
        ["dev", "development"],
        ["2.0-draft", "experimental"],
    ]


def test_index_compiles_and_lists_the_sources(cli: Any) -> None:
    code, out, _ = cli("tracks", "index", "--ontology", str(FIXTURE_ONTOLOGIES[0]))
    assert code == 0
    assert "efo-cell-lines.fixture.obo (efo)" in out and "edam-ontology" in out
    assert out.splitlines()[-1].startswith("index: ") and out.rstrip().endswith("ontology-index.sqlite")


def test_legacy_documents_are_named_as_such(cli: Any) -> None:
    code, out, _ = cli("tracks", "validate", str(TRACKS / "legacy" / "basic_example.json"), "--format", "json")
    assert code == 1
    codes = [p["code"] for p in json.loads(out)["problems"]]
    assert codes == ["json.not_object", "schema.legacy"]
