"""Property tests: mutated corpus documents and hostile structures never make a public extractor or link
parser raise (nor fall back on its internal-error guard); their output also goes through the link checks
and the merge. ``scripts/fuzz_extractors.py`` runs the same checks for as long as one likes."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.extract.hostile import MEDIA_TYPES, TARGET_NAMES, check, inputs_for

_QUIET = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example]


@pytest.mark.parametrize("target", TARGET_NAMES)
def test_no_exception_escapes(target: str) -> None:
    @settings(max_examples=25, deadline=None, database=None, suppress_health_check=_QUIET)
    @given(body=inputs_for(target), media_type=st.sampled_from(MEDIA_TYPES))
    def fuzz(body: bytes, media_type: str | None) -> None:
        check(target, body, media_type)

    fuzz()


@pytest.mark.slow
@pytest.mark.parametrize("target", TARGET_NAMES)
def test_no_exception_escapes_longer(target: str) -> None:
    @settings(max_examples=150, deadline=None, database=None, suppress_health_check=_QUIET)
    @given(body=inputs_for(target), media_type=st.sampled_from(MEDIA_TYPES))
    def fuzz(body: bytes, media_type: str | None) -> None:
        check(target, body, media_type)

    fuzz()
