"""``foreignProperty`` (with its marker ``format: foreign_ref``): a value that must equal a property of
an instance of another schema, e.g. ``fairtracks_experiment.schema.json#local_id``.

The reference is resolved against the declaring schema (relative or absolute, ``$id`` or version URL);
the fragment is a slash-separated path from the root of the referenced schema's instances. Instances
are every place in the set where that schema applies: standalone documents and objects embedded in
larger documents alike.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any, ClassVar

from fairgauge.tracks.keywords.base import CheckContext, issue
from fairgauge.tracks.keywords.keyspec import canonical
from fairgauge.tracks.problems import Problem
from fairgauge.tracks.walker import Site


def values_at(instance: Any, path: list[str]) -> Iterator[Any]:
    """Values at a property path; arrays on the way fan out."""
    if not path:
        if isinstance(instance, list):
            yield from instance
        else:
            yield instance
        return
    if isinstance(instance, list):
        for item in instance:
            yield from values_at(item, path)
    elif isinstance(instance, dict) and path[0] in instance:
        yield from values_at(instance[path[0]], path[1:])


class ForeignPropertyCheck:
    """A ``foreignProperty`` value must occur at the referenced property of some instance in the set."""

    id: ClassVar[str] = "foreign-property"
    kinds: ClassVar[tuple[str, ...]] = ("foreignProperty", "format:foreign_ref", "$root")
    title: ClassVar[str] = "References to properties of other documents (foreignProperty)"
    codes: ClassVar[tuple[str, ...]] = ("key.dangling", "key.target_absent", "key.unknown_key")

    def evaluate(self, context: CheckContext) -> Iterable[Problem]:
        roots: dict[str, list[Site]] = defaultdict(list)
        for root in context.of("$root"):
            roots[root.node.resource].append(root)
        pools: dict[tuple[str, str], set[Any]] = {}
        absent: dict[tuple[int, str], list[Site]] = defaultdict(list)
        for site in context.of("foreignProperty"):
            if not isinstance(site.value, str) or isinstance(site.instance, dict | list):
                continue
            resource, fragment = context.resource(site, site.value)
            if resource not in context.graphs[context.documents[site.document].bundle.name].roots:
                message = f"foreignProperty {site.value!r} names a schema that is not in the schema set"
                yield context.place(issue("key.unknown_key", "error", message, target=resource), site)
                continue
            known = context.known_keys.lookup(f"{resource}#{fragment}")
            if not roots.get(resource) and known is None:
                absent[(site.document, f"{resource}#{fragment}")].append(site)
                continue
            pool = pools.get((resource, fragment))
            if pool is None:
                path = [p for p in fragment.split("/") if p]
                pool = {canonical(v) for r in roots.get(resource, []) for v in values_at(r.instance, path)}
                pool |= {k[0] for k in known or ()}
                pools[(resource, fragment)] = pool
            if canonical(site.instance) not in pool:
                yield self._dangling(context, site, resource, fragment, roots.get(resource, []), known is not None)
        for (_, target), sites in absent.items():
            message = f"{len(sites)} reference(s) to {target} not checked: the set holds no instance of that schema"
            yield context.place(
                issue("key.target_absent", "warning", message, count=len(sites), target=target), sites[0]
            )

    def _dangling(
        self, context: CheckContext, site: Site, resource: str, fragment: str, roots: list[Site], known: bool
    ) -> Problem:
        names = sorted({context.name(r) for r in roots})
        shown = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
        shown = " and ".join(x for x in (shown, "the known keys" if known else "") if x)
        schema = resource.rsplit("/", 1)[-1]
        message = f"{site.instance!r} matches no {fragment} of any {schema} instance (in {shown})"
        return context.place(
            issue("key.dangling", "error", message, target=f"{resource}#{fragment}", searched=names), site
        )
