"""Reading profile YAML written by anyone: bounded in size, depth and expanded size.

YAML aliases let a 1 KB file stand for a billion nodes (each level of ``[*a, *a, ...]`` multiplies);
PyYAML builds them as shared references, so loading is cheap and the expansion happens later, when a
check's params are validated, copied or dumped during scoring. So the document is measured
before anything is built, from the parser's event stream: the node count with every alias expanded must
stay under a limit, and so must the nesting depth (PyYAML composes recursively; 100,000 nested ``[`` would
end in RecursionError), and an alias may not refer to its own enclosing node (a cycle).
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    CollectionStartEvent,
    ScalarEvent,
)

from fairgauge.errors import ProfileError

MAX_PROFILE_BYTES = 2_000_000
MAX_PROFILE_DEPTH = 50
MAX_PROFILE_NODES = 100_000  # with aliases expanded; the bundled profiles have fewer than 800
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: ~10x faster, and its parser does not recurse


def _check_shape(events: Any, reference: str) -> None:
    """Walk the parser's events (no document is built): depth, expanded node count, cyclic aliases."""
    stack: list[list[Any]] = [[None, 0]]  # [anchor, expanded nodes so far]
    sizes: dict[str, int] = {}
    for event in events:
        added = 0
        if isinstance(event, CollectionStartEvent):
            stack.append([event.anchor, 1])
            if len(stack) - 1 > MAX_PROFILE_DEPTH:
                raise ProfileError(f"profile {reference}: YAML nested deeper than {MAX_PROFILE_DEPTH} levels")
            continue
        if isinstance(event, CollectionEndEvent):
            anchor, added = stack.pop()
            if anchor:
                sizes[anchor] = added
        elif isinstance(event, ScalarEvent):
            added = 1
            if event.anchor:
                sizes[event.anchor] = 1
        elif isinstance(event, AliasEvent):
            if event.anchor not in sizes and any(frame[0] == event.anchor for frame in stack):
                raise ProfileError(f"profile {reference}: YAML alias *{event.anchor} refers to itself (a cycle)")
            added = sizes.get(event.anchor or "", 1)  # an undefined alias is reported by the loader
        stack[-1][1] += added
        if stack[-1][1] > MAX_PROFILE_NODES:
            raise ProfileError(
                f"profile {reference}: more than {MAX_PROFILE_NODES} YAML nodes once aliases are expanded "
                "(an alias bomb?)"
            )


def load_profile_yaml(text: str, reference: str) -> Any:
    """Parse one profile document, or raise a one-line ProfileError naming the limit that was hit."""
    if len(text.encode("utf-8", "surrogatepass")) > MAX_PROFILE_BYTES:
        raise ProfileError(f"profile {reference}: larger than {MAX_PROFILE_BYTES} bytes")
    try:
        _check_shape(yaml.parse(text, Loader=_LOADER), reference)
        return yaml.load(text, Loader=_LOADER)
    except yaml.YAMLError as exc:
        if "nesting depth" in str(exc):  # libyaml's own limit (1,000) can come first while scanning ahead
            raise ProfileError(f"profile {reference}: YAML nested deeper than {MAX_PROFILE_DEPTH} levels") from exc
        raise ProfileError(f"profile {reference}: invalid YAML: {' '.join(str(exc).split())}") from exc
