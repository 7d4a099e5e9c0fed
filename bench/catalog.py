"""The track catalog at scale: import rate, store size, and p50/p95 of 20 representative queries.

    python bench/catalog.py [--tracks 1000000] [--per-source 10000] [--repeat 5]
                            [--database-url URL]   (default: a SQLite file in a temporary folder,
                                                    removed at the end unless --keep)

``--tracks 0`` with ``--database-url`` of an earlier run measures the queries again without importing.

Tracks are generated from the shapes of the FAIRtracks v1.0.2 example (the collection's experiment,
sample, study and track records) with varied values: cell lines, tissues, techniques, targets, file
formats (EDAM terms whose ancestors come from the packaged EDAM in the offline term index), assemblies,
replicate numbers and labels. Each source holds ``--per-source`` tracks and is imported the way
``fairgauge catalog import`` does it (one transaction per source, replacing any previous version).
FAIRtracks validation is not part of the import rate measured here (it is per document, before the store).
Queries fetch a page of 50 (as the UI and API do); the facet queries also ask for facet counts
(``FACETS``), the others do not (facets are computed only on request). Import rates are wall time and
this process's CPU time (a PostgreSQL server's CPU is not in it); queries print wall p50/p95 and the
client's median CPU ms (all of SQLite's work, only the client side of PostgreSQL's).
Aim: 20,000+ tracks/s imported, p95 under 100 ms per query on SQLite and PostgreSQL.
"""

from __future__ import annotations

import argparse
import copy
import json
import random
import shutil
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from fairgauge.catalog.export import export
from fairgauge.catalog.flatten import flatten_document
from fairgauge.catalog.importer import ImportBatch, ImportedDocument
from fairgauge.settings import load_settings
from fairgauge.store import open_store
from fairgauge.store.catalog import Catalog
from fairgauge.tracks.service import build_service

EXAMPLE = Path(__file__).resolve().parents[1] / "tests/fixtures/tracks/examples/v1.0.2/fairtracks.example.json"
CELL_LINES = [
    ("http://www.ebi.ac.uk/efo/EFO_0003042", "H1-hESC"),
    ("http://www.ebi.ac.uk/efo/EFO_0002784", "GM12878"),
    ("http://www.ebi.ac.uk/efo/EFO_0002067", "K562"),
    ("http://www.ebi.ac.uk/efo/EFO_0001187", "HepG2"),
    ("http://www.ebi.ac.uk/efo/EFO_0002824", "HeLa-S3"),
    ("http://www.ebi.ac.uk/efo/EFO_0001086", "A549"),
]
FORMATS = [
    ("http://edamontology.org/format_3006", "bigWig"),
    ("http://edamontology.org/format_3004", "bigBed"),
    ("http://edamontology.org/format_3613", "ENCODE narrow peak format"),
    ("http://edamontology.org/format_2572", "BAM"),
    ("http://edamontology.org/format_3003", "BED"),
]
TARGETS = ["H3K4me3", "H3K27ac", "H3K36me3", "H3K27me3", "CTCF", "POLR2A", "H3K9me3", "EP300"]
TISSUES = [
    ("http://purl.obolibrary.org/obo/UBERON_0000922", "embryo"),
    ("http://purl.obolibrary.org/obo/UBERON_0002107", "liver"),
    ("http://purl.obolibrary.org/obo/UBERON_0000955", "brain"),
    ("http://purl.obolibrary.org/obo/UBERON_0002048", "lung"),
]
ASSEMBLIES = ["hg38", "hg19", "mm10"]
WORDS = ["peaks", "signal", "fold change", "p-value", "replicate", "pseudoreplicated", "conservative", "optimal"]

QUERIES: list[tuple[str, str | None, list[tuple[str, str]]]] = [
    ("equality, ontology label", 'samples.sample_type.cell_line.term_label = "K562"', []),
    ("equality + AND", 'samples.sample_type.cell_line.term_label = "GM12878" AND tracks.assembly_name = hg19', []),
    ("OR of two", "experiments.target.summary = CTCF OR experiments.target.summary = EP300", []),
    ("IN list", "tracks.file_format.term_label IN (bigWig, bigBed)", []),
    ("NOT", "NOT tracks.assembly_name = hg38 AND experiments.target.summary = H3K9me3", []),
    ("!=", "tracks.assembly_name != hg38 AND samples.sample_type.organism_part.term_label = lung", []),
    ("contains ~", "tracks.label_long ~ 'pseudoreplicated' AND experiments.target.summary = H3K27ac", []),
    ("numeric >=", "tracks.replicate >= 3 AND samples.sample_type.cell_line.term_label = HepG2", []),
    ("numeric range", "tracks.replicate > 1 AND tracks.replicate < 3 AND tracks.assembly_name = mm10", []),
    ("descendant-of (EDAM binary)", "tracks.file_format descendant-of http://edamontology.org/format_2333", []),
    ("descendant-of + AND", "tracks.file_format descendant-of format_2333 AND experiments.target.summary = CTCF", []),
    ("descendant-of any path", "descendant-of format_3006 AND samples.sample_type.cell_line.term_label = A549", []),
    ("full text one word", "pseudoreplicated", []),
    ("full text two words", "optimal CTCF", []),
    ("full text + attribute", '"fold change" AND tracks.assembly_name = hg19', []),
    ("facet only", None, [("tracks.file_format.term_label", "BAM")]),
    (
        "facets x2 + query",
        "experiments.target.summary = H3K4me3",
        [("tracks.assembly_name", "hg38"), ("samples.sample_type.cell_line.term_label", "K562")],
    ),
    (
        "parentheses",
        "(experiments.target.summary = CTCF OR experiments.target.summary = POLR2A)"
        " AND NOT tracks.file_format.term_label = BAM",
        [],
    ),
]
FACETS = ("tracks.file_format.term_label", "samples.sample_type.cell_line.term_label", "tracks.assembly_name")
EXPORTS = [
    ("export GSuite (one track type)", "gsuite", 'tracks.local_id = "bench:7" OR tracks.local_id ~ "bench:12345"'),
    (
        "export CSV (one cell line x target)",
        "csv",
        'samples.sample_type.cell_line.term_label = "HeLa-S3" AND experiments.target.summary = EP300'
        " AND tracks.replicate = 1",
    ),
]


def make_document(base: dict[str, Any], start: int, count: int, rng: random.Random) -> dict[str, Any]:
    """A collection of ``count`` tracks, one experiment and sample per 4 tracks (like the example)."""
    doc = copy.deepcopy(base)
    experiment0, sample0, track0 = base["experiments"][0], base["samples"][0], base["tracks"][0]
    doc["experiments"], doc["samples"], doc["tracks"] = [], [], []
    for group in range((count + 3) // 4):
        n = start + group * 4
        cell, tissue, target = rng.choice(CELL_LINES), rng.choice(TISSUES), rng.choice(TARGETS)
        sample = copy.deepcopy(sample0)
        sample["local_id"] = f"sample:{n}"
        sample["sample_type"]["cell_line"] = {"term_id": cell[0], "term_label": cell[1]}
        sample["sample_type"]["organism_part"] = {"term_id": tissue[0], "term_label": tissue[1]}
        sample["sample_type"]["summary"] = cell[1]
        experiment = copy.deepcopy(experiment0)
        experiment["local_id"] = f"experiment:{n}"
        experiment["sample_ref"] = sample["local_id"]
        experiment["target"]["summary"] = target
        doc["samples"].append(sample)
        doc["experiments"].append(experiment)
        for i in range(min(4, count - group * 4)):
            fmt = rng.choice(FORMATS)
            track = copy.deepcopy(track0)
            number = n + i
            track.update(
                local_id=f"bench:{number}",
                global_id=f"fairtracks:{number}",
                experiment_ref=experiment["local_id"],
                assembly_name=rng.choice(ASSEMBLIES),
                file_url=f"https://example.org/files/T{number}/@@download/T{number}.bin",
                label_short=f"T{number}",
                label_long=f"{target} {cell[1]} {rng.choice(WORDS)} {rng.choice(WORDS)} rep{i + 1} T{number}",
                file_format={"term_id": fmt[0], "term_label": fmt[1]},
                replicate=i + 1,
            )
            doc["tracks"].append(track)
    return doc


def store_size(catalog: Catalog, url: str) -> int:
    if catalog.dialect == "sqlite":
        path = Path(url.removeprefix("sqlite:///"))
        return sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))
    with catalog.engine.connect() as conn:
        from sqlalchemy import text

        return int(
            conn.execute(
                text(
                    "SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c "
                    "JOIN pg_namespace n ON n.oid = c.relnamespace "
                    "WHERE c.relkind = 'r' AND c.relname LIKE 'catalog_%' AND n.nspname = current_schema()"
                )
            ).scalar_one()
        )


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tracks", type=int, default=1_000_000)
    parser.add_argument("--per-source", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--keep", action="store_true", help="keep the temporary SQLite store (printed) for --tracks 0")
    args = parser.parse_args()
    folder = None if args.database_url else Path(tempfile.mkdtemp(prefix="fairgauge-bench-catalog-"))
    url = args.database_url or f"sqlite:///{folder / 'catalog.sqlite'}"
    store = open_store(url)
    catalog = Catalog(store)
    settings = load_settings()
    service = build_service(settings, ontology_source="offline")  # EDAM ancestors from the packaged index
    ancestors = {
        iri: service.terms.term(iri, None).record.ancestors
        if service.terms and service.terms.term(iri, None).record
        else frozenset()
        for iri, _ in FORMATS
    }  # type: ignore[union-attr]
    base = json.loads(EXAMPLE.read_text())
    rng = random.Random(11)
    print(f"store: {catalog.dialect}  tracks: {args.tracks:,}  per source: {args.per_source:,}")
    generated = 0
    build_seconds = store_seconds = store_cpu = 0.0
    while generated < args.tracks:
        count = min(args.per_source, args.tracks - generated)
        t0 = time.perf_counter()
        document = make_document(base, generated, count, rng)
        tracks = tuple(flatten_document(document))
        batch = ImportBatch(
            f"bench-{generated // args.per_source:05d}",
            "file",
            (ImportedDocument("bench.json", "valid", "1.0.2", (), tracks, True),),
            ancestors,
        )
        t1, c1 = time.perf_counter(), time.process_time()
        catalog.replace_source(batch)
        t2, c2 = time.perf_counter(), time.process_time()
        build_seconds += t1 - t0
        store_seconds += t2 - t1
        store_cpu += c2 - c1
        generated += count
        if generated % (args.per_source * 10) == 0 or generated == args.tracks:
            print(f"  {generated:>9,} tracks imported, {generated / store_seconds:,.0f} tracks/s into the store")
    stats = catalog.stats()
    if generated:
        print(
            f"import: {generated / store_seconds:,.0f} tracks/s into the store ({store_seconds:.1f} s), "
            f"{generated / (store_seconds + build_seconds):,.0f} tracks/s with flattening; "
            f"client CPU {store_cpu:.1f} s ({generated / max(store_cpu, 1e-9):,.0f} tracks per CPU second)"
        )
    print(f"store size: {store_size(catalog, url) / 1e6:,.1f} MB  ({stats['values']:,} leaf values)")
    print(f"{'query':<38} {'matches':>9} {'p50 ms':>8} {'p95 ms':>8} {'p50 CPU':>8}")
    for name, query, facets in QUERIES:
        times, cpu = [], []
        for _ in range(args.repeat):
            t0, c0 = time.perf_counter(), time.process_time()
            result = catalog.search(query, facets, limit=50, facet_paths=FACETS if facets else ())
            times.append((time.perf_counter() - t0) * 1000)
            cpu.append((time.process_time() - c0) * 1000)
        print(
            f"{name:<38} {result.total:>9,} {statistics.median(times):>8.1f} {percentile(times, 0.95):>8.1f}"
            f" {statistics.median(cpu):>8.1f}"
        )
    for name, fmt, query in EXPORTS:
        times, cpu = [], []
        for _ in range(args.repeat):
            t0, c0 = time.perf_counter(), time.process_time()
            tracks = catalog.tracks(query)
            export(tracks, fmt, query)  # type: ignore[arg-type]
            times.append((time.perf_counter() - t0) * 1000)
            cpu.append((time.process_time() - c0) * 1000)
        print(
            f"{name:<38} {len(tracks):>9,} {statistics.median(times):>8.1f} {percentile(times, 0.95):>8.1f}"
            f" {statistics.median(cpu):>8.1f}"
        )
    store.close()
    if folder is not None:
        if args.keep:
            print(f"store kept: --database-url {url}")
        else:  # a 1M-track store is 7.5 GB: not left behind in /tmp
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
