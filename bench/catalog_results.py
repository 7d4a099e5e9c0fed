"""What the catalog's queries return, as text to diff between two versions of the code on one store.

    python bench/catalog_results.py --database-url URL > results.txt

For the 20 queries and 2 exports of ``bench/catalog.py`` plus a few more (other operators, pages past
the first, facets of a whole catalog, browse): the total, the ids of the page in order, the facet counts
and a digest of each export. A change made for speed must leave this output unchanged; run it from the
old and the new code against the same store (a copy per run when a migration changes the store).
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from catalog import EXPORTS, FACETS, QUERIES
from fairgauge.catalog.export import export
from fairgauge.store import open_store
from fairgauge.store.catalog import Catalog

MORE: list[tuple[str, str | None, list[tuple[str, str]]]] = [
    ("contains, no AND", "tracks.label_long ~ 'pseudoreplicated'", []),
    ("contains, record path", "samples.sample_type.cell_line.term_label ~ 'hEs'", []),
    ("contains, rare", "tracks.label_long ~ 'T1234'", []),
    ("contains, like chars", "tracks.label_long ~ '_%'", []),
    ("contains OR contains", "tracks.label_long ~ 'rep4' OR tracks.file_url ~ 'T99'", []),
    ("NOT contains", "NOT tracks.label_long ~ 'optimal' AND experiments.target.summary = CTCF", []),
    ("numeric range, alone", "tracks.replicate > 1 AND tracks.replicate < 3", []),
    ("numeric <=", "tracks.replicate <= 2", []),
    ("numeric range + facet", "tracks.replicate >= 2 AND tracks.replicate <= 3", [("tracks.assembly_name", "hg19")]),
    ("numeric = 2", "tracks.replicate = 2 AND samples.sample_type.cell_line.term_label = A549", []),
    ("NOT IN", "tracks.file_format.term_label NOT IN (bigWig, BAM) AND tracks.assembly_name = hg19", []),
    ("facet, two", None, [("tracks.file_format.term_label", "BAM"), ("tracks.assembly_name", "mm10")]),
    ("facet, record path", None, [("samples.sample_type.cell_line.term_label", "K562")]),
    ("facet, no such value", None, [("tracks.assembly_name", "hg17")]),
    ("text + contains", "optimal AND tracks.label_long ~ 'rep2'", []),
    ("text OR attribute", "conservative OR experiments.target.summary = EP300", []),
    ("NOT text", "NOT signal AND tracks.assembly_name = mm10", []),
    ("everything", None, []),
]
PAGES = ((50, 0), (20, 130))


def facets_text(facets: dict[str, list[tuple[str, int]]]) -> str:
    return "; ".join(f"{path}: " + ", ".join(f"{v}={n}" for v, n in counts) for path, counts in facets.items())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", required=True)
    args = parser.parse_args()
    store = open_store(args.database_url)
    catalog = Catalog(store)
    for name, query, facets in [*QUERIES, *MORE]:
        for limit, offset in PAGES:
            wanted = FACETS if facets and offset == 0 else ()
            result = catalog.search(query, facets, limit=limit, offset=offset, facet_paths=wanted)
            print(f"{name} [{limit}@{offset}] total={result.total} ids={[t.id for t in result.tracks]}")
            if wanted:
                print(f"  facets: {facets_text(result.facets)}")
    result = catalog.search(None, (), limit=5, facet_paths=None)
    print(f"default facets: {facets_text(result.facets)}")
    for name, fmt, query in EXPORTS:
        for kind in (fmt, "json"):
            body = export(catalog.tracks(query), kind, query)  # type: ignore[arg-type]
            print(f"{name} {kind}: {len(body)} chars sha256 {hashlib.sha256(body.encode()).hexdigest()[:16]}")
    for path in ("tracks", "tracks.assembly_name", "samples.sample_type.cell_line", "tracks.replicate"):
        print(f"browse {path}: " + ", ".join(f"{e.name}={e.count}" for e in catalog.browse(path)[:30]))
    print(f"values ~ 'hg': {[(e.name, e.count) for e in catalog.values('tracks.assembly_name', contains='hg')]}")
    store.close()


if __name__ == "__main__":
    main()
