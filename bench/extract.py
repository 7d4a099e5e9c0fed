"""Measure extraction speed: CPU ms per landing page (extract_embedded) and per format (parse_document).

Warm numbers (after one untimed call), median of N runs, process CPU time. The target is under 10 ms per
landing page of the corpus (up to 125 KB).

    .venv/bin/python bench/extract.py [--runs 50]
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from fairgauge.extract import extract_embedded, parse_document

FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "fixtures"
TARGET_MS = 10.0


def cpu_ms(action: Callable[[], object], runs: int) -> float:
    """Median CPU milliseconds of a warm call."""
    action()
    samples = []
    for _ in range(runs):
        start = time.process_time()
        action()
        samples.append((time.process_time() - start) * 1000)
    return statistics.median(samples)


def bench_pages(runs: int) -> list[tuple[str, int, float, list[str]]]:
    rows = []
    for page in sorted((FIXTURES / "corpus" / "landing-pages").glob("*.html")):
        body = page.read_bytes()
        url = json.loads(Path(f"{page}.http.json").read_text("utf-8"))["request_uri"]
        formats = extract_embedded(body, url).formats_found
        rows.append((page.name, len(body), cpu_ms(lambda b=body, u=url: extract_embedded(b, u), runs), formats))
    for page in sorted((FIXTURES / "formats" / "html").glob("*.html")):
        body = page.read_bytes()
        formats = extract_embedded(body, "https://example.org/").formats_found
        rows.append(
            (
                page.name,
                len(body),
                cpu_ms(lambda b=body: extract_embedded(b, "https://example.org/"), runs),
                formats,
            )
        )
    return rows


def bench_formats(runs: int) -> list[tuple[str, str, float]]:
    suffixes = (".xml", ".json", ".jsonld", ".json-ld", ".ttl", ".rdf", ".nt")
    paths = [
        p
        for p in (FIXTURES / "corpus").rglob("*")
        if p.is_file()
        and p.suffix in suffixes
        and not p.name.endswith(".http.json")
        and p.name != "EXPECTED_FACTS.json"
    ]
    paths += [p for p in (FIXTURES / "formats").rglob("*") if p.is_file() and p.parent.name != "html"]
    rows = []
    for path in sorted(paths):
        body = path.read_bytes()

        def parse(b: bytes = body) -> object:
            return parse_document(b, media_type=None, url="https://example.org/x", method="file")

        kind = parse_document(body, media_type=None, url="https://example.org/x", method="file").kind
        rows.append((str(path.relative_to(FIXTURES)), kind, cpu_ms(parse, max(5, runs // 5))))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50)
    runs = parser.parse_args().runs
    print(f"extract_embedded, CPU ms (median of {runs} warm runs), target < {TARGET_MS} ms")
    for name, size, ms, formats in bench_pages(runs):
        flag = "" if ms < TARGET_MS else "  OVER TARGET"
        print(f"  {name:40s} {size / 1024:7.1f} KB {ms:7.2f} ms  {','.join(formats)}{flag}")
    print("parse_document per format, CPU ms (median)")
    by_kind: dict[str, list[float]] = {}
    for name, kind, ms in bench_formats(runs):
        by_kind.setdefault(kind, []).append(ms)
        print(f"  {name:70s} {kind:28s} {ms:7.2f} ms")
    print("per kind (median over files)")
    for kind, values in sorted(by_kind.items()):
        print(f"  {kind:28s} {statistics.median(values):7.2f} ms  ({len(values)} files)")


if __name__ == "__main__":
    main()
