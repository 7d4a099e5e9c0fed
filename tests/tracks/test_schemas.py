"""Bundled schema releases, schema choice by @schema / option, and user schema sets."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fairgauge.errors import TracksError
from fairgauge.tracks.problems import Problem
from fairgauge.tracks.schemaset import build_catalogue, load_user_schemas
from fairgauge.tracks.selection import Selection, select_schema
from tests.tracks.conftest import TRACKS, example, load_json

V1 = "https://raw.githubusercontent.com/fairtracks/fairtracks_standard/v1/"
V2 = "https://raw.githubusercontent.com/fairtracks/fairtracks_standard/v2/"
PACKAGE_SCHEMAS = Path(__file__).parents[2] / "src" / "fairgauge" / "tracks" / "schemas"


def test_every_bundled_release_is_complete_and_resolves_offline() -> None:
    catalogue = build_catalogue()
    assert list(catalogue.bundled) == ["1.0", "1.0.1", "1.0.2", "dev", "2.0-draft"]
    for bundle in catalogue.bundled.values():
        assert len(bundle.schemas) == 7
        bundle.check_references()
        for schema_id in bundle.schemas:
            bundle.validator(schema_id)  # compiles
    assert (PACKAGE_SCHEMAS / "PROVENANCE.md").read_text().count("CC-BY-4.0") >= 1


@pytest.mark.parametrize(
    ("schema_url", "forced", "version", "codes"),
    [
        (
            V1 + "current/json/schema/fairtracks.schema.json",
            None,
            "dev",
            ["schema.version_assumed", "schema.experimental"],
        ),
        (
            V1 + "current/json/schema/fairtracks_track.schema.json#",
            None,
            "dev",
            ["schema.version_assumed", "schema.experimental"],
        ),
        (V1 + "1.0.1/json/schema/fairtracks.schema.json", None, "1.0.1", []),
        (V1 + "1.0/json/schema/fairtracks_sample.schema.json", None, "1.0", []),
        (
            V2 + "current/json/schema/fairtracks.schema.json",
            None,
            "2.0-draft",
            ["schema.version_assumed", "schema.experimental"],
        ),
        (V1 + "current/json/schema/fairtracks.schema.json", "dev", "dev", ["schema.experimental"]),
        (V1 + "current/json/schema/fairtracks.schema.json", "v1.0", "1.0", []),
    ],
)
def test_schema_choice(schema_url: str, forced: str | None, version: str, codes: list[str]) -> None:
    chosen = select_schema(build_catalogue(), "doc", {"@schema": schema_url}, forced)
    assert isinstance(chosen, Selection)
    assert chosen.bundle.name == version
    assert chosen.schema_id.endswith(schema_url.rstrip("#").rsplit("/", 1)[-1])
    assert [n.code for n in chosen.notes] == codes


@pytest.mark.parametrize(
    ("document", "code"),
    [
        ({"tracks": []}, "schema.missing"),
        ({"@schema": "https://example.org/other.schema.json"}, "schema.unknown"),
        ({"@schema": V1 + "9.9/json/schema/fairtracks.schema.json"}, "schema.unknown"),
        (load_json(TRACKS / "legacy" / "basic_example.json")[0], "schema.legacy"),
    ],
)
def test_documents_without_a_usable_schema(document: dict[str, object], code: str) -> None:
    chosen = select_schema(build_catalogue(), "doc", document, None)
    assert isinstance(chosen, Problem)
    assert (chosen.code, chosen.severity) == (code, "error")


def test_unknown_forced_version_is_refused() -> None:
    with pytest.raises(TracksError, match=r"unknown FAIRtracks schema version '3\.0'"):
        select_schema(build_catalogue(), "doc", example("v1.0.2/fairtracks.example.json"), "3.0")


def _write(directory: Path, name: str, schema: object | str) -> Path:
    path = directory / name
    path.write_text(schema if isinstance(schema, str) else json.dumps(schema))
    return path


def test_user_schemas_are_found_by_id_and_version_url(tmp_path: Path) -> None:
    _write(
        tmp_path,
        "a.json",
        {
            "$id": "https://x.org/a.json",
            "$version_url": "https://x.org/1/a.json",
            "properties": {"b": {"$ref": "b.json"}},
        },
    )
    _write(tmp_path, "b.json", {"$id": "https://x.org/b.json", "type": "string"})
    bundle = load_user_schemas([tmp_path])
    assert bundle.canonical("https://x.org/1/a.json") == "https://x.org/a.json"
    assert not bundle.validator("https://x.org/a.json").is_valid({"b": 3})


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({"a.json": '{"$id": "https://x.org/a.json",}'}, "line 1, column 32"),
        ({"a.json": {"$id": "https://x.org/a.json", "type": 12}}, "not a valid JSON Schema at type"),
        ({"a.json": {"$id": "https://x.org/a.json", "$ref": "missing.json"}}, "cannot be resolved within"),
        ({"a.json": {"$id": "https://x.org/a.json"}, "b.json": {"$id": "https://x.org/a.json"}}, "same \\$id"),
    ],
)
def test_broken_user_schemas_are_unusable_input(tmp_path: Path, files: dict[str, object], message: str) -> None:
    for name, content in files.items():
        _write(tmp_path, name, content)  # type: ignore[arg-type]
    with pytest.raises(TracksError, match=message):
        load_user_schemas([tmp_path])
