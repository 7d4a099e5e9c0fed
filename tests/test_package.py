"""The wheel users would install from PyPI: it carries every bundled data file, ``py.typed``, the licence and
the metadata PyPI shows. Built offline with the installed backend (.ci/run also builds with isolation and runs
``twine check``)."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from email.parser import HeaderParser
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "fairgauge"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> zipfile.ZipFile:
    out = tmp_path_factory.mktemp("dist")
    done = subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    (built,) = out.glob("fairgauge-*.whl")
    return zipfile.ZipFile(built)


def _source_files() -> set[str]:
    return {
        path.relative_to(PACKAGE.parent).as_posix()
        for path in PACKAGE.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"
    }


def test_every_file_of_the_package_is_in_the_wheel(wheel: zipfile.ZipFile) -> None:
    names = set(wheel.namelist())
    missing = sorted(_source_files() - names)
    assert not missing, missing[:20]
    data = {name for name in names if name.startswith("fairgauge/") and not name.endswith(".py")}
    assert "fairgauge/py.typed" in data
    for folder in ("metrics/profiles/", "refdata/data/licenses/", "tracks/schemas/v1.0.2/", "render/templates/"):
        assert any(name.startswith(f"fairgauge/{folder}") for name in data), folder


def test_wheel_metadata(wheel: zipfile.ZipFile) -> None:
    info = next(name for name in wheel.namelist() if name.endswith(".dist-info/METADATA"))
    metadata = HeaderParser().parsestr(wheel.read(info).decode())
    assert metadata["Name"] == "fairgauge" and metadata["License-Expression"] == "Apache-2.0"
    requires = metadata.get_all("Requires-Dist") or []
    assert not any(req.startswith("defusedxml") for req in requires)  # never imported; lxml is the guard
    assert any(req.startswith("playwright") and "extra == 'render'" in req for req in requires)
    assert metadata["Description-Content-Type"] == "text/markdown"
    assert any(name.endswith(".dist-info/licenses/LICENSE") for name in wheel.namelist())
    entry_points = wheel.read(info.replace("METADATA", "entry_points.txt")).decode()
    assert "fairgauge = fairgauge.cli.main:run" in entry_points
