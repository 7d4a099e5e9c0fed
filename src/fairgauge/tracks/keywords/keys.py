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
from fairgauge.tracks.keywords.declarations import declared_names
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
    """Shared logic of ``foreign_keys`` -> ``primary_key`` and ``join_keys`` -> ``index``.

    As in the reference validator, a reference without ``refers_to`` into a schema with several keys
    is checked against all of them (a match in any one is enough); with ``refers_to`` only that key.
    """

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
        pools: dict[tuple[str, str | None], set[Key]],
        absent: dict[tuple[int, str], list[Site]],
    ) -> Iterator[Problem]:
        if not isinstance(ref, dict) or not isinstance(ref.get("members"), list):
            return
        key = key_of(site.instance, [str(m) for m in ref["members"]])
        if key is None:
            return
        resource, _ = context.resource(site, str(ref.get("schema_id", "")))
        names = self._names(context, site, resource, ref.get("refers_to"))
        if isinstance(names, str):
            yield context.place(issue("key.unknown_key", "error", names, target=resource), site)
            return
        known = context.known_keys.lookup(resource, names)
        searched = [pools[(resource, n)] for n in names if (resource, n) in pools]
        if not searched and known is None:
            absent[(site.document, resource)].append(site)
        elif not any(key in pool for pool in searched) and not (known and key in known):
            message = f"{show(key)} matches no {self.target} of {resource} in the document set"
            if known is not None:
                message += " nor in the known keys"
            yield context.place(issue("key.dangling", "error", message, key=list(key), target=resource), site)

    def _names(self, context: CheckContext, site: Site, resource: str, refers_to: Any) -> list[str | None] | str:
        """The names of the keys to search, or a message saying why there are none."""
        graph = context.graphs[context.documents[site.document].bundle.name]
        if resource not in graph.roots:
            return f"{self.source} refers to {resource}, which is not in the schema set"
        names = declared_names(graph, self.target, resource)
        if refers_to is not None:
            if str(refers_to) in names:
                return [str(refers_to)]
            declared = ", ".join(sorted(repr(n) for n in names if n is not None)) or "no named key"
            return f"{self.source}: {resource} has no {self.target} named {refers_to!r} (it declares {declared})"
        if not names:
            return f"{self.source} refers to {resource}, which declares no {self.target}"
        return sorted(names, key=lambda n: n or "")

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
