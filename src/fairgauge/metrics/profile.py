"""Metric profiles: versioned YAML data, validated when loaded. A profile may extend another.

Validation catches what would silently skew scores: a principle that does not match the metric id,
test points that cannot reach the metric total (or exceed it under alternative scoring), duplicate
ids, and checks that do not exist.
"""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from fairgauge.errors import ProfileError

if TYPE_CHECKING:
    from fairgauge.metrics.registry import CheckRegistry

_FSF_ID = re.compile(r"^FsF-(?P<principle>[FAIR]\d(?:\.\d)?)-\d{2}(?:M|D|MD)$")
PROFILE_PACKAGE = "fairgauge.metrics.profiles"


class _Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class TestSpec(_Strict):
    id: str
    name: str
    score: float = Field(ge=0)
    maturity: int = Field(ge=0, le=3, description="0: the test has no maturity of its own.")
    check: str
    params: dict[str, Any] = Field(default_factory=dict)


class MetricSpec(_Strict):
    id: str
    number: int = Field(ge=1)
    name: str
    principle: str
    scoring: Literal["cumulative", "alternative"]
    total_score: float = Field(ge=0)
    scored: bool = True
    compatibility_note: str | None = None
    tests: list[TestSpec] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> MetricSpec:
        fsf = _FSF_ID.match(self.id)
        if fsf and fsf.group("principle") != self.principle:
            raise ValueError(f"{self.id}: principle {self.principle} does not match the id")
        for test in self.tests:
            if not test.id.startswith(self.id + "-"):
                raise ValueError(f"test {test.id} does not belong to metric {self.id}")
        scores = [t.score for t in self.tests]
        reachable = max(scores) if self.scoring == "alternative" else sum(scores)
        if abs(reachable - self.total_score) > 1e-9:
            raise ValueError(f"{self.id}: {self.scoring} test scores reach {reachable}, total is {self.total_score}")
        return self

    @property
    def category(self) -> str:
        return self.principle[0]


class Profile(_Strict):
    id: str
    version: str
    title: str
    specification: str
    status: str = "public"
    extends: str | None = None
    description: str = ""
    metrics: list[MetricSpec]

    @model_validator(mode="after")
    def _unique(self) -> Profile:
        for label, values in (
            ("metric id", [m.id for m in self.metrics]),
            ("metric number", [str(m.number) for m in self.metrics]),
            ("test id", [t.id for m in self.metrics for t in m.tests]),
        ):
            duplicates = sorted({v for v in values if values.count(v) > 1})
            if duplicates:
                raise ValueError(f"duplicate {label}: {', '.join(duplicates)}")
        return self

    @property
    def scored_metrics(self) -> list[MetricSpec]:
        return [m for m in self.metrics if m.scored]

    @property
    def total_score(self) -> float:
        return sum(m.total_score for m in self.scored_metrics)


def bundled_profile_ids() -> list[str]:
    folder = resources.files(PROFILE_PACKAGE)
    return sorted(p.name.removesuffix(".yaml") for p in folder.iterdir() if p.name.endswith(".yaml"))


def _read_raw(reference: str) -> dict[str, Any]:
    """A bundled profile id, or a path to a YAML file."""
    path = Path(reference)
    if reference.endswith((".yaml", ".yml")) and path.exists():
        text = path.read_text(encoding="utf-8")
    else:
        resource = resources.files(PROFILE_PACKAGE) / f"{reference}.yaml"
        if not resource.is_file():
            known = ", ".join(bundled_profile_ids())
            raise ProfileError(f"unknown profile {reference!r} (bundled: {known}; or give a .yaml file)")
        text = resource.read_text(encoding="utf-8")
    try:
        data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # C loader: ~10x faster
    except yaml.YAMLError as exc:
        raise ProfileError(f"profile {reference}: invalid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise ProfileError(f"profile {reference}: expected a mapping at the top level")
    return data


def _resolve(reference: str, seen: tuple[str, ...] = ()) -> dict[str, Any]:
    if reference in seen:
        raise ProfileError(f"profile inheritance loop: {' -> '.join((*seen, reference))}")
    raw = _read_raw(reference)
    parent_ref = raw.get("extends")
    if not parent_ref:
        return raw
    parent = _resolve(str(parent_ref), (*seen, reference))
    removed = set(raw.pop("remove_metrics", []) or [])
    overriding = {m["id"]: m for m in raw.pop("metrics", []) or [] if isinstance(m, dict)}
    metrics = [overriding.pop(m["id"], m) for m in parent.get("metrics", []) if m["id"] not in removed]
    return {**parent, **raw, "metrics": [*metrics, *overriding.values()], "extends": parent_ref}


def load_profile(reference: str, registry: CheckRegistry | None = None) -> Profile:
    """Load and validate a profile; with a registry, also check that every named check exists."""
    try:
        profile = Profile.model_validate(_resolve(reference))
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors())
        raise ProfileError(f"profile {reference} is invalid: {problems}") from exc
    if registry is not None:
        missing = sorted({t.check for m in profile.metrics for t in m.tests if t.check not in registry})
        if missing:
            raise ProfileError(f"profile {reference} names unknown checks: {', '.join(missing)}")
    return profile
