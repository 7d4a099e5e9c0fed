"""Reading the vendored files, and the key normalisations every index shares.

All data is read through importlib.resources so it works from a wheel, a zip or a source tree; nothing
is ever written next to it.
"""

from __future__ import annotations

import json
import re
from importlib import resources
from typing import Any

import yaml

from fairgauge.errors import ReferenceDataError

_PACKAGE = "fairgauge.refdata"


def read_text(dataset: str, filename: str) -> str:
    """The text of ``data/<dataset>/<filename>``; a missing file is a packaging bug."""
    try:
        return resources.files(_PACKAGE).joinpath("data", dataset, filename).read_text(encoding="utf-8")
    except (FileNotFoundError, NotADirectoryError) as exc:
        raise ReferenceDataError(f"reference data file missing: data/{dataset}/{filename}") from exc


def read_yaml(dataset: str, filename: str) -> Any:
    """Parse a vendored YAML file with the C loader when available (several times faster)."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        return yaml.load(read_text(dataset, filename), Loader=loader)
    except yaml.YAMLError as exc:
        raise ReferenceDataError(f"invalid YAML in data/{dataset}/{filename}: {exc}") from exc


def read_json(dataset: str, filename: str) -> Any:
    try:
        return json.loads(read_text(dataset, filename))
    except json.JSONDecodeError as exc:
        raise ReferenceDataError(f"invalid JSON in data/{dataset}/{filename}: {exc}") from exc


def read_tsv(dataset: str, filename: str) -> list[list[str]]:
    """Rows of a tab-separated file; lines starting with '#' are comments."""
    text = read_text(dataset, filename)
    return [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]


def uri_key(uri: str) -> str:
    """A URI with its http(s) scheme dropped: namespaces are used with either scheme in the wild."""
    text = uri.strip()
    lowered = text[:8].lower()
    if lowered.startswith("https://"):
        return text[8:]
    if lowered.startswith("http://"):
        return text[7:]
    return text


_WORDS = re.compile(r"[^0-9a-z.+]+")


def name_key(text: str) -> str:
    """Case, punctuation and spacing differences never distinguish two names."""
    return " ".join(_WORDS.sub(" ", text.lower()).split())
