"""Which schema validates a document: its ``@schema``, or the version chosen by option.

``@schema`` is compared with the ``$id`` and aliases of user schemas first, then with version-pinned
release URLs; the moving ``.../v1/current/...`` URL means what it serves: the ``v1/current`` branch, whose
schemas are release 1.0.2. The development schema on branch master declares the same ``$id``, so a
document written for it is told so when it fails 1.0.2 (see the validator). The choice is always reported.
Pre-1.0 draft documents are recognised and named as such.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from fairgauge.tracks.problems import Problem
from fairgauge.tracks.schemaset import Catalogue, SchemaBundle

DEFAULT_ROOT_FILE = "fairtracks.schema.json"


@dataclass(frozen=True)
class Selection:
    """The schema a document is validated against, and notes about the choice."""

    bundle: SchemaBundle
    schema_id: str
    notes: tuple[Problem, ...] = ()


def is_legacy(data: Any) -> bool:
    """Pre-1.0 FAIRtracks drafts: a ``fair_tracks`` root (often inside a list) with ``_schema``."""
    first = data[0] if isinstance(data, list) and data else data
    return isinstance(first, Mapping) and ("fair_tracks" in first or "FAIRGDataTracks" in str(first.get("_schema", "")))


def _problem(name: str, code: str, severity: str, message: str, **params: Any) -> Problem:
    return Problem(
        document=name,
        pointer="/@schema" if code != "schema.missing" else "",
        keyword="@schema",
        code=code,
        severity=severity,
        message=message,
        params=params,
    )


def select_schema(catalogue: Catalogue, name: str, data: Any, forced: str | None) -> Selection | Problem:
    """Pick the schema for one document, or say why none can be picked."""
    declared = data.get("@schema") if isinstance(data, Mapping) else None
    if forced is not None:
        return _forced(catalogue, name, declared, forced)
    if not isinstance(declared, str) or not declared:
        return _undeclared(name, data)
    notes: list[Problem] = []
    found = catalogue.pinned(declared)
    if found is None:
        found = catalogue.current_for(declared)
        if found is not None:
            bundle = found[0]
            what = "release" if bundle.status == "released" else f"the {bundle.status} schema"
            commit = f" (commit {bundle.commit[:7]})" if bundle.commit else ""
            message = (
                f"@schema is the moving 'current' URL; validated against {what} {bundle.name}{commit}; "
                "choose another with --schema-version"
            )
            notes.append(_problem(name, "schema.version_assumed", "info", message, version=found[0].name))
    if found is None:
        message = f"no known or given schema has $id {declared!r}"
        return _problem(name, "schema.unknown", "error", message, schema=declared)
    return Selection(found[0], found[1], tuple(notes) + _status_notes(name, found[0]))


def _undeclared(name: str, data: Any) -> Problem:
    if is_legacy(data):
        message = "pre-1.0 FAIRtracks draft document (fair_tracks root): not supported"
        return _problem(name, "schema.legacy", "error", message)
    return _problem(name, "schema.missing", "error", "the document has no @schema: cannot choose a schema")


def _forced(catalogue: Catalogue, name: str, declared: Any, forced: str) -> Selection | Problem:
    bundle = catalogue.version(forced)
    filename = declared.rsplit("/", 1)[-1] if isinstance(declared, str) and declared else DEFAULT_ROOT_FILE
    schema_id = bundle.by_filename(filename.rstrip("#"))
    if schema_id is None:
        return _problem(
            name,
            "schema.unknown",
            "error",
            f"FAIRtracks {bundle.name} has no schema {filename!r}",
            schema=declared,
        )
    return Selection(bundle, schema_id, _status_notes(name, bundle))


def _status_notes(name: str, bundle: SchemaBundle) -> tuple[Problem, ...]:
    if bundle.status in {"experimental", "development"}:
        return (
            _problem(
                name,
                "schema.experimental",
                "warning",
                f"FAIRtracks {bundle.name} is an unreleased {bundle.status} schema: results may change",
                version=bundle.name,
            ),
        )
    return ()
