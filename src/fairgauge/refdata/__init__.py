"""Bundled reference data (contexts, licences, vocabularies, formats, ...) and the pure loaders that read it.

Pure and offline: everything is read from files vendored in ``data/`` (see README.md there); nothing is
downloaded or written at run time. Build one ``ReferenceData`` with ``load_reference_data()`` and inject
it. Names are imported lazily so that importing a sibling module (e.g. the JSON-LD contexts) stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fairgauge.refdata.reference import ReferenceData, load_reference_data

__all__ = ["ReferenceData", "load_reference_data"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from fairgauge.refdata import reference

        return getattr(reference, name)
    raise AttributeError(f"module 'fairgauge.refdata' has no attribute {name!r}")
