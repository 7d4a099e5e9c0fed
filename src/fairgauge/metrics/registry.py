"""The check registry: built-in checks and plug-ins go through the same path; duplicate ids are errors."""

from __future__ import annotations

from collections.abc import Iterable
from importlib.metadata import entry_points
from typing import Any

from fairgauge.errors import ProfileError
from fairgauge.metrics.base import Check, CheckParams

ENTRY_POINT_GROUP = "fairgauge.checks"


class CheckRegistry:
    """Check instances by id."""

    def __init__(self, checks: Iterable[type[Check[Any]]]) -> None:
        self._checks: dict[str, Check[Any]] = {}
        for check_class in checks:
            self.add(check_class)

    def add(self, check_class: type[Check[Any]]) -> None:
        check_id = getattr(check_class, "id", None)
        if not check_id:
            raise ProfileError(f"check class {check_class.__name__} has no id")
        if not hasattr(check_class, "evidence_steps"):
            raise ProfileError(
                f"check {check_id!r} ({check_class.__name__}) does not declare evidence_steps (the harvesting "
                "steps its evidence comes from; () when it judges only the identifier)"
            )
        params_model = getattr(check_class, "params_model", None)
        if not (isinstance(params_model, type) and issubclass(params_model, CheckParams)):
            raise ProfileError(f"check {check_id!r} ({check_class.__name__}): params_model is not a CheckParams model")
        if check_id in self._checks:
            raise ProfileError(f"duplicate check id {check_id!r} ({check_class.__name__})")
        self._checks[check_id] = check_class()

    def get(self, check_id: str) -> Check[Any]:
        try:
            return self._checks[check_id]
        except KeyError:
            raise ProfileError(f"unknown check {check_id!r}") from None

    def __contains__(self, check_id: object) -> bool:
        return check_id in self._checks

    def ids(self) -> list[str]:
        return sorted(self._checks)

    @classmethod
    def default(cls) -> CheckRegistry:
        """Built-in checks plus those plug-ins register under the ``fairgauge.checks`` entry point group
        (each entry point names a Check subclass or an iterable of them)."""
        from fairgauge.metrics.checks import BUILTIN_CHECKS

        registry = cls(BUILTIN_CHECKS)
        for entry in entry_points(group=ENTRY_POINT_GROUP):
            loaded = entry.load()
            for check_class in loaded if isinstance(loaded, Iterable) else (loaded,):
                registry.add(check_class)
        return registry
