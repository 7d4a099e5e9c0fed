"""The harvest finding-code catalogue: every code the harvester emits is catalogued, once, and documented.

Codes are found two ways, because each alone misses some: by reading the harvester's sources (every code
literal, and the prefix of codes built with f-strings) and by harvesting every real capture, A2A case and
hand-made site (codes as emitted, with their severities).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from fairgauge.model.finding_codes import CATALOGUE, FAMILY_TITLES, markdown
from fairgauge.model.findings import Finding
from fairgauge.model.harvest import HarvestResult
from tests.harvest.corpus import A2A_CASES, FACTS, WARC, harvest_a2a, harvest_archive
from tests.sites import site, site_archive, site_names

ROOT = Path(__file__).resolve().parents[1]
SOURCES = [ROOT / "src" / "fairgauge" / name for name in ("harvest", "extract", "merge", "identifiers")]
FAMILIES = "|".join(FAMILY_TITLES)
_LITERAL = re.compile(rf"""(f?)["']((?:{FAMILIES})\.[a-z0-9_.{{}}]*)["']""")
_RANK = {"info": 0, "warning": 1, "error": 2}


def _source_codes() -> tuple[set[str], set[str]]:
    """(code literals, prefixes of f-string codes) in the harvester's sources."""
    literals: set[str] = set()
    prefixes: set[str] = set()
    for folder in SOURCES:
        for path in folder.rglob("*.py"):
            for is_f, text in _LITERAL.findall(path.read_text(encoding="utf-8")):
                if is_f and "{" in text:
                    prefixes.add(text.split("{", 1)[0])
                elif not text.endswith("."):  # "extract.jsonld." is a prefix tested with startswith
                    literals.add(text)
    literals.add("identifier.https_assumed")  # emitted by harvest/harvester.py: already under SOURCES
    return literals, prefixes


def test_every_code_in_the_sources_is_catalogued() -> None:
    literals, prefixes = _source_codes()
    assert len(literals) > 40, "the scan found too few codes: is the pattern still right?"
    assert sorted(literals - set(CATALOGUE)) == []
    for prefix in prefixes:
        assert any(code.startswith(prefix) for code in CATALOGUE), f"no catalogued code starts with {prefix}"


def _harvests() -> list[HarvestResult]:
    found = [harvest_archive(f"https://doi.org/{FACTS[name]['doi']}", WARC / f"{name}.warc.gz") for name in FACTS]
    found += [harvest_a2a(case) for case in A2A_CASES]
    found += [harvest_archive(site(name)["identifier"], site_archive(name)) for name in site_names()]
    return found


def _emitted(harvest: HarvestResult) -> list[Finding]:
    findings = [*harvest.findings, *harvest.signposting.warnings]
    return findings + [f for record in harvest.records for f in record.findings]


@pytest.mark.slow
def test_every_code_emitted_on_real_pages_is_catalogued_with_its_severity() -> None:
    seen: dict[str, set[str]] = {}
    for harvest in _harvests():
        for item in _emitted(harvest):
            if item.code.split(".", 1)[0] in FAMILY_TITLES:
                seen.setdefault(item.code, set()).add(item.severity)
    assert len(seen) >= 10, "the corpus emitted too few codes to mean anything"
    assert sorted(set(seen) - set(CATALOGUE)) == []
    for code, severities in seen.items():
        worst = max(severities, key=_RANK.__getitem__)
        assert _RANK[worst] <= _RANK[CATALOGUE[code].severity], f"{code} emitted as {worst}"


def test_catalogue_entries_are_well_formed() -> None:
    for code, entry in CATALOGUE.items():
        assert entry.code == code and entry.family in FAMILY_TITLES
        assert re.fullmatch(r"[a-z]+(\.[a-z0-9_]+)+", code), code
        assert entry.meaning.endswith(".") and entry.meaning[0].isupper(), code


def test_docs_page_is_generated_from_the_catalogue() -> None:
    page = (ROOT / "docs" / "finding-codes.md").read_text(encoding="utf-8")
    assert page == markdown(), "regenerate: python -m fairgauge.model.finding_codes > docs/finding-codes.md"
    assert all(f"`{code}`" in page for code in CATALOGUE)
    assert "docs/finding-codes.md" in (ROOT / "README.md").read_text(encoding="utf-8")
