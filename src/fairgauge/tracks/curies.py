"""CURIE checks (``format: curie`` with ``namespace`` and ``matchType``), offline from bioregistry.

Meaning of ``matchType``:

- ``basic`` (default): ``prefix:local_id``; the prefix (any case, any registered synonym) must be
  known and, if ``namespace`` is given, one of those namespaces; the local id must match the pattern.
- ``loose``: as ``basic``, and when ``namespace`` is given a bare local id (no prefix) is accepted if
  it matches the pattern of one of the namespaces.
- ``canonical``: as ``basic``, and the prefix must be written exactly as identifiers.org writes it
  (``taxonomy:9606``, not ``NCBITaxon:9606`` or ``Taxonomy:9606``).

Patterns are the identifiers.org (MIRIAM) patterns where bioregistry has them, bioregistry's otherwise,
with the few documented corrections in ``data/curie_overrides.json``. Importing bioregistry costs most of
a second, so the table is compiled once into the cache directory and reused.
"""

from __future__ import annotations

import importlib.metadata
import json
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Protocol

from fairgauge.model.findings import Severity
from fairgauge.model.terms import Resolution
from fairgauge.tracks.problems import Issue

MATCH_TYPES = ("basic", "loose", "canonical")


class CurieResolver(Protocol):
    """Online resolution of a CURIE (implemented in ``fairgauge.harvest``, never here)."""

    name: str

    def resolve(self, curie: str) -> Resolution: ...


@dataclass(frozen=True)
class PrefixInfo:
    prefix: str
    canonical: str
    pattern: str | None
    embedded: bool = False


def _overrides() -> dict[str, Any]:
    text = resources.files("fairgauge.tracks").joinpath("data/curie_overrides.json").read_text("utf-8")
    table: dict[str, Any] = json.loads(text)["prefixes"]
    return table


def _build_table() -> dict[str, list[Any]]:
    import bioregistry

    table: dict[str, list[Any]] = {}
    overrides = _overrides()
    for prefix, resource in sorted(bioregistry.read_registry().items()):
        miriam = resource.miriam or {}
        canonical = miriam.get("prefix") or prefix
        pattern = overrides.get(prefix, {}).get("pattern") or miriam.get("pattern") or resource.get_pattern()
        entry = [prefix, canonical, pattern, bool(resource.get_namespace_in_lui())]
        keys = [prefix, canonical, resource.get_preferred_prefix() or prefix, *(resource.synonyms or ())]
        for key in keys:
            table.setdefault(key.lower(), entry)
    return table


@dataclass
class CurieRegistry:
    """Prefix table: lower-case prefix or synonym -> registry facts."""

    table: dict[str, list[Any]]
    source: str

    @classmethod
    def load(cls, cache_dir: Path | None) -> CurieRegistry:
        version = importlib.metadata.version("bioregistry")
        source = f"bioregistry {version}"
        path = cache_dir / f"curie-registry-{version}.json" if cache_dir else None
        if path is not None and path.is_file():
            try:
                return cls(json.loads(path.read_text("utf-8")), source)
            except (OSError, ValueError):
                pass
        table = _build_table()
        if path is not None:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                tmp = path.with_suffix(".tmp")
                tmp.write_text(json.dumps(table), "utf-8")
                tmp.replace(path)
            except OSError:
                pass
        return cls(table, source)

    def lookup(self, prefix: str) -> PrefixInfo | None:
        entry = self.table.get(prefix.lower())
        return PrefixInfo(*entry) if entry else None


def _issue(code: str, severity: Severity, message: str, **params: Any) -> Issue:
    return Issue(code=code, severity=severity, message=message, params=params)


@dataclass
class CurieChecker:
    """Checks CURIE values; memoises per (value, namespaces, matchType)."""

    registry: CurieRegistry
    resolver: CurieResolver | None = None
    _memo: dict[tuple[str, tuple[str, ...], str], tuple[Issue, ...]] = field(default_factory=dict)

    def check(self, value: str, namespaces: tuple[str, ...], match: str) -> tuple[Issue, ...]:
        key = (value, namespaces, match)
        if key not in self._memo:
            self._memo[key] = tuple(self._evaluate(value, namespaces, match))
        return self._memo[key]

    def _evaluate(self, value: str, namespaces: tuple[str, ...], match: str) -> list[Issue]:
        prefix, sep, local = (part.strip() for part in value.strip().partition(":"))
        cleaned = f"{prefix}{sep}{local}"
        issues: list[Issue] = []
        if cleaned != value:
            message = f"CURIE {value!r} contains whitespace; checked as {cleaned!r}"
            issues.append(_issue("curie.whitespace", "warning", message))
        if not sep or not prefix or not local or re.search(r"\s", cleaned):
            if not sep and match == "loose" and namespaces:
                return [*issues, *self._bare(cleaned, namespaces)]
            message = f"{value!r} is not a compact identifier prefix:local_id"
            return [*issues, _issue("curie.syntax", "error", message)]
        return [*issues, *self._prefixed(prefix, local, namespaces, match)]

    def _prefixed(self, prefix: str, local: str, namespaces: tuple[str, ...], match: str) -> list[Issue]:
        info = self.registry.lookup(prefix)
        if not self._allowed(prefix, info, namespaces):
            message = f"prefix {prefix!r} is not one of the allowed namespaces ({', '.join(namespaces)})"
            return [_issue("curie.namespace", "error", message)]
        if info is not None:
            return self._registered(info, prefix, local, match)
        registry = self.registry.source
        if namespaces:
            message = f"prefix {prefix!r} is allowed by the schema but unknown to {registry}: local id not checked"
            return [_issue("curie.unregistered_prefix", "warning", message)]
        return [_issue("curie.unknown_prefix", "error", f"prefix {prefix!r} is not in {registry}")]

    def _allowed(self, prefix: str, info: PrefixInfo | None, namespaces: tuple[str, ...]) -> bool:
        if not namespaces:
            return True
        for name in namespaces:
            if name.lower() == prefix.lower():
                return True
            other = self.registry.lookup(name)
            if info is not None and other is not None and other.prefix == info.prefix:
                return True
        return False

    def _registered(self, info: PrefixInfo, prefix: str, local: str, match: str) -> list[Issue]:
        issues = []
        if match == "canonical" and prefix != info.canonical:
            issues.append(
                _issue(
                    "curie.not_canonical",
                    "error",
                    f"prefix {prefix!r} is not canonical: write {info.canonical}:{local}",
                    expected=f"{info.canonical}:{local}",
                )
            )
        if info.pattern and not _matches(info, prefix, local):
            issues.append(
                _issue(
                    "curie.pattern",
                    "error",
                    f"local id {local!r} does not match the pattern of {info.canonical} ({info.pattern})",
                    pattern=info.pattern,
                )
            )
        if not issues and self.resolver is not None:
            issues.extend(self._resolve(f"{info.canonical}:{local}"))
        return issues

    def _bare(self, local: str, namespaces: tuple[str, ...]) -> list[Issue]:
        for name in namespaces:
            info = self.registry.lookup(name)
            if info is not None and (not info.pattern or _matches(info, name, local)):
                return []
        return [_issue("curie.pattern", "error", f"{local!r} matches the pattern of none of {', '.join(namespaces)}")]

    def _resolve(self, curie: str) -> list[Issue]:
        assert self.resolver is not None
        outcome = self.resolver.resolve(curie)
        by = self.resolver.name
        if outcome == "unresolved":
            return [_issue("curie.unresolved", "error", f"{curie} does not resolve ({by})")]
        if outcome == "unknown":
            message = f"resolver unavailable: could not check that {curie} resolves ({by})"
            return [Issue(code="curie.resolution_unavailable", severity="error", indeterminate=True, message=message)]
        return []


def _matches(info: PrefixInfo, prefix: str, local: str) -> bool:
    try:
        regex = re.compile(info.pattern or "")
    except re.error:
        return True
    return bool(regex.search(local)) or (info.embedded and bool(regex.search(f"{prefix}:{local}")))
