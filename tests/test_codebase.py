"""Standing checks on the project itself. Lint, formatting, types and import contracts are not run here but
by `.ci/run` beside pytest (they cost the suite ~20 s and are not tests of behaviour)."""

from __future__ import annotations

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
