"""Metric profiles: versioned YAML data, validated when loaded. A profile may extend another.

Validation catches what would silently skew scores: a principle that does not match the metric id,
test points that cannot reach the metric total (or exceed it under alternative scoring), duplicate
ids, checks that do not exist, and check parameters their check does not take or would not accept
(each check's :class:`~fairgauge.metrics.base.CheckParams` model says which).
"""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from fairgauge.errors import ProfileError
from fairgauge.metrics.profile_yaml import MAX_PROFILE_BYTES, load_profile_yaml
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


def _read_text(path: Path, reference: str) -> str:
    """At most MAX_PROFILE_BYTES (+1 to notice more): /dev/zero or a huge file is refused, not read."""
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_PROFILE_BYTES + 1)
    except OSError as exc:
        raise ProfileError(f"profile {reference}: cannot read it: {exc.strerror or exc}") from exc
    if len(data) > MAX_PROFILE_BYTES:
        raise ProfileError(f"profile {reference}: larger than {MAX_PROFILE_BYTES} bytes")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ProfileError(f"profile {reference}: not UTF-8 text ({exc.reason} at byte {exc.start})") from exc


def _read_raw(reference: str) -> dict[str, Any]:
    """A bundled profile id, or a path to a YAML file."""
    path = Path(reference)
    if reference.endswith((".yaml", ".yml")) and path.exists():
        text = _read_text(path, reference)
    else:
        resource = resources.files(PROFILE_PACKAGE) / f"{reference}.yaml"
        if not resource.is_file():
            known = ", ".join(bundled_profile_ids())
            raise ProfileError(f"unknown profile {reference!r} (bundled: {known}; or give a .yaml file)")
        text = resource.read_text(encoding="utf-8")
    data = load_profile_yaml(text, reference)
    if not isinstance(data, dict):
        raise ProfileError(f"profile {reference}: expected a mapping at the top level")
    return data


def _metric_entries(raw: dict[str, Any], key: str, reference: str) -> list[dict[str, Any]]:
    """``metrics`` of a profile that takes part in inheritance: a list of mappings, each with an ``id``."""
    entries = raw.get(key) or []
    if not isinstance(entries, list) or not all(isinstance(m, dict) and isinstance(m.get("id"), str) for m in entries):
        raise ProfileError(f"profile {reference}: '{key}' must be a list of metrics, each a mapping with an 'id'")
    return entries


def _resolve(reference: str, seen: tuple[str, ...] = ()) -> dict[str, Any]:
    if reference in seen:
        raise ProfileError(f"profile inheritance loop: {' -> '.join((*seen, reference))}")
    raw = _read_raw(reference)
    parent_ref = raw.get("extends")
    if not parent_ref:
        return raw
    if not isinstance(parent_ref, str):
        raise ProfileError(f"profile {reference}: 'extends' must be a profile id or a .yaml path")
    parent = _resolve(parent_ref, (*seen, reference))
    removed = raw.pop("remove_metrics", None) or []
    if not isinstance(removed, list) or not all(isinstance(item, str) for item in removed):
        raise ProfileError(f"profile {reference}: 'remove_metrics' must be a list of metric ids")
    overriding = {m["id"]: m for m in _metric_entries(raw, "metrics", reference)}
    raw.pop("metrics", None)
    inherited = _metric_entries(parent, "metrics", parent_ref)
    metrics = [overriding.pop(m["id"], m) for m in inherited if m["id"] not in set(removed)]
    return {**parent, **raw, "metrics": [*metrics, *overriding.values()], "extends": parent_ref}


def _problems(exc: ValidationError) -> str:
    return "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors())


def _check_params(profile: Profile, reference: str, registry: CheckRegistry) -> None:
    """Every test's ``params`` against its check's params model: a misspelt key or a value the check
    cannot use is an error now, naming the file, metric, test and key, not a surprise mid-assessment."""
    for metric in profile.metrics:
        for test in metric.tests:
            check = registry.get(test.check)
            try:
                check.parse_params(test.params)
            except ValidationError as exc:
                allowed = ", ".join(check.params_model.model_fields) or "none"
                raise ProfileError(
                    f"profile {reference}: metric {metric.id}, test {test.id}: params of check {test.check} "
                    f"are invalid: {_params_problems(exc)} (parameters it takes: {allowed})"
                ) from exc


def _params_problems(exc: ValidationError) -> str:
    """``'elemnts': unknown parameter`` rather than pydantic's "Extra inputs are not permitted"."""
    problems = []
    for error in exc.errors():
        key = ".".join(str(p) for p in error["loc"])
        message = "unknown parameter" if error["type"] == "extra_forbidden" else error["msg"]
        problems.append(f"{key!r}: {message}")
    return "; ".join(problems)


def load_profile(reference: str, registry: CheckRegistry | None = None) -> Profile:
    """Load and validate a profile against ``registry`` (the built-in checks and plug-ins by default):
    every named check exists and every test's params suit its check."""
    try:
        profile = Profile.model_validate(_resolve(reference))
    except ValidationError as exc:
        raise ProfileError(f"profile {reference} is invalid: {_problems(exc)}") from exc
    checks = registry if registry is not None else CheckRegistry.default()
    missing = sorted({t.check for m in profile.metrics for t in m.tests if t.check not in checks})
    if missing:
        raise ProfileError(f"profile {reference} names unknown checks: {', '.join(missing)}")
    _check_params(profile, reference, checks)
    return profile
