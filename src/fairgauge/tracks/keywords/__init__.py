"""The registry of extended-keyword checks: an explicit tuple of built-ins plus entry points.

Plug-ins register classes under the entry-point group ``fairgauge.tracks.keyword_checks`` and go through
the same path as the built-ins; two checks with one id, or two checks claiming one site kind, are an
error. A site kind no check claims is a bug caught by the tests.
"""

from __future__ import annotations

from importlib.metadata import entry_points

from fairgauge.errors import TracksError
from fairgauge.tracks.keywords.augmented import AugmentedCheck
from fairgauge.tracks.keywords.base import CheckContext, DocumentState, KeywordCheck
from fairgauge.tracks.keywords.curie import CurieFormatCheck
from fairgauge.tracks.keywords.foreign import ForeignPropertyCheck
from fairgauge.tracks.keywords.keys import ForeignKeysCheck, JoinKeysCheck, PrimaryKeyCheck, UniqueCheck
from fairgauge.tracks.keywords.terms import TermFormatCheck, TermPairCheck

ENTRY_POINT_GROUP = "fairgauge.tracks.keyword_checks"

BUILTIN_CHECKS: tuple[type[KeywordCheck], ...] = (
    TermFormatCheck,
    TermPairCheck,
    CurieFormatCheck,
    UniqueCheck,
    PrimaryKeyCheck,
    ForeignKeysCheck,
    JoinKeysCheck,
    ForeignPropertyCheck,
    AugmentedCheck,
)


def load_checks(include_plugins: bool = True) -> tuple[KeywordCheck, ...]:
    """Instantiate the built-in checks and any plug-ins; refuse duplicate ids or kinds."""
    classes = list(BUILTIN_CHECKS)
    if include_plugins:
        classes += [ep.load() for ep in entry_points(group=ENTRY_POINT_GROUP)]
    ids: dict[str, str] = {}
    kinds: dict[str, str] = {}
    for cls in classes:
        if cls.id in ids:
            raise TracksError(f"two keyword checks have the id {cls.id!r}")
        ids[cls.id] = cls.__name__
        for kind in cls.kinds:
            if kind in kinds:
                raise TracksError(f"site kind {kind!r} is claimed by {kinds[kind]} and {cls.__name__}")
            kinds[kind] = cls.__name__
    return tuple(cls() for cls in classes)


__all__ = ["BUILTIN_CHECKS", "CheckContext", "DocumentState", "KeywordCheck", "load_checks"]
