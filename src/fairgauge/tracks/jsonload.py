"""Reading FAIRtracks documents: strict JSON with line and column on errors, nothing lost.

A syntax error is a problem of the document (with line and column), not an exception: the other
documents of the set are still validated. Lenient mode tolerates one common upstream mistake, trailing
commas (the published fairtracks_augment v1.0.2 minimal example has them), and reports each one as a
warning so the fix is visible. Duplicate keys are reported because JSON parsers silently keep the last.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fairgauge.errors import InputError
from fairgauge.tracks.problems import Problem

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


def parse_document(raw: bytes | str, name: str, *, lenient: bool = False) -> LoadedDocument:
    """Parse one document; errors become problems with line and column."""
    text = _decode(raw, name)
    if isinstance(text, Problem):
        return LoadedDocument(name, None, (text,))
    duplicates: list[str] = []
    notes: list[Problem] = []
    try:
        data = json.loads(text, object_pairs_hook=_pairs_hook(duplicates))
    except json.JSONDecodeError as exc:
        fixed, commas = strip_trailing_commas(text) if lenient else (text, [])
        if not commas:
            return LoadedDocument(name, None, (_syntax_problem(name, exc.msg, exc.lineno, exc.colno),))
        notes = [_trailing_comma(name, line, column) for line, column in commas]
        try:
            data = json.loads(fixed, object_pairs_hook=_pairs_hook(duplicates))
        except json.JSONDecodeError as again:
            line, column = _original_position(text, fixed, again.pos, commas)
            return LoadedDocument(name, None, (*notes, _syntax_problem(name, again.msg, line, column)))
    notes.extend(_duplicate(name, key) for key in dict.fromkeys(duplicates))
    if not isinstance(data, dict):
        notes.append(_not_object(name, data))
    return LoadedDocument(name, data, tuple(notes))


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
    """Files as given; directories contribute their ``*.json`` files (recursively, sorted)."""
    result: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.rglob("*.json") if p.is_file())
            if not found:
                raise InputError(f"no .json files in directory {path}")
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
        documents.append(parse_document(raw, str(path), lenient=lenient))
    return documents
