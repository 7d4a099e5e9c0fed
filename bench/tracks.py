"""Benchmark the FAIRtracks validator: throughput on a generated 10,000-track document and on the
published example set, cold and warm start of the CLI, peak memory.

    .venv/bin/python bench/tracks.py [--tracks 10000] [--repeat 5] [--no-fixtures]

Cold start: ``fairgauge tracks validate`` in a fresh process with an empty cache directory (compiles
the ontology index and the CURIE table). Warm start: the same command again (index opened). Both on
the published v1.0.2 example. By default the fixture ontologies of the test suite are given so that
every term check is answerable offline; ``--no-fixtures`` uses only what PyPI packages ship.
"""

from __future__ import annotations

import argparse
import copy
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "tests" / "fixtures" / "tracks" / "examples"
ONTOLOGIES = sorted((ROOT / "tests" / "fixtures" / "tracks" / "ontologies").glob("*.fixture.*"))
FAIRGAUGE = Path(sys.executable).parent / "fairgauge"


def generated_document(tracks: int) -> bytes:
    """The v1.0.2 example with ``tracks`` tracks (unique ids, the four example formats in turn)."""
    document = json.loads((EXAMPLES / "v1.0.2" / "fairtracks.example.json").read_text())
    templates = document["tracks"]
    document["tracks"] = []
    for index in range(tracks):
        track = copy.deepcopy(templates[index % len(templates)])
        track["local_id"] = f"encode:ENCFF{index:06d}"
        track["raw_file_ids"] = ["encode:ENCFF207FGO", "encode:ENCFF842FEQ"]
        document["tracks"].append(track)
    return json.dumps(document).encode()


def cli_seconds(cache: Path, fixtures: bool) -> tuple[float, float, int]:
    """Wall and CPU seconds (user + system of the child process) of one CLI run, and its exit code.
    CPU time is what to compare on a loaded machine: wall time includes waiting for a core."""
    args = [str(FAIRGAUGE), "tracks", "validate", str(EXAMPLES / "v1.0.2" / "fairtracks.example.json")]
    if fixtures:
        args += [arg for path in ONTOLOGIES for arg in ("--ontology", str(path))]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(
        args, env={"FAIRGAUGE_CACHE_DIR": str(cache), "PATH": "/usr/bin:/bin"}, capture_output=True, check=False
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, done.returncode


def timed(repeat: int, work: Any) -> list[tuple[float, float]]:
    """(wall, CPU) seconds of each run of ``work`` in this process."""
    times = []
    for _ in range(repeat):
        start, cpu = time.perf_counter(), time.process_time()
        work()
        times.append((time.perf_counter() - start, time.process_time() - cpu))
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tracks", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--no-fixtures", action="store_true", help="only packaged ontology data")
    options = parser.parse_args()
    fixtures = not options.no_fixtures

    with tempfile.TemporaryDirectory() as cache_dir:
        cache = Path(cache_dir)
        cold, cold_cpu, cold_exit = cli_seconds(cache, fixtures)
        warm, warm_cpu, _ = min(cli_seconds(cache, fixtures) for _ in range(3))
        print(
            f"CLI cold start (empty cache: builds index + CURIE table): {cold:6.2f} s wall, {cold_cpu:6.2f} s CPU "
            f"(exit {cold_exit})"
        )
        print(f"CLI warm start (fresh process, index built):              {warm:6.2f} s wall, {warm_cpu:6.2f} s CPU")

        from fairgauge.settings import load_settings
        from fairgauge.tracks.jsonload import load_document, read_documents
        from fairgauge.tracks.service import build_service

        start = time.perf_counter()
        service = build_service(load_settings(cache_dir=cache), ontology_files=ONTOLOGIES if fixtures else [])
        validator = service.validator()
        print(f"in-process service build (warm cache):                    {time.perf_counter() - start:6.3f} s")

        raw = generated_document(options.tracks)
        status: list[str] = []
        runs = timed(options.repeat, lambda: status.append(validator.validate([load_document(raw, "big.json")]).status))
        best, best_cpu = min(runs)
        mean = sum(r[0] for r in runs) / len(runs)
        print(
            f"{options.tracks} tracks, one document ({len(raw) / 1e6:.1f} MB), parse + validate, warm: "
            f"best {best:.2f} s wall ({best_cpu:.2f} s CPU), mean {mean:.2f} s -> {options.tracks / best:,.0f} "
            f"tracks/s [{status[-1]}]"
        )

        examples = read_documents([EXAMPLES / "v1.0.2", EXAMPLES / "v1.0.1", EXAMPLES / "v1.0"])
        set_runs = timed(options.repeat * 4, lambda: validator.validate(examples))
        set_best, set_cpu = min(set_runs)
        tracks = sum(len(d.data.get("tracks", [1])) if isinstance(d.data, dict) else 0 for d in examples)
        print(
            f"published example set ({len(examples)} documents, {tracks} tracks) as one set: "
            f"best {set_best * 1000:.1f} ms wall ({set_cpu * 1000:.1f} ms CPU) -> {len(examples) / set_best:,.0f} "
            "documents/s, "
            f"{tracks / set_best:,.0f} tracks/s"
        )

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"peak RSS: {peak:.0f} MB (this process), {children:.0f} MB (largest CLI child)")


if __name__ == "__main__":
    main()
