"""The query language: grammar, positions in errors, injection attempts, and a fuzz test of the parser."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fairgauge.catalog.query import (
    And,
    Comparison,
    DescendantOf,
    InList,
    Not,
    Or,
    QueryError,
    Text,
    expand_term,
    parse,
    parse_query,
)


def test_attribute_paths_operators_and_precedence() -> None:
    query = 'samples.sample_type.cell_line.term_label = "H1-hESC" OR NOT tracks.x ~ peak AND tracks.n >= 2'
    x, n = query.index("tracks.x"), query.index("tracks.n")
    assert parse(query) == Or(
        (
            Comparison("samples.sample_type.cell_line.term_label", "=", "H1-hESC", 0),
            And((Not(Comparison("tracks.x", "~", "peak", x)), Comparison("tracks.n", ">=", 2.0, n))),
        )
    )


def test_parentheses_in_lists_arrows_and_keywords_any_case() -> None:
    query = "(tracks.a->b IN ('x', 2) or tracks.c not in (y)) and descendant-of CL:0000084"
    c, d = query.index("tracks.c"), query.index("descendant-of")
    assert parse(query) == And(
        (
            Or((InList("tracks.a.b", ("x", 2.0), False, 1), InList("tracks.c", ("y",), True, c))),
            DescendantOf(None, "CL:0000084", d),
        )
    )


def test_hyphenated_names_bare_values_and_full_text() -> None:
    email = Comparison("studies.contact.e-mail", "~", "stanford.edu", 0)
    assert parse("studies.contact.e-mail ~ stanford.edu") == email
    assert parse("tracks.label_short = H1-hESC") == Comparison("tracks.label_short", "=", "H1-hESC", 0)
    assert parse('H3K4me3 peaks AND "B cell"') == And((Text("H3K4me3 peaks", 0), Text("B cell", 18)))
    assert parse("samples.sample_type.cell_line descendant-of EFO:0003042") == DescendantOf(
        "samples.sample_type.cell_line", "EFO:0003042", 0
    )


@pytest.mark.parametrize(
    ("query", "position", "fragment"),
    [
        ("tracks.a = ", 11, "expected a value"),
        ('tracks.a = "open', 11, "unterminated string"),
        ("(tracks.a = 1", 13, "expected ')'"),
        ("tracks.a = 1 tracks.b = 2", 13, "expected AND, OR"),
        ("tracks.n > big", 11, "compares numbers"),
        ("tracks.a IN x", 12, "expected '('"),
        ("tracks.a = 1 AND", 16, "expected an attribute path"),
        ("", 0, "empty query"),
        ("tracks.a = 1; DROP TABLE catalog_tracks", 12, "unexpected ';'"),
        ("tracks.a ! 1", 9, "unexpected character '!'"),
    ],
)
def test_errors_point_at_the_position(query: str, position: int, fragment: str) -> None:
    with pytest.raises(QueryError) as error:
        parse(query)
    assert error.value.position == position
    assert fragment in str(error.value)
    assert str(error.value).startswith(f"query error at character {position + 1}: ")
    assert error.value.caret().splitlines()[1] == " " * position + "^"


def test_validation_knows_categories_and_paths() -> None:
    with pytest.raises(QueryError, match="unknown category 'users'") as error:
        parse_query("tracks.a = 1 AND users.password = x")
    assert error.value.position == 17
    with pytest.raises(QueryError, match=r"did you mean 'samples\.species_name'"):
        parse_query("samples.specie_name = x", {"samples.species_name"})
    with pytest.raises(QueryError, match=r"unknown attribute path 'samples\.x\.term_id'"):
        parse_query("samples.x descendant-of CL:1", {"samples.species_name"})


def test_limits_keep_the_parser_bounded() -> None:
    with pytest.raises(QueryError, match="nested deeper"):
        parse("(" * 200 + "tracks.a = 1" + ")" * 200)
    with pytest.raises(QueryError, match="longer than"):
        parse("tracks.a = " + "x" * 5000)
    with pytest.raises(QueryError, match="more than 1000 values"):
        parse("tracks.a IN (" + ",".join(["1"] * 1001) + ")")


def test_curies_expand_to_iris() -> None:
    assert expand_term("CL:0000084") == "http://purl.obolibrary.org/obo/CL_0000084"
    assert expand_term("EFO:0003042") == "http://www.ebi.ac.uk/efo/EFO_0003042"
    assert expand_term("format_3006") == "http://edamontology.org/format_3006"
    assert expand_term("http://x.org/T_1") == "http://x.org/T_1"


QUERY_CHARS = "ab.=!~<>()'\",\\ -_:0123456789→é\t"


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(list(QUERY_CHARS)), max_size=80) | st.text(max_size=80))
def test_fuzz_parser_only_raises_query_errors(query: str) -> None:
    """Any text either parses or fails with a QueryError at a position inside (or at the end of) it."""
    try:
        parse(query)
    except QueryError as error:
        assert 0 <= error.position <= len(query)


WORDS = st.sampled_from(
    [
        "tracks.a",
        "samples.b.c",
        "experiments.d",
        "AND",
        "OR",
        "NOT",
        "IN",
        "(",
        ")",
        "=",
        "!=",
        "~",
        "<",
        ">=",
        "1",
        "-2.5",
        '"x y"',
        "'q'",
        "descendant-of",
        "CL:1",
        ",",
        "word",
        "->e",
    ]
)


@settings(max_examples=500, deadline=None)
@given(st.lists(WORDS, max_size=15))
def test_fuzz_parser_on_query_shaped_input(words: list[str]) -> None:
    query = " ".join(words)
    try:
        parse(query)
    except QueryError as error:
        assert 0 <= error.position <= len(query)
