"""Metric profiles: the bundled ones are exactly as specified; broken ones are refused with a reason."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest
import yaml

from fairgauge.errors import ProfileError
from fairgauge.metrics.profile import bundled_profile_ids, load_profile
from fairgauge.metrics.registry import CheckRegistry

REGISTRY = CheckRegistry.default()
CATEGORY_TOTALS = {"fsf-0.5": {"F": 7, "A": 3, "I": 4, "R": 10}, "fsf-0.8": {"F": 7, "A": 7, "I": 6, "R": 6}}
V08_NUMBERS = [1, 2, 5, 6, 7, 8, 9, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20]


@pytest.mark.parametrize(("profile_id", "metrics", "points"), [("fsf-0.5", 16, 24), ("fsf-0.8", 17, 26)])
def test_bundled_profiles_have_the_specified_size(profile_id: str, metrics: int, points: float) -> None:
    profile = load_profile(profile_id, REGISTRY)
    assert len(profile.scored_metrics) == metrics
    assert profile.total_score == points
    totals: dict[str, float] = defaultdict(float)
    for metric in profile.scored_metrics:
        totals[metric.category] += metric.total_score
    assert dict(totals) == CATEGORY_TOTALS[profile_id]
    assert [m.id for m in profile.metrics if not m.scored] == ["FsF-A2-01M"]


def test_v08_metric_numbers_and_specification() -> None:
    profile = load_profile("fsf-0.8", REGISTRY)
    assert [m.number for m in profile.scored_metrics] == V08_NUMBERS
    assert profile.specification == "https://doi.org/10.5281/zenodo.15045911"
    assert load_profile("fsf-0.5").specification == "https://doi.org/10.5281/zenodo.6461229"


def test_every_check_named_by_a_profile_exists() -> None:
    for profile_id in bundled_profile_ids():
        load_profile(profile_id, REGISTRY)


def _write(tmp_path: Path, data: dict[str, object], name: str = "custom.yaml") -> str:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data))
    return str(path)


def _metric(**overrides: object) -> dict[str, object]:
    metric: dict[str, object] = {
        "id": "FsF-R1.1-01M",
        "number": 1,
        "name": "Licence",
        "principle": "R1.1",
        "scoring": "cumulative",
        "total_score": 1,
        "tests": [
            {
                "id": "FsF-R1.1-01M-1",
                "name": "Licence given",
                "score": 1,
                "maturity": 3,
                "check": "r1.1.license_present",
            }
        ],
    }
    metric.update(overrides)
    return metric


def _profile(*metrics: dict[str, object], **overrides: object) -> dict[str, object]:
    return {
        "id": "custom",
        "version": "1",
        "title": "Custom",
        "specification": "https://example.org/spec",
        "metrics": list(metrics),
        **overrides,
    }


@pytest.mark.parametrize(
    ("metric", "message"),
    [
        (_metric(principle="F1"), "does not match the id"),
        (_metric(total_score=2), "reach 1.0, total is 2"),
        (_metric(scoring="alternative", total_score=2), "alternative test scores reach 1.0"),
        (
            _metric(
                tests=[{"id": "FsF-F1-01M-1", "name": "x", "score": 1, "maturity": 3, "check": "r1.1.license_present"}]
            ),
            "does not belong",
        ),
        (
            _metric(
                tests=[
                    {"id": "FsF-R1.1-01M-1", "name": "x", "score": 1, "maturity": 4, "check": "r1.1.license_present"}
                ]
            ),
            "maturity",
        ),
        (_metric(scoring="sometimes"), "scoring"),
    ],
)
def test_invalid_metric_is_refused(tmp_path: Path, metric: dict[str, object], message: str) -> None:
    with pytest.raises(ProfileError, match=message):
        load_profile(_write(tmp_path, _profile(metric)), REGISTRY)


def test_unknown_check_and_duplicates_are_refused(tmp_path: Path) -> None:
    unknown = _metric(tests=[{"id": "FsF-R1.1-01M-1", "name": "x", "score": 1, "maturity": 3, "check": "no.such"}])
    with pytest.raises(ProfileError, match=r"unknown checks: no\.such"):
        load_profile(_write(tmp_path, _profile(unknown)), REGISTRY)
    with pytest.raises(ProfileError, match="duplicate metric id"):
        load_profile(_write(tmp_path, _profile(_metric(), _metric(number=2))), REGISTRY)


def test_unknown_profile_and_bad_yaml(tmp_path: Path) -> None:
    with pytest.raises(ProfileError, match="unknown profile 'fsf-9'"):
        load_profile("fsf-9")
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: [unclosed")
    with pytest.raises(ProfileError, match="invalid YAML"):
        load_profile(str(bad))


def test_a_profile_extends_another(tmp_path: Path) -> None:
    scored_a2 = {
        "id": "FsF-A2-01M",
        "number": 10,
        "name": "Preservation",
        "principle": "A2",
        "scoring": "cumulative",
        "total_score": 1,
        "scored": True,
        "tests": [
            {"id": "FsF-A2-01M-1", "name": "Preserved", "score": 1, "maturity": 3, "check": "a2.metadata_preserved"}
        ],
    }
    child = _write(
        tmp_path,
        {
            "id": "fsf-0.8-a2",
            "version": "0.8+a2",
            "extends": "fsf-0.8",
            "remove_metrics": ["FsF-I2-01M"],
            "metrics": [scored_a2],
        },
    )
    profile = load_profile(child, REGISTRY)
    assert profile.extends == "fsf-0.8" and profile.id == "fsf-0.8-a2"
    assert profile.total_score == 26 - 2 + 1
    assert "FsF-I2-01M" not in {m.id for m in profile.metrics}
    assert next(m for m in profile.metrics if m.id == "FsF-A2-01M").scored


def test_inheritance_loop_is_refused(tmp_path: Path) -> None:
    first = tmp_path / "a.yaml"
    second = tmp_path / "b.yaml"
    first.write_text(yaml.safe_dump({"extends": str(second)}))
    second.write_text(yaml.safe_dump({"extends": str(first)}))
    with pytest.raises(ProfileError, match="inheritance loop"):
        load_profile(str(first))


def test_duplicate_check_ids_are_refused() -> None:
    from fairgauge.metrics.checks.reusable import LicensePresentCheck

    with pytest.raises(ProfileError, match="duplicate check id"):
        CheckRegistry([LicensePresentCheck, LicensePresentCheck])


def _alias_bomb(levels: int = 9, fan: int = 9) -> str:
    """The billion-laughs shape: each level lists the previous one ``fan`` times (9**9 nodes expanded)."""
    lines = ["l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for i in range(1, levels + 1):
        lines.append(f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * fan)}]")
    return "\n".join(lines) + "\n"


BASE = "id: mine\nversion: '1'\ntitle: t\nspecification: s\nextends: fsf-0.8\n"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (_alias_bomb() + BASE + "metrics:\n- id: FsF-F1-01D\n  bomb: *l9\n", "more than 100000 YAML nodes"),
        (
            BASE + "metrics:\n- id: FsF-F1-01D\n  tests:\n  - {id: FsF-F1-01D-1, params: {x: " + "[" * 100_000,
            "nested deeper than 50",
        ),
        ("[" * 100_000 + "]" * 100_000, "nested deeper than 50"),
        (BASE + "metrics: [1, 2]\n", "'metrics' must be a list of metrics"),
        (BASE + "metrics: {FsF-F1-01D: x}\n", "'metrics' must be a list of metrics"),
        (BASE + "remove_metrics: FsF-F1-01D\n", "'remove_metrics' must be a list of metric ids"),
        (BASE.replace("extends: fsf-0.8", "extends: [fsf-0.8]"), "'extends' must be a profile id"),
        ("a: &a [1]\nb: *c\n", "invalid YAML"),
    ],
)
def test_hostile_profile_yaml_is_a_profile_error(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "hostile.yaml"
    path.write_text(content)
    with pytest.raises(ProfileError, match=message):
        load_profile(str(path))


def test_a_few_aliases_are_still_fine(tmp_path: Path) -> None:
    """Anchors for reuse are ordinary YAML; only their expansion is bounded."""
    path = tmp_path / "reuse.yaml"
    path.write_text(BASE.replace("title: t", "title: &note shared") + "description: *note\n")
    assert load_profile(str(path)).description == "shared"


@pytest.mark.parametrize(("name", "message"), [("zero.yaml", "larger than 2000000 bytes"), ("bin.yaml", "not UTF-8")])
def test_unreadable_profile_files(tmp_path: Path, name: str, message: str) -> None:
    path = tmp_path / name
    if name == "zero.yaml":
        path.symlink_to("/dev/zero")
    else:
        path.write_bytes(b"\xff\xfe\x00")
    with pytest.raises(ProfileError, match=message):
        load_profile(str(path))


def test_self_referencing_alias_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "cycle.yaml"
    path.write_text(BASE + "metrics:\n- &m {id: FsF-F1-01D, loop: *m}\n")
    with pytest.raises(ProfileError, match="refers to itself"):
        load_profile(str(path))


# A profile someone writes by hand: FsF v0.8 with its F2 metric asking for fewer core elements.
CUSTOM_F2 = """\
id: fsf-0.8-short-f2
version: "0.8+short.1"
title: FsF v0.8 with a shorter core-metadata list
specification: https://example.org/short-f2
extends: fsf-0.8
metrics:
  - id: FsF-F2-01M
    number: 5
    name: Metadata includes the citation core elements.
    principle: F2
    scoring: cumulative
    total_score: 2
    tests:
      - {id: FsF-F2-01M-1, name: "Title and creator", score: 1, maturity: 1, check: f2.core_metadata,
         params: PARAMS}
      - {id: FsF-F2-01M-2, name: "Citation", score: 1, maturity: 2, check: f2.core_citation_metadata}
"""


def _custom(tmp_path: Path, params: str) -> Path:
    path = tmp_path / "short-f2.yaml"
    path.write_text(CUSTOM_F2.replace("PARAMS", params))
    return path


def test_a_check_takes_the_params_its_model_declares(tmp_path: Path) -> None:
    from fairgauge.metrics.checks.findable import CoreElementsParams
    from fairgauge.metrics.scoring import CheckRunner
    from tests.metrics.evidence import evidence_for

    profile = load_profile(str(_custom(tmp_path, "{elements: [title, creator]}")), REGISTRY)
    test = next(t for m in profile.metrics if m.id == "FsF-F2-01M" for t in m.tests if t.id == "FsF-F2-01M-1")
    assert REGISTRY.get(test.check).parse_params(test.params) == CoreElementsParams(elements=("title", "creator"))
    result = CheckRunner(evidence_for("corpus:zenodo-1196821_2026-07"), REGISTRY).run(test.check, test.params)
    assert result.outcome == "pass"
    assert set(result.output["core_metadata_found"]) == {"title", "creator"}


@pytest.mark.parametrize(
    ("params", "problem"),
    [
        ("{elemnts: [title]}", r"'elemnts': unknown parameter \(parameters it takes: elements\)"),
        ("{elements: [title, author]}", r"'elements\.1': Input should be 'creator', 'title', "),
        ("{elements: title}", r"'elements': Input should be a valid tuple"),
        ("{flag: open}", r"'flag': unknown parameter \(parameters it takes: elements\)"),
    ],
)
def test_bad_check_params_are_refused_when_the_profile_loads(tmp_path: Path, params: str, problem: str) -> None:
    path = _custom(tmp_path, params)
    expected = rf"^profile {path}: metric FsF-F2-01M, test FsF-F2-01M-1: params of check f2.core_metadata are "
    with pytest.raises(ProfileError, match=expected + f"invalid: {problem}"):
        load_profile(str(path), REGISTRY)
    with pytest.raises(ProfileError, match=problem):  # the default registry too (fairgauge metrics list, show)
        load_profile(str(path))


@pytest.mark.parametrize(
    ("check", "params", "problem"),
    [
        ("r1.3.file_format", "{flag: opne}", r"'flag': Input should be 'open', 'long_term' or 'scientific'"),
        ("a1.1.data_protocol", "{require_resolvable: maybe}", r"'require_resolvable': Input should be a valid boolean"),
        ("r1.3.community_standard", "{include_repo: true}", r"'include_repo': unknown parameter"),
        ("r1.1.license_present", "{strict: true}", r"'strict': unknown parameter \(parameters it takes: none\)"),
    ],
)
def test_every_parameterised_check_validates_its_params(tmp_path: Path, check: str, params: str, problem: str) -> None:
    text = CUSTOM_F2.replace("f2.core_metadata", check).replace("PARAMS", params)
    path = tmp_path / "custom.yaml"
    path.write_text(text)
    with pytest.raises(ProfileError, match=rf"test FsF-F2-01M-1: params of check {check} are invalid: {problem}"):
        load_profile(str(path), REGISTRY)


def test_every_core_element_has_an_extractor_and_advice() -> None:
    from typing import get_args

    from fairgauge.metrics.checks.findable import _WHERE, ELEMENTS, CoreElement

    assert tuple(ELEMENTS) == tuple(_WHERE) == get_args(CoreElement)
