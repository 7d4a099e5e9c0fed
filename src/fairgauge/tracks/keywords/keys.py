"""Keys across the whole document set: ``unique``, ``primary_key``, ``foreign_keys``, ``index`` and
``join_keys`` (the extended JSON Schema validator family's keywords, forms in :mod:`.keyspec`).

Values are pooled per declaring place in the schema (its ``$id`` and JSON pointer), whichever document
holds them, so a track embedded in a collection document and a standalone track document share one
key space. A reference into a schema of which the set holds no instance is reported as not checkable
(warning), not as dangling: the referenced documents may simply not have been given.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, ClassVar

from fairgauge.tracks.keywords.base import CheckContext, issue
from fairgauge.tracks.keywords.keyspec import Key, KeySpec, key_of, parse_key, show
from fairgauge.tracks.problems import Problem, Related
from fairgauge.tracks.walker import Site


@dataclass(frozen=True)
class KeyOccurrence:
    site: Site
    spec: KeySpec
    key: Key


def occurrences(context: CheckContext, keyword: str) -> Iterator[KeyOccurrence]:
    for site in context.of(keyword):
        spec = parse_key(site.value)
        if spec is None:
            continue
        key = key_of(site.instance, spec.members)
        if key is not None:
            yield KeyOccurrence(site, spec, key)


def _duplicates(context: CheckContext, keyword: str) -> Iterator[Problem]:
    first: dict[tuple[Any, ...], KeyOccurrence] = {}
    for occ in occurrences(context, keyword):
        scope = occ.site.document if occ.spec.limit_scope else None
        group = (occ.site.node.location, occ.spec.name, scope, occ.key)
        original = first.setdefault(group, occ)
        if original is occ:
            continue
        where = f"{context.name(original.site)} {original.site.pointer}"
        found = issue(
            "key.duplicate",
            "error",
            f"duplicate {keyword} value {show(occ.key)}: already at {where}",
            key=list(occ.key),
            keyword=keyword,
        )
        problem = context.place(found, occ.site)
        related = Related(document=context.name(original.site), pointer=original.site.pointer)
        yield problem.model_copy(update={"related": (related,)})


class UniqueCheck:
    """``unique``: a value (or member tuple) occurs once in the whole set (or document, ``limit_scope``)."""

    id: ClassVar[str] = "unique"
    kinds: ClassVar[tuple[str, ...]] = ("unique",)
    title: ClassVar[str] = "Unique values across documents (unique)"
    codes: ClassVar[tuple[str, ...]] = ("key.duplicate",)

    def evaluate(self, context: CheckContext) -> Iterable[Problem]:
        return _duplicates(context, "unique")


class PrimaryKeyCheck:
    """``primary_key``: unique like ``unique``, and the target of ``foreign_keys``."""

    id: ClassVar[str] = "primary-key"
    kinds: ClassVar[tuple[str, ...]] = ("primary_key",)
    title: ClassVar[str] = "Primary keys (primary_key)"
    codes: ClassVar[tuple[str, ...]] = ("key.duplicate",)

    def evaluate(self, context: CheckContext) -> Iterable[Problem]:
        return _duplicates(context, "primary_key")


class _References:
    """Shared logic of ``foreign_keys`` -> ``primary_key`` and ``join_keys`` -> ``index``."""

    source: ClassVar[str]
    target: ClassVar[str]

    def evaluate(self, context: CheckContext) -> Iterable[Problem]:
        pools: dict[tuple[str, str | None], set[Key]] = defaultdict(set)
        for occ in occurrences(context, self.target):
            pools[(occ.site.node.resource, occ.spec.name)].add(occ.key)
        absent: dict[tuple[int, str], list[Site]] = defaultdict(list)
        for site in context.of(self.source):
            for ref in site.value if isinstance(site.value, list) else []:
                yield from self._one(context, site, ref, pools, absent)
        for (_, resource), sites in absent.items():
            yield self._absent(context, sites, resource)

    def _one(
        self,
        context: CheckContext,
        site: Site,
        ref: Any,
        pools: dict[Any, set[Key]],
        absent: dict[tuple[int, str], list[Site]],
    ) -> Iterator[Problem]:
        if not isinstance(ref, dict) or not isinstance(ref.get("members"), list):
            return
        key = key_of(site.instance, [str(m) for m in ref["members"]])
        if key is None:
            return
        resource, _ = context.resource(site, str(ref.get("schema_id", "")))
        name = self._name(context, site, resource, ref.get("refers_to"))
        if name is False:
            found = issue(
                "key.unknown_key",
                "error",
                f"{self.source} refers to {resource} which declares no {self.target}"
                + (f" named {ref.get('refers_to')!r}" if ref.get("refers_to") else ""),
            )
            yield context.place(found, site)
        elif (resource, name) not in pools:
            absent[(site.document, resource)].append(site)
        elif key not in pools[(resource, name)]:
            message = f"{show(key)} matches no {self.target} of {resource} in the document set"
            yield context.place(issue("key.dangling", "error", message, key=list(key), target=resource), site)

    def _name(self, context: CheckContext, site: Site, resource: str, refers_to: Any) -> str | bool | None:
        """The name of the referenced key, or False when the schema declares no such key."""
        graph = context.graphs[context.documents[site.document].bundle.name]
        specs = (parse_key(value) for node, value in graph.declarations(self.target) if node.resource == resource)
        names = {spec.name for spec in specs if spec is not None}
        if refers_to is not None:
            return str(refers_to) if str(refers_to) in names else False
        if None in names:
            return None
        return names.pop() if len(names) == 1 else False

    def _absent(self, context: CheckContext, sites: list[Site], resource: str) -> Problem:
        message = (
            f"{len(sites)} {self.source} reference(s) into {resource} not checked: the set holds no "
            f"{self.target} value of that schema"
        )
        return context.place(
            issue("key.target_absent", "warning", message, count=len(sites), target=resource), sites[0]
        )


class ForeignKeysCheck(_References):
    """``foreign_keys``: each ``{schema_id, members, refers_to}`` tuple must match a primary key."""

    id: ClassVar[str] = "foreign-keys"
    kinds: ClassVar[tuple[str, ...]] = ("foreign_keys",)
    title: ClassVar[str] = "Foreign keys (foreign_keys -> primary_key)"
    codes: ClassVar[tuple[str, ...]] = ("key.dangling", "key.target_absent", "key.unknown_key")
    source: ClassVar[str] = "foreign_keys"
    target: ClassVar[str] = "primary_key"


class JoinKeysCheck(_References):
    """``join_keys``: like ``foreign_keys``, against an ``index`` (whose values may repeat)."""

    id: ClassVar[str] = "join-keys"
    kinds: ClassVar[tuple[str, ...]] = ("join_keys", "index")
    title: ClassVar[str] = "Join keys (join_keys -> index)"
    codes: ClassVar[tuple[str, ...]] = ("key.dangling", "key.target_absent", "key.unknown_key")
    source: ClassVar[str] = "join_keys"
    target: ClassVar[str] = "index"
