"""Key declarations in user schemas: malformed ones are refused (exit 2, pointer into the schema), as the
reference validator refuses them; keys from outside the set come in with ``--known-keys``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from fairgauge.errors import TracksError
from fairgauge.settings import Settings
from fairgauge.tracks.jsonload import read_documents
from fairgauge.tracks.keywords.declarations import declaration_errors
from fairgauge.tracks.keywords.known import load_known_keys
from fairgauge.tracks.schemagraph import SchemaGraph
from fairgauge.tracks.schemaset import build_catalogue
from fairgauge.tracks.service import build_service
from tests.tracks.conftest import TRACKS
from tests.tracks.test_cli import fairgauge

SCHEMA_ID = "https://example.org/m.json"
MALFORMED = {
    "unique-string": ({"properties": {"id": {"type": "string", "unique": "yes"}}}, "#/properties/id/unique", "'yes'"),
    "unique-number": ({"unique": 18}, "#/unique", "18"),
    "members-not-array": ({"primary_key": {"members": "id"}}, "#/primary_key", "'members'"),
    "unknown-refers-to": (
        {"primary_key": ["id"], "foreign_keys": [{"schema_id": SCHEMA_ID, "members": ["id"], "refers_to": "nope"}]},
        "#/foreign_keys/0/refers_to",
        "'nope'",
    ),
    "foreign-keys-not-array": ({"foreign_keys": {"members": ["id"]}}, "#/foreign_keys", "array"),
    "fk-members-missing": ({"foreign_keys": [{"schema_id": SCHEMA_ID}]}, "#/foreign_keys/0/members", "members"),
}


def _schema(extra: dict[str, Any]) -> dict[str, Any]:
    base: dict[str, Any] = {"$id": SCHEMA_ID, "type": "object", "properties": {"id": {"type": "string"}}}
    return {**base, **extra, "properties": {**base["properties"], **extra.get("properties", {})}}


@pytest.mark.parametrize("case", MALFORMED, ids=list(MALFORMED))
def test_malformed_declaration_is_refused_with_a_pointer(tracks_settings: Settings, tmp_path: Path, case: str) -> None:
    extra, pointer, shown = MALFORMED[case]
    (tmp_path / "m.json").write_text(json.dumps(_schema(extra)))
    with pytest.raises(TracksError) as refused:
        build_service(tracks_settings, schema_paths=[tmp_path / "m.json"], ontology_source="off")
    message = str(refused.value)
    assert f"{SCHEMA_ID}{pointer}" in message
    assert shown in message


def test_malformed_declaration_exits_2_in_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], cli_env: Path, tmp_path: Path
) -> None:
    (tmp_path / "m.json").write_text(json.dumps(_schema({"unique": 18})))
    (tmp_path / "d.json").write_text(json.dumps({"@schema": SCHEMA_ID, "id": "a"}))
    code, out, err = fairgauge(
        monkeypatch, capsys, "tracks", "validate", str(tmp_path / "d.json"), "--schema", str(tmp_path / "m.json")
    )
    assert code == 2
    assert out == ""
    assert err.strip().count("\n") == 0
    assert f"{SCHEMA_ID}#/unique" in err


def test_bundled_releases_declare_their_keys_well() -> None:
    catalogue = build_catalogue()
    for bundle in catalogue.bundled.values():
        assert declaration_errors(SchemaGraph(bundle)) == [], bundle.name


RELATIVE = TRACKS / "keysets" / "relative-ids"


def test_known_keys_satisfy_references_of_a_new_batch(tracks_settings: Settings, tmp_path: Path) -> None:
    """f1 references pk 'a' (foreign_keys) and 'b' (foreignProperty) from a batch validated earlier."""
    service = build_service(tracks_settings, schema_paths=[RELATIVE / "schemas"], ontology_source="off")
    batch = read_documents([RELATIVE / "good" / "f1.json"])
    alone = service.validate(batch)
    assert sorted(p.code for p in alone.problems) == ["key.target_absent", "key.target_absent"]
    (tmp_path / "known.yaml").write_text("pk_ex/1.0: [a]\npk_ex/1.0#id: [a, b]\n")
    report = service.validate(batch, known_keys=load_known_keys(tmp_path / "known.yaml"))
    assert [p.code for p in report.problems] == []
    (tmp_path / "wrong.json").write_text(json.dumps({"primary_key": {"inline_provider": {"pk_ex/1.0": ["x"]}}}))
    report = service.validate(batch, known_keys=load_known_keys(tmp_path / "wrong.json"))
    dangling = [p for p in report.problems if p.code == "key.dangling"]
    assert [(p.keyword, "known keys" in p.message) for p in dangling] == [("foreign_keys", True)]


def test_known_keys_on_the_command_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], cli_env: Path, tmp_path: Path
) -> None:
    (tmp_path / "known.json").write_text(json.dumps({"pk_ex/1.0": ["a"], "pk_ex/1.0#id": ["b"]}))
    args = ["tracks", "validate", str(RELATIVE / "good" / "f1.json"), "--schema", str(RELATIVE / "schemas")]
    code, out, _ = fairgauge(monkeypatch, capsys, *args, "--known-keys", str(tmp_path / "known.json"))
    assert code == 0, out
    (tmp_path / "bad.yaml").write_text("- not a mapping\n")
    code, out, err = fairgauge(monkeypatch, capsys, *args, "--known-keys", str(tmp_path / "bad.yaml"))
    assert code == 2
    assert "expected a mapping of schema id" in err
