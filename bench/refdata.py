"""Reference data: cold load from a fresh interpreter and the cost of each lookup the checks make.

    python bench/refdata.py [--calls N]

Prints JSON: the CPU seconds of importing and preloading every dataset in a fresh process (target
< 0.15 s), and for each lookup the best of three rounds of N calls, in microseconds per call (target
< 100 us). These were assertions in tests/refdata/test_reference.py, where a loaded machine made them
flaky; here they are numbers to compare between commits on the same machine.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import timeit

from common import ROOT

from fairgauge.refdata import load_reference_data

LOOKUPS = [
    ("match_license", "https://creativecommons.org/licenses/by/4.0/legalcode"),
    ("match_license", "CC BY 4.0"),
    ("match_access_rights", "info:eu-repo/semantics/openAccess"),
    ("lookup_namespace", "http://purl.obolibrary.org/obo/GO_0008150"),
    ("is_default_namespace", "http://purl.org/dc/terms/title"),
    ("standard_by_namespace", "http://datacite.org/schema/kernel-4"),
    ("is_known_resource_type", "http://schema.org/Dataset"),
    ("format_by_filename", "reads.fastq.gz"),
    ("format_by_media_type", "text/csv; charset=utf-8"),
    ("protocol", "https://example.org"),
]
_COLD = """
import json, resource
from fairgauge.refdata import load_reference_data
load_reference_data().preload()
usage = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps(usage.ru_utime + usage.ru_stime))
"""


def cold_load_cpu() -> float:
    """CPU seconds of a fresh interpreter that imports fairgauge.refdata and loads every dataset."""
    env_path = str(ROOT / "src")
    code = f"import sys; sys.path.insert(0, {env_path!r})\n" + _COLD
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(json.loads(out.stdout))


def lookup_microseconds(calls: int) -> dict[str, float]:
    data = load_reference_data().preload()
    timings: dict[str, float] = {}
    for method, value in LOOKUPS:
        fn = getattr(data, method)
        best = min(timeit.repeat(lambda fn=fn, value=value: fn(value), number=calls, repeat=3))
        timings[f"{method}({value})"] = round(best / calls * 1e6, 1)
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=200)
    args = parser.parse_args()
    report = {"cold_load_cpu_seconds": round(cold_load_cpu(), 3), "lookup_us": lookup_microseconds(args.calls)}
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
