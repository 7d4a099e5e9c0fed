"""fairgauge: make research data FAIR and measure how FAIR it is.

``fairgauge.assess(identifier, ...) -> Report`` assesses one data object (see
:func:`fairgauge.api.assess`); repeated calls share one HTTP client, parsed profiles and reference data.
It is imported on first use, so ``import fairgauge`` stays light and the lower layers (which import
``fairgauge._version``) never depend on the use case.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from fairgauge._version import __version__

__all__ = ["__version__", "assess"]


def __getattr__(name: str) -> Any:
    if name == "assess":
        return import_module("fairgauge.api").assess
    raise AttributeError(f"module 'fairgauge' has no attribute {name!r}")
