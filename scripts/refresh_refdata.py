#!/usr/bin/env python3
"""Refresh the derived reference data vendored in ``src/fairgauge/refdata/data``.

Run by a maintainer, never by the package (``fairgauge.refdata`` must stay offline and must not import
this file). Each derived dataset has a generator here; curated datasets (hand-written YAML) are only
checked. After a refresh, review ``git diff`` and run the test suite: the tests pin known entries.

    python scripts/refresh_refdata.py                       # every derived dataset that can run offline
    python scripts/refresh_refdata.py spdx --online         # download SPDX licenses.json from GitHub
    python scripts/refresh_refdata.py spdx --spdx-json PATH # or use a local copy of licenses.json
    python scripts/refresh_refdata.py schemaorg --schemaorg-csv PATH
    python scripts/refresh_refdata.py special_addresses --online  # IANA special-purpose address registries

Offline sources: the installed ``bioregistry`` package (semantic-resource namespaces) and the schema.org
types CSV kept in the project's shared folder. Online sources: SPDX license-list-data (see-also URLs),
schema.org releases.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import importlib.metadata
import json
import sys
import urllib.request
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "src" / "fairgauge" / "refdata" / "data"
SHARED_SCHEMAORG = ROOT.parent / "shared" / "contexts" / "schemaorg" / "schemaorg-current-https-types.csv"
SPDX_JSON_URL = "https://raw.githubusercontent.com/spdx/license-list-data/main/json/licenses.json"
SCHEMAORG_CSV_URL = (
    "https://raw.githubusercontent.com/schemaorg/schemaorg/main/data/releases/{version}/"
    "schemaorg-current-https-types.csv"
)


def today() -> str:
    return dt.date.today().isoformat()


def update_source(dataset: str, **fields: Any) -> None:
    """Rewrite the provenance fields of ``data/<dataset>/source.yaml`` that a refresh changes."""
    path = DATA / dataset / "source.yaml"
    info = yaml.safe_load(path.read_text(encoding="utf-8"))
    info.update(fields)
    path.write_text(yaml.safe_dump(info, sort_keys=False, allow_unicode=True), encoding="utf-8")


def download(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=60) as response:  # maintainer-run, online only
        data: bytes = response.read()
        return data


# --------------------------------------------------------------------------------------------- SPDX
def spdx_see_also(licenses_json: dict[str, Any]) -> dict[str, list[str]]:
    """licenseId -> seeAlso URLs, from SPDX license-list-data ``json/licenses.json``."""
    out: dict[str, list[str]] = {}
    for entry in licenses_json["licenses"]:
        urls = [u.strip() for u in entry.get("seeAlso", []) if u and u.strip()]
        if urls:
            out[entry["licenseId"]] = urls
    return dict(sorted(out.items()))


def refresh_spdx(args: argparse.Namespace) -> None:
    if args.spdx_json:
        raw = Path(args.spdx_json).read_bytes()
        origin = f"local copy of {SPDX_JSON_URL}"
    elif args.online:
        raw = download(SPDX_JSON_URL)
        origin = SPDX_JSON_URL
    else:
        print("spdx: skipped (needs --online or --spdx-json PATH)")
        return
    doc = json.loads(raw)
    see_also = spdx_see_also(doc)
    payload = {"licenseListVersion": doc.get("licenseListVersion"), "seeAlso": see_also}
    target = DATA / "licenses" / "spdx_see_also.json"
    target.write_text(json.dumps(payload, indent=0, sort_keys=False) + "\n", encoding="utf-8")
    update_source(
        "licenses",
        see_also_version=doc.get("licenseListVersion"),
        see_also_retrieved=today(),
        see_also_origin=origin,
    )
    print(f"spdx: {len(see_also)} licences with see-also URLs (list {doc.get('licenseListVersion')})")


# ------------------------------------------------------------------------------------- bioregistry
def _host_only(uri_prefix: str) -> bool:
    """A prefix like ``https://osf.io/`` would claim every URL of a whole site: too generic to keep."""
    rest = uri_prefix.split("://", 1)[-1]
    host, _, path = rest.partition("/")
    return "?" not in host and path == ""


# bioregistry's own resolver forms (https://bioregistry.io/go:) would double the file for URIs nobody
# writes in metadata; the curated list covers the resolver as a whole. DOI prefixes (doi.org/10.1186/)
# name a publisher's registrant account, not a vocabulary: every DOI of that publisher would count as a
# semantic resource. The Crossref Funder Registry, a real vocabulary of DOIs, is curated instead.
_SKIPPED_HOSTS = ("bioregistry.io/", "doi.org/", "dx.doi.org/")


def _usable(uri_prefix: str) -> bool:
    return (
        not _scheme_less(uri_prefix).startswith(_SKIPPED_HOSTS)
        and "://" in uri_prefix
        and " " not in uri_prefix
        and "[" not in uri_prefix
        and not uri_prefix.startswith(("http://[", "https://["))
        and not _host_only(uri_prefix)
    )


def _scheme_less(uri_prefix: str) -> str:
    return uri_prefix.split("://", 1)[-1]


def bioregistry_rows(resources: Iterable[tuple[str, str, list[str], list[str]]]) -> Iterator[list[str]]:
    """(prefix, name, preferred URI prefixes, other URI prefixes) -> rows ``prefix, name, uris...``.

    A URI prefix claimed by several resources goes to the one that *prefers* it (its uri_format or
    rdf_uri_format); otherwise to the first in prefix order. http/https twins are kept once, since
    lookups ignore the scheme.
    """
    items = sorted(resources)
    owner: dict[str, str] = {}
    for prefix, _name, preferred, _other in items:
        for uri in preferred:
            owner.setdefault(_scheme_less(uri), prefix)
    for prefix, _name, _preferred, other in items:
        for uri in other:
            owner.setdefault(_scheme_less(uri), prefix)
    for prefix, name, preferred, other in items:
        seen: set[str] = set()
        uris: list[str] = []
        for uri in [*preferred, *sorted(other)]:
            key = _scheme_less(uri)
            if key in seen or owner.get(key) != prefix or not _usable(uri):
                continue
            seen.add(key)
            uris.append(uri)
        if uris:
            yield [prefix, " ".join(name.split()), *uris]


def refresh_bioregistry(_args: argparse.Namespace) -> None:
    import bioregistry  # installed dependency; its data ships inside the wheel

    resources = []
    for prefix, resource in bioregistry.read_registry().items():
        if resource.is_deprecated():
            continue
        preferred = [p for p in (resource.get_uri_prefix(), resource.get_rdf_uri_prefix()) if p]
        other = sorted(resource.get_uri_prefixes() or ())
        resources.append((prefix, resource.get_name() or prefix, preferred, other))
    rows = list(bioregistry_rows(resources))
    target = DATA / "vocabularies" / "bioregistry.tsv"
    with target.open("w", encoding="utf-8", newline="") as handle:
        handle.write("# prefix\tname\turi_prefix...  (derived from the installed bioregistry package)\n")
        for row in rows:
            handle.write("\t".join(row) + "\n")
    version = importlib.metadata.version("bioregistry")
    update_source("vocabularies", bioregistry_version=version, bioregistry_retrieved=today())
    print(f"bioregistry {version}: {len(rows)} resources, {sum(len(r) - 2 for r in rows)} URI prefixes")


# ---------------------------------------------------------------------------------------- schema.org
def schemaorg_rows(reader: Iterable[dict[str, str]]) -> Iterator[list[str]]:
    """schema.org types CSV records -> ``label, parents, pending`` rows (ids are https://schema.org/<label>).

    Enumeration members (``Abdomen``, a PhysicalExam value) are values, not types: they are left out.
    """
    for record in reader:
        if record.get("enumerationtype", "").strip():
            continue
        label = record["label"].strip()
        parents = [
            p.strip().rsplit("/", 1)[-1].rsplit("#", 1)[-1] for p in record.get("subTypeOf", "").split(",") if p.strip()
        ]
        pending = "pending" if "pending.schema.org" in record.get("isPartOf", "") else ""
        yield [label, " ".join(parents), pending]


def refresh_schemaorg(args: argparse.Namespace) -> None:
    if args.schemaorg_csv:
        path = Path(args.schemaorg_csv)
        text = path.read_text(encoding="utf-8")
        origin = str(path)
    elif args.online:
        url = SCHEMAORG_CSV_URL.format(version=args.schemaorg_version)
        text = download(url).decode("utf-8")
        origin = url
    elif SHARED_SCHEMAORG.exists():
        text = SHARED_SCHEMAORG.read_text(encoding="utf-8")
        origin = "shared/contexts/schemaorg/schemaorg-current-https-types.csv (release 29.0)"
    else:
        print("schemaorg: skipped (no CSV found)")
        return
    rows = sorted(schemaorg_rows(csv.DictReader(text.splitlines(keepends=True))))
    target = DATA / "resource_types" / "schemaorg_types.tsv"
    with target.open("w", encoding="utf-8", newline="") as handle:
        handle.write("# label\tsubTypeOf\tpending  (derived from schemaorg-current-https-types.csv)\n")
        for row in rows:
            handle.write("\t".join(row) + "\n")
    update_source("resource_types", schemaorg_retrieved=today(), schemaorg_origin=origin)
    print(f"schemaorg: {len(rows)} types")


# ------------------------------------------------------------------------------ special addresses
IANA_SPECIAL_CSV = {
    "iana-ipv4-special-registry-1.csv": "https://www.iana.org/assignments/iana-ipv4-special-registry/iana-ipv4-special-registry-1.csv",
    "iana-ipv6-special-registry-1.csv": "https://www.iana.org/assignments/iana-ipv6-special-registry/iana-ipv6-special-registry-1.csv",
}


def refresh_special_addresses(args: argparse.Namespace) -> None:
    """IANA publishes the special-purpose registries as CSV; the loader reads them as published."""
    if not args.online:
        print("special_addresses: skipped (needs --online)")
        return
    for name, url in IANA_SPECIAL_CSV.items():
        text = download(url).decode("utf-8")
        if not text.startswith("Address Block,"):
            raise SystemExit(f"special_addresses: unexpected content at {url}")
        (DATA / "special_addresses" / name).write_text(text.replace("\r\n", "\n"), encoding="utf-8")
    update_source("special_addresses", retrieved=today(), version=f"downloaded {today()}")
    print("special_addresses: both registries downloaded")


# ----------------------------------------------------------------------------------------- curated
def check_curated(_args: argparse.Namespace) -> None:
    """Curated YAML files are edited by hand; this only proves they still parse."""
    for path in sorted(DATA.glob("*/*.yaml")):
        yaml.safe_load(path.read_text(encoding="utf-8"))
    print("curated YAML: all files parse")


GENERATORS = {
    "spdx": refresh_spdx,
    "bioregistry": refresh_bioregistry,
    "schemaorg": refresh_schemaorg,
    "special_addresses": refresh_special_addresses,
    "curated": check_curated,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("datasets", nargs="*", help=f"any of {', '.join(GENERATORS)} (default: all)")
    parser.add_argument("--online", action="store_true", help="allow downloads from the upstream sources")
    parser.add_argument("--spdx-json", help="local SPDX license-list-data json/licenses.json")
    parser.add_argument("--schemaorg-csv", help="local schemaorg-current-https-types.csv")
    parser.add_argument("--schemaorg-version", default="29.0", help="schema.org release for --online")
    args = parser.parse_args(argv)
    unknown = [name for name in args.datasets if name not in GENERATORS]
    if unknown:
        parser.error(f"unknown dataset(s): {', '.join(unknown)}")
    for name in args.datasets or list(GENERATORS):
        GENERATORS[name](args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
