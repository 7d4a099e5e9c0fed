"""Standing checks on the project itself. Lint, formatting, types and import contracts are not run here but
by `.ci/run` beside pytest (they cost the suite ~20 s and are not tests of behaviour)."""

from __future__ import annotations

import ast
import tokenize
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_quick_start_and_ci_run_the_same_test_command() -> None:
    readme = (ROOT / "README.md").read_text()
    block = readme.split("## Quick start", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    commands = [line for line in block.strip().splitlines() if line.strip()]
    assert len(commands) == 2
    assert "fairgauge assess" in commands[0] and "--replay examples/" in commands[0]
    assert commands[1] in (ROOT / ".ci" / "run").read_text()


def test_ci_runs_the_static_checks_and_the_package_build() -> None:
    """Moved out of pytest, not dropped: CI still fails on any of them."""
    ci = (ROOT / ".ci" / "run").read_text()
    for step in ("ruff check", "ruff format --check", "mypy", "lint-imports", "-m build", "twine check"):
        assert step in ci, step


def _python_files() -> list[Path]:
    return sorted(p for folder in ("src", "tests", "bench", "scripts") for p in (ROOT / folder).rglob("*.py"))


# The one British spelling code keeps: SourceInfo's field is the "licence" key of `fairgauge refdata --format json`.
_SPELT_BY_CONTRACT = {
    (path, "licence")
    for path in (
        "src/fairgauge/refdata/models.py",
        "src/fairgauge/refdata/catalog.py",
        "tests/refdata/test_reference.py",
    )
}


def test_identifiers_spell_license_the_american_way() -> None:
    """Code says ``license`` (as SPDX, schema.org and DataCite do); British spelling is for prose only, so
    nobody has to guess which spelling a name uses. Strings and comments are prose and are not looked at."""
    found = set()
    for path in _python_files():
        # A name holding the spelling is in the file's text: only those few files are tokenized (tokenizing
        # all ~500 cost seconds of CPU).
        if "licenc" not in path.read_text(encoding="utf-8").lower():
            continue
        with tokenize.open(path) as source:
            for token in tokenize.generate_tokens(source.readline):
                if token.type == tokenize.NAME and "licenc" in token.string.lower():
                    found.add((path.relative_to(ROOT).as_posix(), token.string))
    assert found - _SPELT_BY_CONTRACT == set()


def _top_level_names(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), str(path))
    names = {n.name for n in tree.body if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)}
    return names | {t.id for n in tree.body if isinstance(n, ast.Assign) for t in n.targets if isinstance(t, ast.Name)}


def test_names_issue_13_untangled_stay_declared_once() -> None:
    """Two things under one name made readers guess which one an import meant (issue 13): each of these is
    declared in one module only, and ``FileFormat`` in none (the check is ``FileFormatCheck``, the
    reference-data record ``FormatEntry``, a track's declared format ``TrackFileFormat``)."""
    declared: dict[str, list[str]] = {}
    for path in sorted((ROOT / "src").rglob("*.py")):
        for name in _top_level_names(path):
            declared.setdefault(name, []).append(path.relative_to(ROOT / "src").as_posix())
    once = ("parse_document", "load_document", "detect_scheme", "LicenseKey", "ReportFormat", "render_validation_text")
    assert {name: declared.get(name) for name in once if len(declared.get(name, [])) != 1} == {}
    assert "FileFormat" not in declared
