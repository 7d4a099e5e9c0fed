"""The catalog query language: tokeniser, recursive-descent parser and validator (pure).

::

    query      := or
    or         := and ("OR" and)*
    and        := unary ("AND" unary)*
    unary      := "NOT" unary | "(" query ")" | condition
    condition  := path op value | path ["NOT"] "IN" "(" value ("," value)* ")"
                | [path] "descendant-of" value
                | "quoted text" | bare words          (ranked full-text search)
    op         := "=" | "!=" | "~" | "<" | "<=" | ">" | ">="
    path       := name (("." | "->") name)*        e.g. samples.sample_type.cell_line.term_label
    value      := "double quoted" | 'single quoted' | number | bare-word

Keywords are case-insensitive. The parser builds an AST; the store compiles it to SQLAlchemy expressions
with bound parameters, so nothing a user types is ever spliced into SQL. Every error carries the
0-based offset of the offending character; the message names it 1-based.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from fairgauge.catalog.flatten import CATEGORIES
from fairgauge.errors import InputError

Operator = Literal["=", "!=", "~", "<", "<=", ">", ">="]
NUMERIC_OPS: frozenset[str] = frozenset({"<", "<=", ">", ">="})
MAX_QUERY_LENGTH = 4000
MAX_DEPTH = 64
MAX_IN_VALUES = 1000


class QueryError(InputError):
    """A query that cannot be parsed or does not fit the catalog; ``position`` is a 0-based offset."""

    def __init__(self, message: str, position: int, query: str) -> None:
        self.reason = message
        self.position = position
        self.query = query
        super().__init__(f"query error at character {position + 1}: {message}")

    def caret(self) -> str:
        """The query with a caret under the error (for terminals)."""
        line = self.query.replace("\n", " ").replace("\t", " ")
        return f"{line}\n{' ' * self.position}^"


# --- AST ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Comparison:
    path: str
    op: Operator
    value: str | float
    position: int


@dataclass(frozen=True)
class InList:
    path: str
    values: tuple[str | float, ...]
    negated: bool
    position: int


@dataclass(frozen=True)
class DescendantOf:
    """Tracks whose term at ``path`` (any ``*.term_id`` if None) is ``term`` or one of its descendants."""

    path: str | None
    term: str
    position: int


@dataclass(frozen=True)
class Text:
    """Full-text words (a quoted string or bare words with no operator): ranked search."""

    words: str
    position: int


@dataclass(frozen=True)
class Not:
    item: Node


@dataclass(frozen=True)
class And:
    items: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    items: tuple[Node, ...]


Node = Comparison | InList | DescendantOf | Text | Not | And | Or


# --- tokens ---------------------------------------------------------------------------------------

TokenKind = Literal["name", "string", "number", "op", "lparen", "rparen", "comma", "dot", "arrow", "end"]


@dataclass(frozen=True)
class Token:
    kind: TokenKind
    text: str
    position: int
    value: str | float = ""


_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?(?![\w:/@-])")
_NAME = re.compile(r"[A-Za-z_@](?:[\w@]|-(?!>))*")
_BARE = re.compile(r"(?:[^\s()'\",=!~<>-]|-(?!>))+")
_OPS = ("<=", ">=", "!=", "->", "=", "~", "<", ">")
KEYWORDS = {"and", "or", "not", "in", "descendant-of"}


def tokenize(query: str) -> list[Token]:
    if len(query) > MAX_QUERY_LENGTH:
        raise QueryError(f"query longer than {MAX_QUERY_LENGTH} characters", MAX_QUERY_LENGTH, query)
    if "\x00" in query:  # no database text holds NUL (PostgreSQL refuses it outright)
        raise QueryError("NUL character in the query", query.index("\x00"), query)
    tokens: list[Token] = []
    i = 0
    while i < len(query):
        char = query[i]
        if char.isspace():
            i += 1
            continue
        if char in "\"'":
            value, end = _string(query, i)
            tokens.append(Token("string", query[i:end], i, value))
            i = end
            continue
        if char == "(":
            tokens.append(Token("lparen", char, i))
        elif char == ")":
            tokens.append(Token("rparen", char, i))
        elif char == ",":
            tokens.append(Token("comma", char, i))
        elif char == ".":
            number = _NUMBER.match(query, i)
            if number and (not tokens or tokens[-1].kind == "op"):
                tokens.append(Token("number", number.group(), i, float(number.group())))
                i = number.end()
                continue
            tokens.append(Token("dot", char, i))
        else:
            op = next((o for o in _OPS if query.startswith(o, i)), None)
            if op == "->":
                tokens.append(Token("arrow", op, i))
                i += 2
                continue
            number = _NUMBER.match(query, i) if char in "+-.0123456789" else None
            if number:
                tokens.append(Token("number", number.group(), i, float(number.group())))
                i = number.end()
                continue
            if op is not None:
                tokens.append(Token("op", op, i))
                i += len(op)
                continue
            name = _NAME.match(query, i)
            bare = _BARE.match(query, i)
            if name and (not bare or bare.end() == name.end() or "." in query[name.end() : bare.end()]):
                tokens.append(Token("name", name.group(), i, name.group()))
                i = name.end()
                continue
            if bare:
                tokens.append(Token("name", bare.group(), i, bare.group()))
                i = bare.end()
                continue
            raise QueryError(f"unexpected character {char!r}", i, query)
        i += 1
    tokens.append(Token("end", "", len(query)))
    return tokens


def _string(query: str, start: int) -> tuple[str, int]:
    quote = query[start]
    out: list[str] = []
    i = start + 1
    while i < len(query):
        char = query[i]
        if char == "\\" and i + 1 < len(query):
            out.append(query[i + 1])
            i += 2
            continue
        if char == quote:
            return "".join(out), i + 1
        out.append(char)
        i += 1
    raise QueryError("unterminated string (missing closing quote)", start, query)


# --- parser ---------------------------------------------------------------------------------------


class _Parser:
    def __init__(self, query: str) -> None:
        self.query = query
        self.tokens = tokenize(query)
        self.index = 0
        self.depth = 0

    @property
    def current(self) -> Token:
        return self.tokens[self.index]

    def kind(self) -> TokenKind:
        """The current token's kind (a call, so mypy does not narrow it across ``advance()``)."""
        return self.tokens[self.index].kind

    def error(self, message: str, token: Token | None = None) -> QueryError:
        return QueryError(message, (token or self.current).position, self.query)

    def keyword(self, word: str) -> bool:
        token = self.current
        return token.kind == "name" and token.text.lower() == word

    def advance(self) -> Token:
        token = self.current
        if token.kind != "end":
            self.index += 1
        return token

    def parse(self) -> Node:
        if self.kind() == "end":
            raise self.error("empty query")
        node = self.parse_or()
        if self.kind() != "end":
            raise self.error(f"unexpected {_describe(self.current)}; expected AND, OR or the end of the query")
        return node

    def parse_or(self) -> Node:
        items = [self.parse_and()]
        while self.keyword("or"):
            self.advance()
            items.append(self.parse_and())
        return items[0] if len(items) == 1 else Or(tuple(items))

    def parse_and(self) -> Node:
        items = [self.parse_unary()]
        while self.keyword("and"):
            self.advance()
            items.append(self.parse_unary())
        return items[0] if len(items) == 1 else And(tuple(items))

    def parse_unary(self) -> Node:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise self.error(f"query nested deeper than {MAX_DEPTH} levels")
        try:
            if self.keyword("not"):
                self.advance()
                return Not(self.parse_unary())
            if self.kind() == "lparen":
                opening = self.advance()
                node = self.parse_or()
                if self.kind() != "rparen":
                    raise self.error(f"expected ')' to close the '(' at character {opening.position + 1}")
                self.advance()
                return node
            return self.parse_condition()
        finally:
            self.depth -= 1

    def parse_condition(self) -> Node:
        start = self.current
        if self.keyword("descendant-of"):
            self.advance()
            return DescendantOf(None, self.parse_term(), start.position)
        if start.kind == "string" or self._is_text_word(self.index):
            return self.parse_text()
        path = self.parse_path()
        token = self.current
        if self.keyword("descendant-of"):
            self.advance()
            return DescendantOf(path, self.parse_term(), start.position)
        negated = False
        if self.keyword("not"):
            self.advance()
            negated = True
            if not self.keyword("in"):
                raise self.error("expected IN after NOT")
        if self.keyword("in"):
            self.advance()
            return InList(path, self.parse_list(), negated, start.position)
        if token.kind != "op":
            raise self.error(
                "expected an operator (=, !=, ~, <, <=, >, >=, IN, descendant-of) "
                f"after {path!r}, got {_describe(token)}"
            )
        self.advance()
        op: Operator = token.text  # type: ignore[assignment]
        value = self.parse_value()
        if op in NUMERIC_OPS and not isinstance(value, float):
            where = self.tokens[self.index - 1].position
            raise QueryError(f"{op} compares numbers; {value!r} is not a number", where, self.query)
        return Comparison(path, op, value, start.position)

    def _is_text_word(self, index: int) -> bool:
        """A bare word that does not start a condition (no operator, IN or descendant-of follows)."""
        token = self.tokens[index]
        if token.kind not in ("name", "number") or token.text.lower() in KEYWORDS:
            return False
        following = self.tokens[index + 1]
        if following.kind in ("op", "dot", "arrow"):
            return False
        return not (following.kind == "name" and following.text.lower() in {"in", "not", "descendant-of"})

    def parse_text(self) -> Text:
        start = self.current
        if start.kind == "string":
            self.advance()
            return Text(str(start.value), start.position)
        words = []
        while self._is_text_word(self.index):
            words.append(self.advance().text)
        return Text(" ".join(words), start.position)

    def parse_path(self) -> str:
        token = self.current
        if token.kind != "name" or token.text.lower() in KEYWORDS:
            raise self.error(f"expected an attribute path (like samples.species_name), got {_describe(token)}")
        parts = [self.advance().text]
        while self.kind() in ("dot", "arrow"):
            self.advance()
            part = self.current
            if part.kind != "name":
                raise self.error(f"expected an attribute name after '.', got {_describe(part)}")
            parts.append(self.advance().text)
        for name in parts:
            if not _NAME.fullmatch(name):
                raise self.error(f"{name!r} is not an attribute name", token)
        return ".".join(parts)

    def parse_value(self) -> str | float:
        token = self.current
        if token.kind in ("string", "number"):
            self.advance()
            return token.value
        if token.kind == "name" and token.text.lower() not in KEYWORDS:
            self.advance()
            return _bare_value(self)
        raise self.error(f"expected a value, got {_describe(token)}")

    def parse_term(self) -> str:
        token = self.current
        value = self.parse_value()
        if not isinstance(value, str) or not value:
            raise self.error("descendant-of needs an ontology term id (an IRI or a CURIE)", token)
        return value

    def parse_list(self) -> tuple[str | float, ...]:
        if self.kind() != "lparen":
            raise self.error("expected '(' after IN")
        self.advance()
        values = [self.parse_value()]
        while self.kind() == "comma":
            self.advance()
            values.append(self.parse_value())
            if len(values) > MAX_IN_VALUES:
                raise self.error(f"more than {MAX_IN_VALUES} values in IN (...)")
        if self.kind() != "rparen":
            raise self.error(f"expected ',' or ')' in the IN list, got {_describe(self.current)}")
        self.advance()
        return tuple(values)


def _bare_value(parser: _Parser) -> str:
    """A bare word value; dots and arrows glue its parts back (``H1-hESC``, ``v1.0``, ``a->b``)."""
    start = parser.tokens[parser.index - 1]
    text = start.text
    end = start.position + len(start.text)
    while parser.current.kind in ("dot", "name", "number") and parser.current.position == end:
        token = parser.advance()
        text += token.text
        end = token.position + len(token.text)
    return text


def _describe(token: Token) -> str:
    return "the end of the query" if token.kind == "end" else repr(token.text)


def parse(query: str) -> Node:
    """The AST of ``query``; a QueryError (with the position) if it is not a valid query."""
    return _Parser(query).parse()


# --- validation -----------------------------------------------------------------------------------


def conditions(node: Node) -> Iterable[Comparison | InList | DescendantOf | Text]:
    if isinstance(node, And | Or):
        for item in node.items:
            yield from conditions(item)
    elif isinstance(node, Not):
        yield from conditions(node.item)
    else:
        yield node


def term_path(path: str) -> str:
    """``samples.sample_type.cell_line`` and ``...cell_line.term_id`` both name the term id."""
    return path if path.endswith(".term_id") else f"{path}.term_id"


def validate(node: Node, query: str, known_paths: Iterable[str] | None = None) -> Node:
    """Check paths against the categories (and, when given, the attribute paths the catalog holds)."""
    known = set(known_paths) if known_paths is not None else None
    for item in conditions(node):
        if isinstance(item, Text) or item.path is None:
            continue
        category = item.path.split(".", 1)[0]
        if category not in CATEGORIES:
            raise QueryError(
                f"unknown category {category!r} (choose from {', '.join(CATEGORIES)})", item.position, query
            )
        path = term_path(item.path) if isinstance(item, DescendantOf) else item.path
        if known is not None and path not in known:
            hint = _closest(path, known)
            raise QueryError(
                f"unknown attribute path {path!r}" + (f" (did you mean {hint!r}?)" if hint else ""),
                item.position,
                query,
            )
    return node


def _closest(path: str, known: set[str]) -> str | None:
    import difflib

    match = difflib.get_close_matches(path, sorted(known), n=1, cutoff=0.6)
    return match[0] if match else None


def parse_query(query: str, known_paths: Iterable[str] | None = None) -> Node:
    """Parse and validate."""
    return validate(parse(query), query, known_paths)


# --- ontology terms -------------------------------------------------------------------------------

_CURIE = re.compile(r"^([A-Za-z][A-Za-z0-9]*)[:_](\w+)$")
_BASES = {"EFO": "http://www.ebi.ac.uk/efo/EFO_", "FORMAT": "http://edamontology.org/format_"}


def expand_term(term: str) -> str:
    """An IRI for a term: IRIs stay; ``CL:0000084`` / ``CL_0000084`` -> the OBO PURL; EFO and EDAM bases."""
    if term.startswith(("http://", "https://")):
        return term
    match = _CURIE.match(term)
    if not match:
        return term
    prefix, local = match.groups()
    base = _BASES.get(prefix.upper())
    return f"{base}{local}" if base else f"http://purl.obolibrary.org/obo/{prefix.upper()}_{local}"
