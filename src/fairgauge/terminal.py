"""Text that is safe to show in a terminal, whatever remote pages put in it.

Titles, URLs, messages and keywords come from pages anyone can write. Printed raw, an ESC sequence in a
dataset title can recolour, retitle or clear the user's terminal, a carriage return can overwrite the line
it sits on, and bidirectional overrides can make text read other than it is. Every text rendering
(harvest, assess, tracks) passes its output, or its report, through here: such characters are shown as
visible escapes (``\\x1b``) instead of being sent. Newlines and tabs stay.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:  # the CLI imports this module at start-up; pydantic is not needed for terminal_safe
    from pydantic import BaseModel

# C0 controls except tab and newline, DEL, C1 controls (0x9b is a one-byte CSI), and the bidi controls.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_M = TypeVar("_M", bound="BaseModel")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal_safe(text: str) -> str:
    """``text`` with every control and bidi-override character replaced by a visible escape."""
    return _UNSAFE.sub(_escape, text)


def _scrub(value: Any) -> Any:
    if isinstance(value, str):
        return terminal_safe(value)
    if isinstance(value, dict):
        return {_scrub(k): _scrub(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(_scrub(v) for v in value)
    return value


def terminal_safe_model(model: _M) -> _M:
    """A copy of ``model`` whose every string is :func:`terminal_safe` (for renderers that add colour)."""
    return type(model).model_validate(_scrub(model.model_dump(mode="python", by_alias=True)))
