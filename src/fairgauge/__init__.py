"""fairgauge: make research data FAIR and measure how FAIR it is."""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
