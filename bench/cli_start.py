"""Start-up cost of the command line and of one one-shot ``fairgauge.assess()`` call.

    python bench/cli_start.py [--rounds N]

Prints, each the median of N fresh processes (the first run warms the OS file cache and the bytecode
cache and is dropped; ``PYTHONDONTWRITEBYTECODE`` is removed from the environment, as on a user's
machine, else every run would compile fairgauge's sources again):

- ``fairgauge --help`` wall time (target < 0.3 s) and CPU;
- a replayed ``fairgauge assess`` wall time, the README quick-start command (target < 0.6 s), and CPU;
- CPU spent by ``import fairgauge.cli.main`` and then by ``import fairgauge.assessment``;
- CPU of the first and of later one-shot ``fairgauge.assess()`` calls in one process (the later calls
  show what the per-process caches of parsed profiles and SSL contexts save).

On a loaded machine wall times are waiting time; the CPU figures are what one run costs.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "zenodo-1196821_2026-07.warc.gz"
IDENTIFIER = "doi:10.5281/zenodo.1196821"

_CPU_PROBE = """
import json, resource, sys, time
def cpu():
    u = resource.getrusage(resource.RUSAGE_SELF)
    return u.ru_utime + u.ru_stime
t0 = cpu()
import fairgauge.cli.main
t1 = cpu()
import fairgauge.assessment
t2 = cpu()
import fairgauge
calls = []
for _ in range(4):
    c0 = cpu()
    fairgauge.assess(sys.argv[1], replay=[sys.argv[2]])
    calls.append(cpu() - c0)
print(json.dumps({"cli_import": t1 - t0, "assess_import": t2 - t1, "calls": calls}))
"""


ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"} | {"COLUMNS": "100"}


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _run(argv: list[str]) -> tuple[float, float]:
    """(wall, CPU) seconds of one process."""
    cpu, started = _children_cpu(), time.perf_counter()
    done = subprocess.run(argv, capture_output=True, env=ENV, check=False)
    elapsed = time.perf_counter() - started
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(argv)} exited {done.returncode}: {done.stderr.decode()[-400:]}")
    return elapsed, _children_cpu() - cpu


def _medians(runs: list[tuple[float, float]]) -> tuple[float, float]:
    return statistics.median(r[0] for r in runs) * 1000, statistics.median(r[1] for r in runs) * 1000


def _fairgauge() -> list[str]:
    script = Path(sys.executable).with_name("fairgauge")
    return [str(script)] if script.exists() else [sys.executable, "-m", "fairgauge"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    command = _fairgauge()
    help_wall, help_cpu = _medians([_run([*command, "--help"]) for _ in range(args.rounds + 1)][1:])
    assess_argv = [*command, "assess", IDENTIFIER, "--replay", str(EXAMPLE), "--format", "json", "-o", os.devnull]
    assess_wall, assess_cpu = _medians([_run(assess_argv) for _ in range(args.rounds + 1)][1:])
    probes = []
    for _ in range(max(3, args.rounds // 2)):
        out = subprocess.run(
            [sys.executable, "-c", _CPU_PROBE, IDENTIFIER, str(EXAMPLE)],
            capture_output=True,
            text=True,
            check=True,
            env=ENV,
        )
        probes.append(json.loads(out.stdout.strip().splitlines()[-1]))
    cli_import = statistics.median(p["cli_import"] for p in probes)
    assess_import = statistics.median(p["assess_import"] for p in probes)
    first = statistics.median(p["calls"][0] for p in probes)
    later = statistics.median(c for p in probes for c in p["calls"][1:])
    print(f"load average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs; medians of {args.rounds} runs")
    print(f"fairgauge --help: {help_wall:.0f} ms wall, {help_cpu:.0f} ms CPU")
    print(f"fairgauge assess (replayed quick start): {assess_wall:.0f} ms wall, {assess_cpu:.0f} ms CPU")
    print(f"import fairgauge.cli.main: {cli_import * 1000:.0f} ms CPU")
    print(f"import fairgauge.assessment (after the CLI): {assess_import * 1000:.0f} ms CPU")
    print(f"imports for one CLI assessment: {(cli_import + assess_import) * 1000:.0f} ms CPU")
    print(f"fairgauge.assess() one-shot: first call {first * 1000:.0f} ms CPU, later calls {later * 1000:.0f} ms CPU")


if __name__ == "__main__":
    main()
