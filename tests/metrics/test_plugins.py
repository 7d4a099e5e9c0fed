"""The plug-in path of the check registry: a distribution that declares checks under the ``fairgauge.checks``
entry point group is found, its checks run in a profile like the built-in ones, and a clash is an error.

Nothing is installed: a module and its ``*.dist-info`` (METADATA + entry_points.txt, what pip writes) are put
in a temporary folder on ``sys.path``, where ``importlib.metadata`` finds installed distributions."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

import fairgauge
from fairgauge.assessment import Assessor
from fairgauge.errors import ProfileError
from fairgauge.metrics.profile import load_profile
from fairgauge.metrics.registry import ENTRY_POINT_GROUP, CheckRegistry
from fairgauge.settings import Settings
from tests.conftest import FIXTURES

ZENODO = FIXTURES / "warc" / "zenodo-1196821_2026-07.warc.gz"

PLUGIN = '''
from pydantic import Field

from fairgauge.metrics.base import Check, CheckParams, NoParams
from fairgauge.metrics.evidence import METADATA_STEPS


class TitleWordsParams(CheckParams):
    min_words: int = Field(3, ge=1)


class TitleWordsCheck(Check[TitleWordsParams]):
    """Passes when the title has at least ``min_words`` words."""

    id = "demo.title_words"
    title = "The title says enough"
    codes = (f"{id}/enough", f"{id}/short")
    recommendation = "Give the data a descriptive title."
    evidence_steps = METADATA_STEPS
    params_model = TitleWordsParams

    def evaluate(self, evidence, params):
        titles = evidence.harvest.metadata.values("titles")
        words = len(str(titles[0]).split()) if titles else 0
        output = {"title_words": words}
        if words >= params.min_words:
            return self.passed("enough", f"the title has {words} words", output)
        return self.failed("short", f"the title has {words} words", output)


class NeverCheck(Check[NoParams]):
    id = "demo.never"
    title = "Always fails"
    codes = (f"{id}/no",)
    evidence_steps = ()

    def evaluate(self, evidence, params):
        return self.failed("no", "never")


PAIR = [TitleWordsCheck, NeverCheck]
'''

PROFILE = """
id: demo-plugin
version: "0.8+demo.1"
title: FsF v0.8 plus a plug-in metric
specification: https://example.org/demo-plugin
status: community
extends: fsf-0.8
metrics:
  - id: DEMO-F2-01M
    number: 90
    name: The title is descriptive.
    principle: F2
    scoring: cumulative
    total_score: 2
    tests:
      - {id: DEMO-F2-01M-1, name: "Three words", score: 1, maturity: 1, check: demo.title_words}
      - {id: DEMO-F2-01M-2, name: "Forty words", score: 1, maturity: 2, check: demo.title_words,
         params: {min_words: 40}}
"""


def _distribution(root: Path, module: str, entry_points: str) -> None:
    """What ``pip install`` leaves in site-packages: the module and its dist-info with entry points."""
    (root / f"{module}.py").write_text(PLUGIN)
    info = root / f"{module}-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {module}\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text(f"[{ENTRY_POINT_GROUP}]\n{textwrap.dedent(entry_points)}")


@pytest.fixture()
def plugin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    _distribution(tmp_path, "fairgauge_demo_checks", "title_words = fairgauge_demo_checks:TitleWordsCheck\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    return tmp_path


def test_the_builtin_registry_has_no_demo_check() -> None:
    assert "demo.title_words" not in CheckRegistry.default()


def test_an_installed_plugin_check_is_registered(plugin: Path) -> None:
    registry = CheckRegistry.default()
    assert "demo.title_words" in registry and "demo.never" not in registry
    assert type(registry.get("demo.title_words")).__name__ == "TitleWordsCheck"
    assert "f2.core_metadata" in registry  # the built-in checks are still there


def test_a_plugin_check_runs_in_a_profile_like_a_builtin_one(plugin: Path, tmp_path: Path) -> None:
    profile = tmp_path / "demo-plugin.yaml"
    profile.write_text(PROFILE)
    assessor = Assessor(Settings(cache_dir=tmp_path))  # a fresh one: registries are built per Assessor
    report = fairgauge.assess("doi:10.5281/zenodo.1196821", profile=str(profile), replay=[ZENODO], assessor=assessor)
    result = next(r for r in report.results if r.metric_identifier == "DEMO-F2-01M")
    tests = result.metric_tests
    words = tests["DEMO-F2-01M-1"].output["title_words"]
    assert words >= 3
    assert tests["DEMO-F2-01M-1"].metric_test_status == "pass"
    assert tests["DEMO-F2-01M-2"].metric_test_status == "fail"
    assert tests["DEMO-F2-01M-1"].check == "demo.title_words"
    assert result.score.earned == 1 and result.score.total == 2
    assert report.total_metrics == 18  # fsf-0.8's 17 and the plug-in metric


@pytest.mark.parametrize(
    ("params", "problem"),
    [
        ("{min_word: 40}", r"'min_word': unknown parameter \(parameters it takes: min_words\)"),
        ("{min_words: 0}", r"'min_words': Input should be greater than or equal to 1"),
    ],
)
def test_a_plugin_checks_params_are_validated_when_the_profile_loads(
    plugin: Path, tmp_path: Path, params: str, problem: str
) -> None:
    profile = tmp_path / "demo-plugin.yaml"
    profile.write_text(PROFILE.replace("params: {min_words: 40}", f"params: {params}"))
    with pytest.raises(ProfileError, match=rf"metric DEMO-F2-01M, test DEMO-F2-01M-2: .*{problem}"):
        load_profile(str(profile), CheckRegistry.default())


def test_an_entry_point_may_name_a_list_of_checks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _distribution(tmp_path, "fairgauge_demo_pair", "pair = fairgauge_demo_pair:PAIR\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    registry = CheckRegistry.default()
    assert {"demo.title_words", "demo.never"} <= set(registry.ids())


def test_a_plugin_reusing_a_builtin_id_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _distribution(tmp_path, "fairgauge_demo_clash", "clash = fairgauge_demo_clash:TitleWordsCheck\n")
    module = tmp_path / "fairgauge_demo_clash.py"
    module.write_text(module.read_text().replace('id = "demo.title_words"', 'id = "f2.core_metadata"'))
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(ProfileError, match=r"duplicate check id 'f2\.core_metadata'"):
        CheckRegistry.default()
