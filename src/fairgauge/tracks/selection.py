"""Which schema validates a document: its ``@schema``, or the version chosen by option.

``@schema`` is compared with the ``$id`` and aliases of user schemas first, then with version-pinned
release URLs. The moving ``.../v1/current/...`` URL, which names no version, means the development schema
(branch master, which declares the same ``$id``), as the FAIRtracks documents written today expect. The
``v1/current`` branch itself serves release 1.0.2, and documents written for it (the official v1.0.2
examples) name the same URL: a document that fails the development schema but is valid against the newest
release sharing the ``$id`` is validated against that release, with a note saying so
(:func:`release_fallback`). The choice is always reported. Pre-1.0 draft documents are recognised and
named as such.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from fairgauge.model.findings import Severity
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


def _problem(name: str, code: str, severity: Severity, message: str, **params: Any) -> Problem:
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
            if bundle.status != "released":
                message += " (a document that fails it but fits the newest release with the same $id is "
                message += "validated against that release)"
            notes.append(_problem(name, "schema.version_assumed", "info", message, version=found[0].name))
    if found is None:
        message = f"no known or given schema has $id {declared!r}"
        return _problem(name, "schema.unknown", "error", message, schema=declared)
    return Selection(found[0], found[1], tuple(notes) + _status_notes(name, found[0]))


def is_moving(selection: Selection) -> bool:
    """The document names a moving 'current' URL (no version) and no version was forced."""
    return any(note.code == "schema.version_assumed" for note in selection.notes)


def release_fallback(catalogue: Catalogue, name: str, selection: Selection, data: Any) -> Selection | None:
    """The newest release sharing the ``$id`` when an unpinned document fails the unreleased default but fits it.

    The moving ``v1/current`` URL is named both by documents written for the development schema and by
    documents written for release 1.0.2 (which the ``v1/current`` branch serves). Only the newest release
    is tried: it is what the moving URL served last. ``None`` when this does not apply or the release
    does not fit either (the caller then reports the default schema's errors).
    """
    if not is_moving(selection) or selection.bundle.status == "released":
        return None
    releases = [b for b in catalogue.bundled.values() if b.status == "released" and selection.schema_id in b.schemas]
    if not releases:
        return None
    release = releases[-1]
    if not release.validator(selection.schema_id).is_valid(data):
        return None
    default = selection.bundle
    commit = f" (commit {release.commit[:7]})" if release.commit else ""
    message = (
        f"@schema is the moving 'current' URL; the document fails the {default.status} schema {default.name} "
        f"but is valid against release {release.name}{commit}, the newest release with the same $id, so it "
        f"was validated against release {release.name}; choose another with --schema-version"
    )
    note = _problem(name, "schema.release_fallback", "info", message, version=release.name, default=default.name)
    return Selection(release, selection.schema_id, (note,))


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
