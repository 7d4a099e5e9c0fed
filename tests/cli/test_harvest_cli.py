"""``fairgauge harvest``: the JSON contract, the text summary and one-line errors for unusable input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.run import fairgauge
from tests.conftest import FIXTURES

ZENODO = str(FIXTURES / "warc" / "zenodo-1196821_2026-07.warc.gz")


def test_json_output_holds_the_documented_fields(tmp_path: Path) -> None:
    out = tmp_path / "h.json"
    done = fairgauge("harvest", "doi:10.5281/zenodo.1196821", "--replay", ZENODO, "--format", "json", "-o", str(out))
    assert done.returncode == 0, done.stderr
    data = json.loads(out.read_text())
    assert data["identifier"] == {
        "input": "doi:10.5281/zenodo.1196821",
        "normalized": "10.5281/zenodo.1196821",
        "scheme": "doi",
        "is_persistent": True,
        "is_unique": True,
        "resolvable_url": "https://doi.org/10.5281/zenodo.1196821",
        "https_assumed": False,
    }
    assert data["reachability"] == {"status": "assessed", "reason": None}
    assert data["landing_url"] == "https://zenodo.org/records/1196821"
    exchange = data["exchanges"][0]
    for key in ("request_url", "accept", "final_url", "redirects", "status", "headers", "size", "elapsed_ms"):
        assert key in exchange
    link = data["signposting"][0]
    assert {"rel", "href", "source"} <= set(link) and link["source"] in {"header", "html", "linkset"}
    assert sum(1 for item in data["signposting"] if item["rel"] == "describedby" and item["source"] == "header") == 15
    assert isinstance(data["warnings"], list) and isinstance(data["conflicts"], list)
    record = next(r for r in data["records"] if r["method"] == "json_in_html")
    assert {"method", "url", "format", "schema", "namespaces", "fields"} <= set(record)
    assert record["fields"]["titles"][0].startswith("PsPM-SC4B")
    title = data["metadata"]["titles"][0]
    assert title["sources"][0]["method"] in {"json_in_html", "datacite_api", "meta_tag", "opengraph"}


def test_text_output_is_a_readable_summary() -> None:
    done = fairgauge("harvest", "10.5281/zenodo.1196821", "--replay", ZENODO)
    assert done.returncode == 0, done.stderr
    assert "Landing page https://zenodo.org/records/1196821" in done.stdout
    assert "Merged metadata" in done.stdout and "json_in_html" in done.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["harvest", ""], "identifier is empty"),
        (["harvest", "  "], "identifier is empty"),
        (["harvest", "10.1/x", "--replay", "/nonexistent/file.warc.gz"], "archive not found"),
        (["harvest", "10.1/x", "--metadata-service-endpoint", "https://x.org/oai"], "must be given together"),
        (
            ["harvest", "10.1/x", "--metadata-service-endpoint", "ftp://x", "--metadata-service-type", "oai_pmh"],
            "must be an http(s) URL",
        ),
    ],
)
def test_unusable_input_gives_one_line_error(args: list[str], message: str) -> None:
    done = fairgauge(*args)
    assert done.returncode == 2
    assert message in done.stderr
    assert "Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) == 1


def test_bad_option_value_is_rejected_without_traceback() -> None:
    done = fairgauge("harvest", "10.1/x", "--format", "yaml")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "yaml" in done.stderr


def test_corrupt_archive_is_named_in_the_error(tmp_path: Path) -> None:
    bad = tmp_path / "broken.warc.gz"
    bad.write_bytes(b"\x1f\x8b garbage")
    done = fairgauge("harvest", "10.1/x", "--replay", str(bad))
    assert done.returncode == 2 and "broken.warc.gz" in done.stderr and "Traceback" not in done.stderr


def test_harvest_runs_even_when_little_is_found() -> None:
    """A URN without a resolver is an identifier, just one with nothing to fetch: every step is skipped."""
    done = fairgauge("harvest", "urn:isbn:9780306406157", "--replay", ZENODO, "--format", "json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["identifier"]["scheme"] == "urn" and data["records"] == []
    assert data["outcomes"][0] == {
        "step": "landing_page",
        "detail": None,
        "ran": False,
        "status": "skipped",
        "message": "a urn identifier has no resolvable URL",
        "exchange_ids": [],
    }
    assert {o["status"] for o in data["outcomes"]} == {"skipped"}
    assert data["reachability"] == {"status": "assessed", "reason": None}
