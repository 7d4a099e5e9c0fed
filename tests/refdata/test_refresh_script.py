"""The maintainer's refresh script: its pure transforms, and that the vendored derived files match them."""

from __future__ import annotations

import csv
import importlib.metadata
import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

from fairgauge.refdata._vendored import read_text, read_yaml

ROOT = Path(__file__).resolve().parents[2]
SCHEMAORG_CSV = ROOT.parent / "shared" / "contexts" / "schemaorg" / "schemaorg-current-https-types.csv"


@pytest.fixture(scope="module")
def script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("refresh_refdata", ROOT / "scripts" / "refresh_refdata.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_spdx_see_also(script: ModuleType) -> None:
    doc = {
        "licenseListVersion": "3.99",
        "licenses": [
            {"licenseId": "MIT", "seeAlso": ["https://opensource.org/license/mit/", " "]},
            {"licenseId": "Nothing", "seeAlso": []},
        ],
    }
    assert script.spdx_see_also(doc) == {"MIT": ["https://opensource.org/license/mit/"]}


def test_bioregistry_rows_give_shared_prefixes_to_the_resource_that_prefers_them(script: ModuleType) -> None:
    rows = list(
        script.bioregistry_rows(
            [
                ("aaa", "A", ["https://a.org/id/"], ["https://b.org/term/", "https://osf.io/"]),
                (
                    "bbb",
                    "B  name",
                    ["https://b.org/term/"],
                    ["http://b.org/term/", "https://bioregistry.io/bbb:"],
                ),
            ]
        )
    )
    assert rows == [["aaa", "A", "https://a.org/id/"], ["bbb", "B name", "https://b.org/term/"]]


def test_schemaorg_rows_skip_enumeration_members(script: ModuleType) -> None:
    records = [
        {
            "label": "Dataset",
            "subTypeOf": "https://schema.org/CreativeWork",
            "enumerationtype": "",
            "isPartOf": "",
        },
        {
            "label": "Abdomen",
            "subTypeOf": "",
            "enumerationtype": "https://schema.org/PhysicalExam",
            "isPartOf": "",
        },
        {
            "label": "Gene",
            "subTypeOf": "https://schema.org/BioChemEntity",
            "enumerationtype": "",
            "isPartOf": "https://pending.schema.org",
        },
    ]
    assert list(script.schemaorg_rows(records)) == [
        ["Dataset", "CreativeWork", ""],
        ["Gene", "BioChemEntity", "pending"],
    ]


@pytest.mark.skipif(not SCHEMAORG_CSV.exists(), reason="shared schema.org CSV not beside the checkout")
def test_vendored_schemaorg_types_match_the_shared_release(script: ModuleType) -> None:
    with SCHEMAORG_CSV.open(encoding="utf-8", newline="") as handle:
        expected = sorted(script.schemaorg_rows(csv.DictReader(handle)))
    vendored = [line.split("\t") for line in read_text("resource_types", "schemaorg_types.tsv").splitlines()[1:]]
    assert vendored == expected


def test_vendored_bioregistry_index_matches_the_installed_package(script: ModuleType) -> None:
    recorded = read_yaml("vocabularies", "source.yaml")["bioregistry_version"]
    if importlib.metadata.version("bioregistry") != recorded:
        pytest.skip(f"installed bioregistry differs from the vendored snapshot ({recorded}): run the script")
    import bioregistry

    resources = []
    for prefix, resource in bioregistry.read_registry().items():
        if resource.is_deprecated():
            continue
        preferred = [p for p in (resource.get_uri_prefix(), resource.get_rdf_uri_prefix()) if p]
        resources.append((prefix, resource.get_name() or prefix, preferred, sorted(resource.get_uri_prefixes() or ())))
    expected = ["\t".join(row) for row in script.bioregistry_rows(resources)]
    vendored = read_text("vocabularies", "bioregistry.tsv").splitlines()[1:]
    assert vendored == expected
