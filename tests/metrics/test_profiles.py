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
    from fairgauge.metrics.checks.reusable import LicensePresent

    with pytest.raises(ProfileError, match="duplicate check id"):
        CheckRegistry([LicensePresent, LicensePresent])
