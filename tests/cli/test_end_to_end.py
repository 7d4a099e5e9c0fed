"""The few tests that run the installed command in a fresh interpreter, as a user's shell does (every other
CLI test calls the same entry point in process: tests/cli/run.py). Replay only: these run outside the
in-process network guard."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.run import ROOT, fairgauge_subprocess

pytestmark = pytest.mark.slow  # a fresh interpreter each: seconds of start-up


def _quick_start_assess() -> list[str]:
    """The README Quick start's first command, from ``fairgauge assess`` on."""
    readme = (ROOT / "README.md").read_text()
    block = readme.split("## Quick start", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    first = block.strip().splitlines()[0]
    return first.split(".venv/bin/", 2)[-1].split()


def test_readme_quick_start_assessment_through_the_console_script(tmp_path: Path) -> None:
    args = _quick_start_assess()
    assert args[:2] == ["fairgauge", "assess"] and "--replay" in args
    script = Path(sys.executable).parent / "fairgauge"
    done = subprocess.run(
        [str(script), *args[1:]],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "XDG_CACHE_HOME": str(tmp_path)},
    )
    assert done.returncode == 0, done.stderr
    assert "FAIR assessment of" in done.stdout and "zenodo.org/records/1196821" in done.stdout
    assert done.stderr == ""


def test_python_m_fairgauge_exit_codes_and_one_line_errors() -> None:
    version = fairgauge_subprocess("--version")
    assert version.returncode == 0 and version.stdout.startswith("fairgauge ")
    bad = fairgauge_subprocess("assess", "10.1/x", "--profile", "fsf-9")
    assert bad.returncode == 2 and bad.stdout == ""
    assert bad.stderr.startswith("error: unknown profile 'fsf-9'") and len(bad.stderr.strip().splitlines()) == 1
    usage = fairgauge_subprocess("harvest", "10.1/x", "--format", "yaml")
    assert usage.returncode == 2 and "Traceback" not in usage.stderr and "yaml" in usage.stderr
