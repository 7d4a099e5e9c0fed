"""Schema bundles: the bundled FAIRtracks releases and user-given schema sets, never fetched.

A bundle is a set of JSON Schemas resolved through an explicit ``referencing.Registry``: each schema is
registered under its ``$id`` and its aliases (the ``$version_url`` of a release, the file URI of a user
file). A ``$ref`` that leaves the set is an error at load time, not a download.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urldefrag, urljoin, urlparse

from jsonschema import Draft7Validator, validators
from jsonschema.exceptions import SchemaError, ValidationError
from jsonschema.protocols import Validator
from referencing import Registry, Resource
from referencing.exceptions import Unresolvable
from referencing.jsonschema import DRAFT7

from fairgauge.errors import TracksError
from fairgauge.tracks import patterns
from fairgauge.tracks.jsonload import expand_paths, load_document

Schema = Mapping[str, Any]
_SKIP_VALUES = frozenset({"enum", "const", "examples", "default"})


def join_reference(base: str, reference: str) -> str:
    """Resolve a schema reference the way the reference validator does: join only onto an absolute ``$id``.

    A schema whose ``$id`` is relative (``fk_ex/1.0``) names other schemas as given (``pk_ex/1.0``), not
    relative to itself (``fk_ex/pk_ex/1.0``); an empty reference means the declaring schema.
    """
    if not reference:
        return base
    return urljoin(base, reference) if urlparse(base).scheme else reference


def normalise_uri(uri: str) -> str:
    """Schema URIs compare without an empty fragment (``...json#`` == ``...json``)."""
    return uri[:-1] if uri.endswith("#") else uri


@dataclass
class SchemaBundle:
    """A closed set of schemas with one registry and cached compiled validators."""

    name: str
    status: str
    schemas: dict[str, dict[str, Any]]
    aliases: dict[str, str]
    commit: str | None = None
    _validators: dict[str, Validator] = field(default_factory=dict, repr=False)

    @cached_property
    def registry(self) -> Registry[Any]:
        resources_ = [
            (uri, Resource.from_contents(self.schemas[target], default_specification=DRAFT7))
            for uri, target in {**{i: i for i in self.schemas}, **self.aliases}.items()
        ]
        return Registry().with_resources(resources_).crawl()

    def canonical(self, uri: str) -> str | None:
        """The ``$id`` a URI (``$id`` or alias) stands for, if it is in this bundle."""
        uri = normalise_uri(uri)
        return uri if uri in self.schemas else self.aliases.get(uri)

    def by_filename(self, filename: str) -> str | None:
        for schema_id in self.schemas:
            if schema_id.rsplit("/", 1)[-1] == filename:
                return schema_id
        return None

    def validator(self, schema_id: str) -> Validator:
        """Compiled validator for one schema of the bundle (cached: compile once per run). User schemas
        run their regex keywords (``pattern``, ``patternProperties``, ``additionalProperties``) under a time
        budget (a catastrophic pattern is a schema error)."""
        cached = self._validators.get(schema_id)
        if cached is None:
            schema = self.schemas[schema_id]
            cls = validators.validator_for(schema, default=Draft7Validator)
            if self.status == "user":
                cls = validators.extend(cls, BUDGETED_KEYWORDS)
            cached = cls(schema, registry=self.registry, format_checker=cls.FORMAT_CHECKER)
            self._validators[schema_id] = cached
        return cached

    def location_validator(self, location: str) -> Validator:
        """Validator for a subschema named by absolute location (``uri#/pointer``), for conditionals."""
        cached = self._validators.get(location)
        if cached is None:
            root = self.validator(urldefrag(location)[0])
            cached = root.evolve(schema={"$ref": location})
            self._validators[location] = cached
        return cached

    def check_references(self) -> None:
        """Every ``$ref`` must resolve inside the bundle (fairgauge never fetches a schema)."""
        for schema_id, schema in self.schemas.items():
            for base, ref in _references(schema, schema_id):
                try:
                    self.registry.resolver(base_uri=base).lookup(ref)
                except Unresolvable as exc:
                    raise TracksError(
                        f"schema {schema_id}: $ref {ref!r} cannot be resolved within the schema set "
                        "(schemas are never fetched; give the referenced schema with --schema)"
                    ) from exc


def budgeted_pattern(validator: Validator, pattern: str, instance: Any, schema: Any) -> Iterator[ValidationError]:
    """``pattern`` under the regex time budget: user patterns may backtrack catastrophically."""
    if validator.is_type(instance, "string") and not patterns.search(pattern, instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


def budgeted_pattern_properties(
    validator: Validator, pattern_properties: Any, instance: Any, schema: Any
) -> Iterator[ValidationError]:
    """``patternProperties`` under the regex time budget: the property names are the document author's,
    the patterns the schema author's, and jsonschema's own keyword matches them with unbounded ``re``."""
    if not validator.is_type(instance, "object") or not isinstance(pattern_properties, Mapping):
        return
    for pattern, subschema in pattern_properties.items():
        for name, value in instance.items():
            if patterns.search(pattern, name, keyword="patternProperties"):
                yield from validator.descend(value, subschema, path=name, schema_path=pattern)


def budgeted_additional_properties(
    validator: Validator, additional: Any, instance: Any, schema: Any
) -> Iterator[ValidationError]:
    """``additionalProperties``: which names are "additional" depends on ``patternProperties``, so the
    same budgeted matching decides it (jsonschema's helper joins the patterns into one unbounded ``re``)."""
    if not validator.is_type(instance, "object"):
        return
    declared = schema.get("properties", {})
    pattern_map = schema.get("patternProperties", {})
    extras = [
        name
        for name in instance
        if name not in declared and not any(patterns.search(p, name, keyword="patternProperties") for p in pattern_map)
    ]
    if validator.is_type(additional, "object"):
        for extra in extras:
            yield from validator.descend(instance[extra], additional, path=extra)
    elif additional is False and extras:
        if pattern_map:
            verb = "does" if len(extras) == 1 else "do"
            joined = ", ".join(repr(e) for e in sorted(extras))
            listed = ", ".join(repr(p) for p in sorted(pattern_map))
            yield ValidationError(f"{joined} {verb} not match any of the regexes: {listed}")
        else:
            names = ", ".join(repr(e) for e in sorted(extras))
            verb = "was" if len(extras) == 1 else "were"
            yield ValidationError(f"Additional properties are not allowed ({names} {verb} unexpected)")


BUDGETED_KEYWORDS = {
    "pattern": budgeted_pattern,
    "patternProperties": budgeted_pattern_properties,
    "additionalProperties": budgeted_additional_properties,
}


def _references(node: Any, base: str) -> Iterator[tuple[str, str]]:
    if isinstance(node, dict):
        if isinstance(node.get("$id"), str):
            base = urljoin(base, node["$id"])
        if isinstance(node.get("$ref"), str):
            yield base, node["$ref"]
        for key, value in node.items():
            if key not in _SKIP_VALUES:
                yield from _references(value, base)
    elif isinstance(node, list):
        for item in node:
            yield from _references(item, base)


def _manifest() -> dict[str, Any]:
    text = resources.files("fairgauge.tracks").joinpath("schemas/index.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def load_bundled(version: Mapping[str, Any]) -> SchemaBundle:
    """One bundled release, read with importlib.resources."""
    directory = resources.files("fairgauge.tracks").joinpath("schemas").joinpath(version["directory"])
    schemas: dict[str, dict[str, Any]] = {}
    aliases: dict[str, str] = {}
    for entry in sorted(directory.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".schema.json"):
            continue
        schema = json.loads(entry.read_text("utf-8"))
        schemas[schema["$id"]] = schema
        if version.get("version_url_base"):
            aliases[version["version_url_base"] + entry.name] = schema["$id"]
    return SchemaBundle(version["name"], version["status"], schemas, aliases, version.get("commit"))


def load_user_schemas(paths: Iterable[Path]) -> SchemaBundle:
    """Schemas given with ``--schema FILE|DIR``; broken schemas are unusable input (TracksError)."""
    schemas: dict[str, dict[str, Any]] = {}
    aliases: dict[str, str] = {}
    for path in expand_paths(paths):
        schema = _read_schema(path)
        schema_id = normalise_uri(schema.get("$id") or path.resolve().as_uri())
        if schema_id in schemas:
            raise TracksError(f"two given schemas have the same $id {schema_id!r} (second: {path})")
        schemas[schema_id] = schema
        aliases[path.resolve().as_uri()] = schema_id
        if isinstance(schema.get("$version_url"), str):
            aliases[normalise_uri(schema["$version_url"])] = schema_id
    bundle = SchemaBundle("user", "user", schemas, aliases)
    bundle.check_references()
    return bundle


def _read_schema(path: Path) -> dict[str, Any]:
    try:
        loaded = load_document(path.read_bytes(), str(path))
    except OSError as exc:
        raise TracksError(f"cannot read schema {path}: {exc.strerror or exc}") from exc
    errors = [p for p in loaded.problems if p.severity == "error"]
    if errors:
        raise TracksError(f"schema {path}: {errors[0].message}")
    schema: dict[str, Any] = loaded.data
    try:
        validators.validator_for(schema, default=Draft7Validator).check_schema(schema)
    except SchemaError as exc:
        where = "/".join(str(p) for p in exc.path) or "(root)"
        raise TracksError(f"schema {path} is not a valid JSON Schema at {where}: {exc.message}") from exc
    return schema


@dataclass(frozen=True)
class Catalogue:
    """All bundles: user-given first (they win), then the bundled FAIRtracks releases."""

    user: SchemaBundle | None
    bundled: dict[str, SchemaBundle]
    current: dict[str, str]
    aliases: dict[str, str]

    def version(self, name: str) -> SchemaBundle:
        key = self.aliases.get(name, name)
        if key not in self.bundled:
            choices = ", ".join(self.bundled)
            raise TracksError(f"unknown FAIRtracks schema version {name!r} (choose from {choices})")
        return self.bundled[key]

    def pinned(self, uri: str) -> tuple[SchemaBundle, str] | None:
        """A bundle that owns ``uri`` exactly: user schemas, then version-pinned release URLs."""
        for bundle in self.all_bundles():
            target = bundle.aliases.get(normalise_uri(uri))
            if bundle is self.user and target is None:
                target = bundle.canonical(uri)
            if target is not None:
                return bundle, target
        return None

    def current_for(self, uri: str) -> tuple[SchemaBundle, str] | None:
        """Default bundle for a moving ``.../current/...`` @schema URL."""
        for prefix, name in self.current.items():
            bundle = self.bundled[name]
            if uri.startswith(prefix) and bundle.canonical(uri):
                return bundle, normalise_uri(uri)
        return None

    def all_bundles(self) -> list[SchemaBundle]:
        return ([self.user] if self.user else []) + list(self.bundled.values())


def build_catalogue(user_paths: Iterable[Path] = ()) -> Catalogue:
    """The bundled releases plus, optionally, user schemas (which are checked for dangling $refs)."""
    manifest = _manifest()
    bundled = {v["name"]: load_bundled(v) for v in manifest["versions"]}
    paths = list(user_paths)
    user = load_user_schemas(paths) if paths else None
    return Catalogue(user, bundled, manifest["current"], manifest["aliases"])
