"""Evidence for check tests: harvest a named source (corpus capture, A2A case, hand-made site) once."""

from __future__ import annotations

from functools import cache

from fairgauge.metrics.base import Evidence
from tests.harvest.corpus import A2A, A2A_EXPECTED, FACTS, WARC, assessor, harvest_archive
from tests.sites import site, site_archive


@cache
def evidence_for(source: str) -> Evidence:
    kind, name = source.split(":", 1)
    if kind == "corpus":
        harvest = harvest_archive(f"https://doi.org/{FACTS[name]['doi']}", WARC / f"{name}.warc.gz")
    elif kind == "a2a":
        harvest = harvest_archive(A2A_EXPECTED[name]["pid_w3id"], A2A / f"{name}.warc.gz")
    elif kind == "site":
        harvest = harvest_archive(site(name)["identifier"], site_archive(name))
    else:
        raise ValueError(f"unknown source kind in {source!r}")
    return Evidence(harvest=harvest, ref=assessor().ref)
