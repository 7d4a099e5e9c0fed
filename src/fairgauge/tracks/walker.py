"""Walk a document alongside its schema graph and collect the *sites* of extended keywords.

A site is one extended keyword applied at one place of one document: the evidence that the keyword
checks evaluate. Applicators are followed as JSON Schema applies them: ``properties``, items,
``allOf``, ``$ref``; ``anyOf`` / ``oneOf`` branches and ``if`` / ``then`` / ``else`` only where the
branch actually applies (decided with the compiled validator, and only when the branch carries extended
keywords). Extended keywords next to a Draft-07 ``$ref`` are honoured (FAIRtracks puts
``ontologyTermPair`` there); standard siblings are not, as Draft-07 says.

With ``absent=True`` the walk also reports augmented properties that are missing from the document
(instance ``MISSING``), which is what the augmenter fills in.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Final

from fairgauge.tracks import patterns
from fairgauge.tracks.schemagraph import AUGMENT_KEYWORDS, Node, escape


class _Missing:
    def __repr__(self) -> str:
        return "MISSING"


MISSING: Final = _Missing()


@dataclass(frozen=True, slots=True)
class Site:
    """One extended keyword at one place of one document."""

    keyword: str
    value: Any
    node: Node
    document: int
    pointer: str
    instance: Any

    @property
    def kind(self) -> str:
        """Routing key: ``format:term`` for formats, the keyword otherwise."""
        return f"format:{self.value}" if self.keyword == "format" else self.keyword

    @property
    def schema(self) -> Any:
        return self.node.schema


Validity = Callable[[Node, Any], bool]


class Walker:
    """Collects sites; ``is_valid`` decides which conditional branches apply."""

    def __init__(self, is_valid: Validity, *, absent: bool = False) -> None:
        self._is_valid = is_valid
        self._absent = absent

    def walk(self, node: Node, instance: Any, document: int, pointer: str = "") -> list[Site]:
        out: list[Site] = []
        self._walk(node, instance, document, pointer, out)
        return out

    def _walk(self, node: Node, instance: Any, doc: int, pointer: str, out: list[Site]) -> None:
        if not node.relevant:
            return
        for keyword, value in node.sites:
            out.append(Site(keyword, value, node, doc, pointer, instance))
        if node.ref is not None:
            self._walk(node.ref, instance, doc, pointer, out)
            if node.ref_only:
                return
        if isinstance(instance, dict):
            self._object(node, instance, doc, pointer, out)
        elif isinstance(instance, list):
            self._array(node, instance, doc, pointer, out)
        for sub in node.all_of:
            self._walk(sub, instance, doc, pointer, out)
        for sub in node.choices:
            if sub.relevant and self._is_valid(sub, instance):
                self._walk(sub, instance, doc, pointer, out)
        if node.condition is not None:
            self._conditional(node.condition, instance, doc, pointer, out)

    def _object(self, node: Node, instance: dict[str, Any], doc: int, pointer: str, out: list[Site]) -> None:
        for name, child in node.properties.items():
            if name in instance:
                self._walk(child, instance[name], doc, f"{pointer}/{escape(name)}", out)
            elif self._absent and child.augmented_below:
                self._walk_absent(child, doc, f"{pointer}/{escape(name)}", out)
        if node.patterns or node.additional is not None:
            for name, value in instance.items():
                if name in node.properties:
                    continue
                matched = [c for p, c in node.patterns if patterns.search(p, name, keyword="patternProperties")]
                for child in matched or ([node.additional] if node.additional is not None else []):
                    self._walk(child, value, doc, f"{pointer}/{escape(name)}", out)
        for name, child in node.dependent.items():
            if name in instance:
                self._walk(child, instance, doc, pointer, out)

    def _array(self, node: Node, instance: list[Any], doc: int, pointer: str, out: list[Site]) -> None:
        if node.items is not None:
            for index, item in enumerate(instance):
                self._walk(node.items, item, doc, f"{pointer}/{index}", out)
            return
        for index, item in enumerate(instance):
            if index < len(node.prefix_items):
                self._walk(node.prefix_items[index], item, doc, f"{pointer}/{index}", out)
            elif node.additional_items is not None:
                self._walk(node.additional_items, item, doc, f"{pointer}/{index}", out)

    def _conditional(
        self,
        condition: tuple[Node, Node | None, Node | None],
        instance: Any,
        doc: int,
        pointer: str,
        out: list[Site],
    ) -> None:
        if_node, then_node, else_node = condition
        if not any(n is not None and n.relevant for n in (if_node, then_node, else_node)):
            return
        holds = self._is_valid(if_node, instance)
        if holds:
            self._walk(if_node, instance, doc, pointer, out)
        branch = then_node if holds else else_node
        if branch is not None:
            self._walk(branch, instance, doc, pointer, out)

    def _walk_absent(self, node: Node, doc: int, pointer: str, out: list[Site]) -> None:
        for keyword, value in node.sites:
            if keyword in AUGMENT_KEYWORDS:
                out.append(Site(keyword, value, node, doc, pointer, MISSING))
        if node.ref is not None:
            self._walk_absent(node.ref, doc, pointer, out)
        for name, child in node.properties.items():
            if child.augmented_below:
                self._walk_absent(child, doc, f"{pointer}/{escape(name)}", out)
        for sub in node.all_of:
            if sub.augmented_below:
                self._walk_absent(sub, doc, pointer, out)
