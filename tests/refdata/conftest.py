"""One ReferenceData for the whole refdata suite: it is immutable, and loading it is the slow part."""

from __future__ import annotations

import pytest

from fairgauge.refdata.reference import ReferenceData


@pytest.fixture(scope="session")
def refdata() -> ReferenceData:
    return ReferenceData().preload()
