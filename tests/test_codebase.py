"""Standing checks on the code itself: dependency direction, lint and types (run as part of the suite)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def _tool(name: str) -> str:
    found = BIN / name
    if found.exists():
        return str(found)
    located = shutil.which(name)
    if located is None:
        pytest.fail(f"{name} is not installed (pip install -e '.[test]')")
    return located


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=600, check=False)


def test_import_contracts_hold() -> None:
    """The domain stays pure and only harvest/ touches the network."""
    done = _run(_tool("lint-imports"))
    assert done.returncode == 0, done.stdout[-3000:]


def test_ruff_is_clean() -> None:
    done = _run(_tool("ruff"), "check", "src", "tests", "bench", "scripts")
    assert done.returncode == 0, done.stdout[-3000:]
    formatted = _run(_tool("ruff"), "format", "--check", "src", "tests", "bench", "scripts")
    assert formatted.returncode == 0, formatted.stdout[-3000:]


def test_mypy_is_clean() -> None:
    done = _run(_tool("mypy"), "src")
    assert done.returncode == 0, done.stdout[-3000:]


def test_quick_start_and_ci_run_the_same_test_command() -> None:
    readme = (ROOT / "README.md").read_text()
    block = readme.split("## Quick start", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    commands = [line for line in block.strip().splitlines() if line.strip()]
    assert len(commands) == 2
    assert "fairgauge assess" in commands[0] and "--replay examples/" in commands[0]
    assert commands[1] in (ROOT / ".ci" / "run").read_text()
