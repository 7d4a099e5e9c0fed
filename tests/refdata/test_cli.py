"""``fairgauge refdata`` through the real command tree."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from fairgauge.cli.main import app
from fairgauge.refdata.reference import DATASETS

runner = CliRunner()


def test_overview_table() -> None:
    result = runner.invoke(app, ["refdata"])
    assert result.exit_code == 0, result.output
    for name in DATASETS:
        assert name in result.output


def test_overview_json() -> None:
    result = runner.invoke(app, ["refdata", "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert [r["name"] for r in rows] == list(DATASETS)
    assert all(r["entries"] > 0 for r in rows)


def test_show_sample_and_all() -> None:
    sample = runner.invoke(app, ["refdata", "show", "protocols", "--limit", "2", "--format", "json"])
    assert sample.exit_code == 0, sample.output
    assert len(json.loads(sample.output)) == 2
    everything = runner.invoke(app, ["refdata", "show", "protocols", "--limit", "0", "--format", "json"])
    assert {r["scheme"] for r in json.loads(everything.output)} >= {"http", "https", "ftp", "sftp"}


def test_show_unknown_dataset_fails() -> None:
    result = runner.invoke(app, ["refdata", "show", "nope"])
    assert result.exit_code == 2


@pytest.mark.parametrize(
    ("args", "key", "value"),
    [
        (["license", "CC BY 4.0"], "spdx_id", "CC-BY-4.0"),
        (["access", "info:eu-repo/semantics/openAccess"], "condition", "public"),
        (["namespace", "http://www.w3.org/ns/prov#Entity"], "prefix", "prov"),
        (["standard", "http://datacite.org/schema/kernel-4"], "id", "datacite"),
        (["standard", "Darwin Core"], "id", "darwin-core"),
        (["format", "calls.vcf.gz"], "id", "vcf"),
        (["format", "text/csv"], "id", "csv"),
        (["protocol", "sftp"], "scheme", "sftp"),
        (["pid", "https://doi.org/10.1/x"], "name", "doi"),
        (["type", "http://schema.org/Dataset"], "name", "Dataset"),
    ],
)
def test_lookups(args: list[str], key: str, value: str) -> None:
    result = runner.invoke(app, ["refdata", *args, "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)[0][key] == value


@pytest.mark.parametrize(
    "args", [["license", "All rights reserved"], ["namespace", "http://example.org/x"], ["format", "x.xyzzy"]]
)
def test_lookup_misses_exit_1(args: list[str]) -> None:
    result = runner.invoke(app, ["refdata", *args])
    assert result.exit_code == 1
