"""The README's examples work as written."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _python_example() -> str:
    readme = (ROOT / "README.md").read_text()
    return readme.split("From Python:", 1)[1].split("```python", 1)[1].split("```", 1)[0]


def test_the_python_example_runs_as_written(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(ROOT)  # its archive path is relative to the repository, as for a reader of the README
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("FAIRGAUGE_CONFIG", raising=False)
    code = _python_example()
    assert "fairgauge.assess(" in code
    exec(compile(code, "README.md", "exec"), {"__name__": "readme_example"})
    printed = capsys.readouterr().out.split()
    assert len(printed) == 2
    score, level = printed
    assert 0 < float(score) <= 100 and re.fullmatch(r"[0-9]", level), printed
