"""CPU time per assessment, replayed from the corpus archives (so no network wait), and peak RSS.

    python bench/assess.py [--rounds N] [--profile fsf-0.8]

Each object is assessed once to warm up (imports, reference data, compiled parsers), then N more
times; the numbers are per assessment over the warm rounds. Target: 25 ms CPU or less.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time

from common import corpus_objects, cpu_seconds, peak_rss_mb

from fairgauge.assessment import Assessor
from fairgauge.harvest.harvester import open_fetcher
from fairgauge.harvest.warc import WarcArchive
from fairgauge.settings import Settings


async def assess_once(assessor: Assessor, identifier: str, archive: WarcArchive, profile: str) -> float:
    async with open_fetcher(assessor.settings, archive=archive) as fetcher:
        report = await assessor.assess_with(identifier, fetcher, profile=profile)
    return report.summary.score_percent["FAIR"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--profile", default="fsf-0.8")
    args = parser.parse_args()
    started_cpu, started = cpu_seconds(), time.perf_counter()
    assessor = Assessor(Settings())
    assessor.ref.preload()
    objects = [
        (ident, WarcArchive.load([path]), path.name.removesuffix(".warc.gz")) for ident, path in corpus_objects()
    ]
    for ident, archive, _ in objects:
        asyncio.run(assess_once(assessor, ident, archive, args.profile))
    cold = cpu_seconds() - started_cpu
    per_object: dict[str, list[float]] = {}
    cpu_before, wall_before = cpu_seconds(), time.perf_counter()
    for _ in range(args.rounds):
        for ident, archive, name in objects:
            t0 = time.process_time()
            asyncio.run(assess_once(assessor, ident, archive, args.profile))
            per_object.setdefault(name, []).append((time.process_time() - t0) * 1000)
    count = args.rounds * len(objects)
    cpu_ms = (cpu_seconds() - cpu_before) / count * 1000
    wall_ms = (time.perf_counter() - wall_before) / count * 1000
    print(f"objects: {len(objects)} archives x {args.rounds} rounds = {count} assessments ({args.profile}, replayed)")
    print(f"cold start (reference data, first pass): {cold:.2f} s CPU, {time.perf_counter() - started:.2f} s wall")
    print(f"warm: {cpu_ms:.1f} ms CPU per assessment, {wall_ms:.1f} ms wall, {1000 / wall_ms:.1f} assessments/s")
    slowest = sorted(per_object.items(), key=lambda kv: -statistics.median(kv[1]))[:3]
    print("slowest (median ms CPU): " + ", ".join(f"{name} {statistics.median(v):.1f}" for name, v in slowest))
    landing = [v for name, v in per_object.items() if not name[0].isdigit()]
    print(
        f"landing-page captures (Zenodo, PANGAEA): {statistics.median([x for v in landing for x in v]):.1f} ms median"
    )
    print(f"peak RSS: {peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
