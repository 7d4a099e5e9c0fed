"""``--render auto|always|never`` on harvest and assess: the setting it sets, its errors, and no browser."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.run import fairgauge
from tests.conftest import FIXTURES

ZENODO = str(FIXTURES / "warc" / "zenodo-1196821_2026-07.warc.gz")
DOI = "doi:10.5281/zenodo.1196821"


def _harvest_json(tmp_path: Path, *args: str, env: dict[str, str] | None = None) -> dict[str, object]:
    out = tmp_path / "h.json"
    done = fairgauge("harvest", DOI, "--replay", ZENODO, "--format", "json", "-o", str(out), *args, env=env)
    assert done.returncode == 0, done.stderr
    data: dict[str, object] = json.loads(out.read_text())
    return data


def test_default_auto_does_not_render_a_static_page(tmp_path: Path) -> None:
    rendering = _harvest_json(tmp_path)["rendering"]
    assert isinstance(rendering, dict)
    assert rendering["mode"] == "auto" and rendering["status"] == "not_needed" and rendering["signals"] == []


def test_never(tmp_path: Path) -> None:
    rendering = _harvest_json(tmp_path, "--render", "never")["rendering"]
    assert isinstance(rendering, dict) and rendering["status"] == "disabled"


def test_setting_from_the_environment(tmp_path: Path) -> None:
    rendering = _harvest_json(tmp_path, env={"FAIRGAUGE_RENDER_JAVASCRIPT": "never"})["rendering"]
    assert isinstance(rendering, dict) and rendering["mode"] == "never"


def test_unknown_choice_is_a_one_line_error() -> None:
    done = fairgauge("harvest", DOI, "--replay", ZENODO, "--render", "sometimes")
    assert done.returncode == 2
    assert "--render" in done.stderr and "Traceback" not in done.stderr


def test_always_without_chromium_reports_it_and_assesses_the_static_view(tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    env = {"FAIRGAUGE_RENDER_CHROMIUM_PATH": str(tmp_path / "no-chromium")}
    done = fairgauge(
        "assess", DOI, "--replay", ZENODO, "--render", "always", "--format", "json", "-o", str(out), env=env
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(out.read_text())
    harvest = report["harvest"]
    assert harvest["rendering"]["status"] == "unavailable"
    found = [f for f in harvest["findings"] if f["code"] == "render.unavailable"]
    assert found and found[0]["severity"] == "error" and "apt-get install chromium" in found[0]["message"]
    assert {o["name"]: o["status"] for o in harvest["outcomes"]}["rendering"] == "error"
    assert report["summary"]["score_earned"]["FAIR"] > 0  # the static view is still assessed
    text = fairgauge("assess", DOI, "--replay", ZENODO, "--render", "always", env=env)
    assert "JavaScript" in text.stdout and "not rendered (unavailable)" in text.stdout
