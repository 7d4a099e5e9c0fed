"""Hostile or odd input on the command line: a one-line error naming the real problem (exit 2), never an
internal error (exit 3) and never a misleading message (issue 14 item 16)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.cli.run import ROOT, fairgauge, fairgauge_subprocess
from tests.warcbuild import Entry, write_warc

ZENODO = str(ROOT / "examples" / "zenodo-1196821_2026-07.warc.gz")
ASSESS = ["assess", "doi:10.5281/zenodo.1196821", "--replay", ZENODO]


def _one_line_error(done: subprocess.CompletedProcess[str], message: str) -> None:
    assert done.returncode == 2, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and message in lines[0], lines
    assert "internal error" not in lines[0]


def test_malformed_profile_structure(tmp_path: Path) -> None:
    profile = tmp_path / "p.yaml"
    profile.write_text("id: p\nversion: '1'\ntitle: t\nspecification: s\nextends: fsf-0.8\nmetrics: [1, 2]\n")
    _one_line_error(fairgauge(*ASSESS, "--profile", str(profile)), "'metrics' must be a list of metrics")


def test_profile_nested_100k_deep(tmp_path: Path) -> None:
    profile = tmp_path / "deep.yaml"
    profile.write_text("[" * 100_000 + "]" * 100_000)
    _one_line_error(fairgauge(*ASSESS, "--profile", str(profile)), "nested deeper than 50 levels")


def test_config_nested_100k_deep(tmp_path: Path) -> None:
    config = tmp_path / "deep.toml"
    config.write_text("x = " + "[" * 100_000 + "]" * 100_000 + "\n")
    _one_line_error(fairgauge("--config", str(config), "settings"), "nested too deeply")


@pytest.mark.slow  # a fresh interpreter, so a regression that reads forever is cut by the timeout
def test_config_from_a_device_is_refused_not_read_forever() -> None:
    _one_line_error(fairgauge_subprocess("--config", "/dev/zero", "settings", timeout=30), "is not a regular file")


@pytest.mark.slow  # a fresh interpreter, so a regression that reads forever is cut by the timeout
def test_replay_archive_from_a_device_is_refused_not_read_forever() -> None:
    result = fairgauge_subprocess("harvest", "10.5281/zenodo.1196821", "--replay", "/dev/zero", timeout=30)
    _one_line_error(result, "/dev/zero: not a regular file")


@pytest.mark.slow  # a fresh interpreter, so a regression that reads forever is cut by the timeout
def test_tracks_document_from_a_device_is_named_as_such() -> None:
    _one_line_error(
        fairgauge_subprocess("tracks", "validate", "/dev/zero", timeout=30), "not a regular file or directory"
    )


def test_non_json_ontology_files_setting() -> None:
    done = fairgauge("settings", env={"FAIRGAUGE_TRACKS_ONTOLOGY_FILES": "[a.obo"})
    _one_line_error(done, "tracks_ontology_files: Value error, not a JSON list of paths")


def test_path_list_ontology_files_setting_is_understood() -> None:
    done = fairgauge("settings", env={"FAIRGAUGE_TRACKS_ONTOLOGY_FILES": os.pathsep.join(["a.obo", "b.owl"])})
    assert done.returncode == 0 and "'a.obo', 'b.owl'" in done.stdout, done.stderr


def test_non_utf8_identifier_with_html_output(tmp_path: Path) -> None:
    identifier = os.fsdecode(b"10.5281/zenodo.1196821\xff")
    done = fairgauge("assess", identifier, "--replay", ZENODO, "--format", "html", "-o", str(tmp_path / "r.html"))
    _one_line_error(done, "the identifier is not valid UTF-8 text (byte 0xff)")


def test_output_below_a_file_names_the_file(tmp_path: Path) -> None:
    (tmp_path / "plain").write_text("x")
    done = fairgauge(*ASSESS, "--format", "json", "-o", str(tmp_path / "plain" / "sub" / "r.json"))
    _one_line_error(done, f"{tmp_path / 'plain'} is a file, not a directory")
    assert "File exists" not in done.stderr


def test_output_that_is_a_directory(tmp_path: Path) -> None:
    _one_line_error(fairgauge(*ASSESS, "--format", "json", "-o", str(tmp_path)), "it is a directory")


@pytest.mark.parametrize("bad_uri", ["http://[x]/", "http://[::1/", "http://example.org:99999/"])
def test_warc_with_an_unparsable_uri_still_replays_the_rest(tmp_path: Path, bad_uri: str) -> None:
    archive = write_warc(
        tmp_path / "a.warc.gz",
        [Entry(bad_uri, body=b"<html></html>"), Entry("https://example.org/", body=b"<html><title>ok</title></html>")],
    )
    done = fairgauge("harvest", "https://example.org/", "--replay", str(archive), "--format", "json")
    assert done.returncode == 0, done.stderr
    assert '"landing_url": "https://example.org/"' in done.stdout
