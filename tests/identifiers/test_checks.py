"""fairgauge.identifiers.checks answers as idutils does (it copies idutils' patterns to spare start-up
the ~0.3 s idutils spends compiling the RFC 3987 grammar on import)."""

from __future__ import annotations

import json
import re

import idutils
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fairgauge.identifiers import checks
from tests.conftest import FIXTURES

HAND_PICKED = [
    "10.5281/zenodo.1196821",
    "doi:10.1594/PANGAEA.836178",
    "https://doi.org/10.1371/journal.pone.0033693",
    "http://dx.doi.org/10.1234/ABC",
    "10.1234",
    "10.abc/x",
    "doi: 10.1000.10/xyz",
    "urn:nbn:de:101:1-201102033592",
    "urn:isbn:0451450523",
    "urn:",
    "urn://x",
    "0000-0002-1825-0097",
    "https://orcid.org/0000-0002-1825-0097",
    "http://orcid.org/0000-0002-1694-233X",
    "0000-0002-1694-233x",
    "0000-0002-1825-0098",
    "0000-0001-5109-3700",
    "https://isni.org/isni/0000000121032683",
    "0000000121032683",
    "0000-0002-1825-009",
    "０000-0002-1825-0097",
    "https://ror.org/02mhbdp94",
    "ror.org/02mhbdp94",
    "https://ror.org/12mhbdp94",
    "",
    " ",
]


def _corpus_values() -> list[str]:
    """Every string in the corpus JSON fixtures that looks like it could be an identifier."""
    found: set[str] = set()
    for path in (FIXTURES / "corpus").rglob("*.json"):
        found.update(
            re.findall(r'"((?:https?://|doi:|urn:|10\.|0000-)[^"\s]{0,200})"', path.read_text(errors="replace"))
        )
    return sorted(found)


def _same(value: str) -> None:
    assert checks.is_doi(value) == bool(idutils.is_doi(value)), value
    if checks.is_doi(value):
        assert checks.normalize_doi(value) == idutils.normalize_doi(value), value
    assert checks.is_urn(value) == bool(idutils.is_urn(value)), value
    assert checks.is_orcid(value) == bool(idutils.is_orcid(value)), value
    assert checks.is_ror(value) == bool(idutils.is_ror(value)), value


@pytest.mark.parametrize("value", HAND_PICKED)
def test_hand_picked_identifiers_answer_as_idutils(value: str) -> None:
    _same(value)


def test_every_corpus_identifier_answers_as_idutils() -> None:
    values = _corpus_values()
    assert len(values) > 100
    for value in values:
        _same(value)


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(st.from_regex(r"(https?://(orcid|ror|doi)\.org/|doi:|urn:)?[0-9X.\-/a-z]{0,24}", fullmatch=True))
def test_generated_identifiers_answer_as_idutils(value: str) -> None:
    _same(value)


def test_parsing_an_identifier_does_not_import_idutils() -> None:
    import subprocess
    import sys

    probe = (
        "import sys; from fairgauge.identifiers import parse_identifier; "
        "parse_identifier('https://orcid.org/0000-0002-1825-0097'); parse_identifier('doi:10.1/x'); "
        "print(json.dumps('idutils' in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", "import json; " + probe], capture_output=True, text=True, check=True)
    assert json.loads(done.stdout) is False
