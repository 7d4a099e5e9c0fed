"""Harvesting: the only package that touches the network.

It fetches what a machine would (PID resolution, landing page, signposting, content negotiation,
DataCite, re3data, metadata services, data file samples), keeps every exchange as evidence, turns
bodies into metadata records with the pure parsers in :mod:`fairgauge.extract` and merges them with
:mod:`fairgauge.merge`.
"""

import sys

# httpx/__init__ imports its command-line client (httpx._main), which pulls in click, rich.progress,
# rich.syntax and pygments: ~40-90 ms of every start-up, for a CLI fairgauge never runs. A ``None``
# entry in sys.modules makes that one import fail, and httpx then falls back to a stub ``httpx.main``
# (its own ``except ImportError``); the HTTP client itself is untouched. Only when httpx is not loaded
# yet (someone who imported it first keeps it as it is).
if "httpx" not in sys.modules and "httpx._main" not in sys.modules:
    sys.modules["httpx._main"] = None  # type: ignore[assignment]  # None is the import system's "absent"
