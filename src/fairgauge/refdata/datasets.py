"""The names of the bundled reference datasets, in a module of their own so the CLI can name them in
its help without loading any of the data."""

from __future__ import annotations

DATASETS: tuple[str, ...] = (
    "licenses",
    "access_rights",
    "pids",
    "protocols",
    "standards",
    "vocabularies",
    "resource_types",
    "formats",
)
