"""Reading FAIRtracks documents: strict JSON with line and column on errors, nothing lost.

A syntax error is a problem of the document (with line and column), not an exception: the other
documents of the set are still validated. Lenient mode tolerates one common upstream mistake, trailing
commas (the published fairtracks_augment v1.0.2 minimal example has them), and reports each one as a
warning so the fix is visible. Duplicate keys are reported because JSON parsers silently keep the last.
"""

from __future__ import annotations

import json
import math
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fairgauge.errors import InputError
from fairgauge.tracks.pointers import escape
from fairgauge.tracks.problems import Problem

DOCUMENT_SUFFIXES = (".json", ".yaml", ".yml")
_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|,(?=\s*[}\]])', re.DOTALL)


@dataclass(frozen=True)
class LoadedDocument:
    """One input document: its parsed data (None if unusable) and the problems met while reading it."""

    name: str
    data: Any
    problems: tuple[Problem, ...] = field(default=())

    @property
    def usable(self) -> bool:
        return self.data is not None


def line_column(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _syntax_problem(name: str, message: str, line: int, column: int) -> Problem:
    return Problem(
        document=name,
        keyword="json",
        code="json.syntax",
        severity="error",
        message=f"invalid JSON at line {line}, column {column}: {message}",
        line=line,
        column=column,
    )


def _pairs_hook(duplicates: list[str]) -> Any:
    def hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        result = dict(pairs)
        if len(result) != len(pairs):
            seen: set[str] = set()
            for key, _ in pairs:
                if key in seen:
                    duplicates.append(key)
                seen.add(key)
        return result

    return hook


def strip_trailing_commas(text: str) -> tuple[str, list[tuple[int, int]]]:
    """Remove commas that directly precede ``}`` or ``]`` outside strings; return their positions."""
    positions: list[tuple[int, int]] = []
    pieces: list[str] = []
    last = 0
    for match in _TOKENS.finditer(text):
        if match.group(0) == ",":
            positions.append(line_column(text, match.start()))
            pieces.append(text[last : match.start()])
            last = match.end()
    pieces.append(text[last:])
    return "".join(pieces), positions


def _decode(raw: bytes | str, name: str) -> str | Problem:
    if isinstance(raw, str):
        return raw
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line, column = line_column(raw[: exc.start].decode("utf-8", "replace"), exc.start)
        return _syntax_problem(name, "the file is not UTF-8 text", line, column)


class NonFinite(float):
    """A number JSON cannot represent (``NaN``, ``Infinity``, ``1e999999999``): kept as a marker while
    parsing so the document can be rejected with a pointer to the value."""

    text: str

    def __new__(cls, text: str) -> NonFinite:
        made = super().__new__(cls, "nan")
        made.text = text
        return made


def _number(text: str) -> float:
    value = float(text)
    return value if math.isfinite(value) else NonFinite(text)


def _non_finite(data: Any, pointer: str = "") -> tuple[str, str] | None:
    """The first non-finite number (pointer, original text), depth-first, without recursion."""
    stack: list[tuple[Any, str]] = [(data, pointer)]
    while stack:
        node, where = stack.pop()
        if isinstance(node, NonFinite):
            return where, node.text
        if isinstance(node, float) and not math.isfinite(node):
            return where, repr(node)
        if isinstance(node, dict):
            stack.extend((v, f"{where}/{escape(str(k))}") for k, v in reversed(node.items()))
        elif isinstance(node, list):
            stack.extend((v, f"{where}/{i}") for i, v in reversed(list(enumerate(node))))
    return None


def _loads(text: str, duplicates: list[str], seen: list[bool]) -> Any:
    def constant(token: str) -> float:
        seen.append(True)
        return NonFinite(token)

    def number(token: str) -> float:
        value = _number(token)
        if isinstance(value, NonFinite):
            seen.append(True)
        return value

    try:
        return json.loads(text, object_pairs_hook=_pairs_hook(duplicates), parse_constant=constant, parse_float=number)
    except RecursionError as exc:
        raise InputError(f"document nests deeper than the parser allows (limit ~{sys.getrecursionlimit()})") from exc
    except json.JSONDecodeError:
        raise
    except ValueError as exc:  # e.g. an integer beyond Python's int-string limit
        raise InputError(f"unusable number: {str(exc).splitlines()[0].split(';')[0]}") from exc


def _non_finite_problem(name: str, pointer: str, text: str) -> Problem:
    return Problem(
        document=name,
        pointer=pointer,
        keyword="json",
        code="json.non_finite",
        severity="error",
        message=f"invalid JSON: {text} at {pointer or '/'} is not a finite number (JSON has no NaN or Infinity)",
        params={"found": text},
    )


def load_document(raw: bytes | str, name: str, *, lenient: bool = False) -> LoadedDocument:
    """Parse one document (JSON, or YAML when the name ends in .yaml/.yml); errors become problems with
    line and column; nesting too deep or unusable numbers are unusable input (:class:`InputError`)."""
    text = _decode(raw, name)
    if isinstance(text, Problem):
        return LoadedDocument(name, None, (text,))
    if name.lower().endswith((".yaml", ".yml")):
        return _parse_yaml(text, name)
    duplicates: list[str] = []
    notes: list[Problem] = []
    seen: list[bool] = []
    try:
        data = _loads(text, duplicates, seen)
    except InputError as exc:
        raise InputError(f"{name}: {exc}") from exc
    except json.JSONDecodeError as exc:
        fixed, commas = strip_trailing_commas(text) if lenient else (text, [])
        if not commas:
            return LoadedDocument(name, None, (_syntax_problem(name, exc.msg, exc.lineno, exc.colno),))
        notes = [_trailing_comma(name, line, column) for line, column in commas]
        try:
            data = _loads(fixed, duplicates, seen)
        except InputError as exc2:
            raise InputError(f"{name}: {exc2}") from exc2
        except json.JSONDecodeError as again:
            line, column = _original_position(text, fixed, again.pos, commas)
            return LoadedDocument(name, None, (*notes, _syntax_problem(name, again.msg, line, column)))
    notes.extend(_duplicate(name, key) for key in dict.fromkeys(duplicates))
    if seen:
        found = _non_finite(data)
        if found is not None:
            return LoadedDocument(name, None, (*notes, _non_finite_problem(name, *found)))
    if not isinstance(data, dict):
        notes.append(_not_object(name, data))
    return LoadedDocument(name, data, tuple(notes))


def _parse_yaml(text: str, name: str) -> LoadedDocument:
    """YAML documents (a superset of JSON): safe loader, no aliases (no expansion bombs), one document."""
    import yaml

    class _NoAliases(yaml.SafeLoader):
        def compose_node(self, parent: Any, index: Any) -> Any:
            if self.check_event(yaml.AliasEvent):
                event = self.peek_event()  # type: ignore[no-untyped-call]
                raise yaml.MarkedYAMLError(None, None, "aliases are not accepted", event.start_mark)
            return super().compose_node(parent, index)

    try:
        data = yaml.load(text, Loader=_NoAliases)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        return LoadedDocument(name, None, (_syntax_problem(name, str(exc.problem), line, column),))
    except yaml.YAMLError as exc:
        return LoadedDocument(name, None, (_syntax_problem(name, str(exc).splitlines()[0], 1, 1),))
    except RecursionError as exc:
        raise InputError(f"{name}: document nests deeper than the parser allows") from exc
    found = _non_finite(data)
    if found is not None:
        return LoadedDocument(name, None, (_non_finite_problem(name, *found),))
    notes = () if isinstance(data, dict) else (_not_object(name, data),)
    return LoadedDocument(name, data, notes)


def _original_position(text: str, fixed: str, pos: int, commas: list[tuple[int, int]]) -> tuple[int, int]:
    """Map an offset in the comma-stripped text back to the original text."""
    removed_before = 0
    for line, column in commas:
        if _offset(text, line, column) - removed_before <= pos:
            removed_before += 1
    return line_column(text, pos + removed_before)


def _offset(text: str, line: int, column: int) -> int:
    start = 0
    for _ in range(line - 1):
        start = text.index("\n", start) + 1
    return start + column - 1


def _trailing_comma(name: str, line: int, column: int) -> Problem:
    return Problem(
        document=name,
        keyword="json",
        code="json.trailing_comma",
        severity="warning",
        message=f"trailing comma at line {line}, column {column} (not JSON; tolerated in lenient mode)",
        line=line,
        column=column,
    )


def _duplicate(name: str, key: str) -> Problem:
    return Problem(
        document=name,
        keyword="json",
        code="json.duplicate_key",
        severity="warning",
        message=f"key {key!r} occurs twice in one object; the last value was used",
        params={"key": key},
    )


def _not_object(name: str, data: Any) -> Problem:
    kind = type(data).__name__ if data is not None else "null"
    return Problem(
        document=name,
        keyword="json",
        code="json.not_object",
        severity="error",
        message=f"the document root is a JSON {kind}, not an object",
    )


def expand_paths(paths: Iterable[Path]) -> list[Path]:
    """Files as given; directories contribute their ``*.json``, ``*.yaml`` and ``*.yml`` files
    (recursively, sorted)."""
    result: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.suffix.lower() in DOCUMENT_SUFFIXES and p.is_file())
            if not found:
                raise InputError(f"no .json, .yaml or .yml files in directory {path}")
            result.extend(found)
        elif path.is_file():
            result.append(path)
        elif path.exists():
            raise InputError(f"{path} is not a regular file or directory (a device, pipe or socket?)")
        else:
            raise InputError(f"no such file or directory: {path}")
    return result


def read_documents(paths: Sequence[Path], *, lenient: bool = False) -> list[LoadedDocument]:
    """Read every document named by ``paths``; an unreadable file is unusable input (InputError)."""
    documents = []
    for path in expand_paths(paths):
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise InputError(f"cannot read {path}: {exc.strerror or exc}") from exc
        documents.append(load_document(raw, str(path), lenient=lenient))
    return documents
