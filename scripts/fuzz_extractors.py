"""Long fuzz run of every public extractor and link parser (the suite runs the same checks, briefly).

    python scripts/fuzz_extractors.py [--examples N] [--target NAME]... [--seed S]

Each target (extract_embedded, parse_document, parse_datacite_api, parse_crossref_api, parse_re3data,
parse_oai_pmh, parse_csw, parse_sparql, links_from_headers, links_from_linkset) gets N hypothesis examples: corpus
documents mutated (cut, bytes flipped, hostile snippets spliced in, a URL replaced by one that does not
parse, brackets repeated to nest deeper) and hand-built hostile structures (see
``tests/extract/hostile.py``). Every input also goes through the link checks and the merge.
A case fails when an exception escapes or a parser falls back on its internal-error guard.
Prints the cases run and the failures per target; exits 1 when any target failed. Run from a checkout
(it imports the test helpers); nothing touches the network.
"""

from __future__ import annotations

import argparse
import sys
import time
import traceback
import warnings
from pathlib import Path

from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st
from hypothesis.errors import HypothesisWarning

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.extract.hostile import MEDIA_TYPES, TARGET_NAMES, check, inputs_for  # noqa: E402

_QUIET = [
    HealthCheck.too_slow,
    HealthCheck.data_too_large,
    HealthCheck.filter_too_much,
    HealthCheck.large_base_example,
]


def run_target(name: str, examples: int, random_seed: int | None) -> tuple[int, str | None, float]:
    """Cases run, the (shrunk) failure if any, and seconds spent."""
    cases = 0

    @settings(max_examples=examples, deadline=None, database=None, suppress_health_check=_QUIET)
    @given(body=inputs_for(name), media_type=st.sampled_from(MEDIA_TYPES))
    def fuzz(body: bytes, media_type: str | None) -> None:
        nonlocal cases
        cases += 1
        check(name, body, media_type)

    test = seed(random_seed)(fuzz) if random_seed is not None else fuzz
    started = time.perf_counter()
    try:
        test()
    except Exception as error:  # the shrunk counterexample(s): report them and go on with the next target
        return cases, _describe(error), time.perf_counter() - started
    return cases, None, time.perf_counter() - started


def _describe(error: BaseException) -> str:
    """Each distinct failure: the exception, where it was raised, and hypothesis's falsifying example."""
    errors = list(error.exceptions) if isinstance(error, BaseExceptionGroup) else [error]
    parts = []
    for one in errors:
        frames = traceback.extract_tb(one.__traceback__) if one.__traceback__ else []
        ours = [f for f in frames if "/fairgauge/" in f.filename or "/tests/" in f.filename]
        where = (ours or frames or [None])[-1]
        notes = "\n".join(getattr(one, "__notes__", []))
        place = f" at {Path(where.filename).name}:{where.lineno}" if where else ""
        parts.append(f"{type(one).__name__}: {str(one)[:300]}{place}\n{notes[:1500]}")
    return "\n".join(parts)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", type=int, default=2000, help="hypothesis examples per target")
    parser.add_argument("--target", action="append", choices=TARGET_NAMES, help="only these targets")
    parser.add_argument("--seed", type=int, default=None, help="random seed (default: a fresh one)")
    args = parser.parse_args()
    warnings.filterwarnings("ignore", category=HypothesisWarning)  # "overly large repr" of big documents
    total, failed = 0, 0
    print(f"{'target':<22} {'cases':>8} {'seconds':>8}  result")
    for name in args.target or TARGET_NAMES:
        cases, failure, seconds = run_target(name, args.examples, args.seed)
        total += cases
        failed += failure is not None
        print(f"{name:<22} {cases:>8} {seconds:>8.1f}  {'ok' if failure is None else 'FAILED'}", flush=True)
        if failure:
            print("    " + failure.replace("\n", "\n    "), flush=True)
    print(f"total: {total} cases, {failed} target(s) failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
