"""Reading profile YAML written by anyone: bounded in size, depth and expanded size.

YAML aliases let a 1 KB file stand for a billion nodes (each level of ``[*a, *a, ...]`` multiplies);
PyYAML builds them as shared references, so loading is cheap and the expansion happens later, when a
check's params are validated, copied or dumped during scoring. So the composed node graph is measured
before anything is built: the node count with every alias expanded must stay under a limit, and so must
the nesting depth (PyYAML composes recursively; 100,000 nested ``[`` would end in RecursionError).
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, SequenceNode

from fairgauge.errors import ProfileError

MAX_PROFILE_BYTES = 2_000_000
MAX_PROFILE_DEPTH = 50
MAX_PROFILE_NODES = 100_000  # with aliases expanded; the bundled profiles have fewer than 800


class _BoundedLoader(yaml.SafeLoader):
    """SafeLoader whose composer refuses nesting deeper than MAX_PROFILE_DEPTH."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        self._depth += 1
        try:
            if self._depth > MAX_PROFILE_DEPTH:
                raise _TooDeepError
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


class _TooDeepError(Exception):
    pass


def _expanded_size(node: Node, memo: dict[int, int]) -> int:
    """Nodes in ``node`` with every alias expanded; shared nodes are measured once (memo by identity)."""
    key = id(node)
    if key in memo:
        return memo[key]
    memo[key] = MAX_PROFILE_NODES + 1  # a node reached again while being measured is a cycle: too big
    size = 1
    if isinstance(node, SequenceNode):
        for child in node.value:
            size += _expanded_size(child, memo)
            if size > MAX_PROFILE_NODES:
                break
    elif isinstance(node, MappingNode):
        for key_node, value_node in node.value:
            size += _expanded_size(key_node, memo) + _expanded_size(value_node, memo)
            if size > MAX_PROFILE_NODES:
                break
    memo[key] = size
    return size


def load_profile_yaml(text: str, reference: str) -> Any:
    """Parse one profile document, or raise a one-line ProfileError naming the limit that was hit."""
    if len(text.encode("utf-8", "surrogatepass")) > MAX_PROFILE_BYTES:
        raise ProfileError(f"profile {reference}: larger than {MAX_PROFILE_BYTES} bytes")
    loader = _BoundedLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        if _expanded_size(node, {}) > MAX_PROFILE_NODES:
            raise ProfileError(
                f"profile {reference}: more than {MAX_PROFILE_NODES} YAML nodes once aliases are expanded "
                "(an alias bomb?)"
            )
        return loader.construct_document(node)
    except _TooDeepError as exc:
        raise ProfileError(f"profile {reference}: YAML nested deeper than {MAX_PROFILE_DEPTH} levels") from exc
    except yaml.YAMLError as exc:
        raise ProfileError(f"profile {reference}: invalid YAML: {exc}") from exc
    finally:
        loader.dispose()
