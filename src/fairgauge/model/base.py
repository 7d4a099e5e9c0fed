"""The base class every fairgauge model derives from."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class FrozenModel(BaseModel):
    """Immutable model: evidence, once harvested, must not change under the checks that read it."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)
