"""Identifiers for a run: remote listings (``oai:URL``, ``datacite:...``, ``sitemap:URL``, fetched by
harvest), text (one per line), CSV (``--column``), JSONL (``--column`` or the first of
identifier/doi/url/id) files or ``-`` for stdin; duplicates removed; an optional reproducible sample."""

from __future__ import annotations

import asyncio
import csv
import io
import json
import random
import sys
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from fairgauge.errors import InputError
from fairgauge.identifiers import parse_identifier
from fairgauge.identifiers.parse import Resolvers
from fairgauge.settings import Settings

JSON_KEYS = ("identifier", "doi", "url", "id", "pid")


def _lines(stream: Iterable[str], name: str, column: str | None) -> Iterator[str]:
    """Detect the format from the name (.csv, .jsonl/.ndjson) or, for stdin, from the first line."""
    lower = name.lower()
    if lower.endswith(".csv") or (column and not lower.endswith((".jsonl", ".ndjson"))):
        yield from _csv(stream, name, column)
        return
    for number, line in enumerate(stream, 1):
        text = line.strip()
        if not text or text.startswith("#"):
            continue
        if lower.endswith((".jsonl", ".ndjson")) or text.startswith("{"):
            yield _json_identifier(text, name, number, column)
        else:
            yield text


def _csv(stream: Iterable[str], name: str, column: str | None) -> Iterator[str]:
    reader = csv.DictReader(stream)
    fields = reader.fieldnames or []
    chosen = column or next((f for f in fields if f.strip().lower() in JSON_KEYS), None)
    if chosen is None or chosen not in fields:
        wanted = f"column {column!r}" if column else f"a column named one of {', '.join(JSON_KEYS)}"
        raise InputError(f"{name}: no {wanted} (columns: {', '.join(fields) or 'none'}); use --column")
    for row in reader:
        value = (row.get(chosen) or "").strip()
        if value:
            yield value


def _json_identifier(text: str, name: str, number: int, column: str | None) -> str:
    try:
        record = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"{name} line {number}: not JSON ({exc.msg})") from exc
    if not isinstance(record, dict):
        raise InputError(f"{name} line {number}: expected a JSON object")
    keys = (column,) if column else JSON_KEYS
    for key in keys:
        value = record.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    raise InputError(f"{name} line {number}: no {' / '.join(keys)} field")


def read_file_inputs(source: str, column: str | None = None) -> Iterator[str]:
    """Identifiers from one file, or from stdin when ``source`` is ``-``."""
    if source == "-":
        yield from _lines(io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8-sig"), "<stdin>", column)
        return
    path = Path(source)
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            yield from _lines(handle, source, column)
    except FileNotFoundError as exc:
        raise InputError(f"no such input file: {source}") from exc
    except IsADirectoryError as exc:
        raise InputError(f"{source} is a directory, not an input file") from exc
    except UnicodeDecodeError as exc:
        raise InputError(f"{source} is not UTF-8 text") from exc


def identifier_key(text: str, resolvers: Resolvers | None = None) -> str:
    """What makes two spellings one object (same rule as the service's history): the normalised PID,
    else the URL; text that is no identifier keys as itself (and fails at assessment time, recorded)."""
    try:
        ident = parse_identifier(text, resolvers)
    except Exception:
        return text.strip()
    return ident.normalized if ident.is_persistent else (ident.resolvable_url or ident.normalized)


def dedupe(identifiers: Iterable[str], resolvers: Resolvers | None = None) -> list[tuple[str, str]]:
    """``(identifier, key)`` in first-seen order, one per key: duplicates are assessed once."""
    seen: set[str] = set()
    items: list[tuple[str, str]] = []
    for text in identifiers:
        key = identifier_key(text, resolvers)
        if key not in seen:
            seen.add(key)
            items.append((text, key))
    return items


def sample(items: Sequence[tuple[str, str]], size: int | None, seed: int) -> list[tuple[str, str]]:
    """A reproducible random sample of ``size`` (the same seed and input give the same objects), kept in
    input order; all items when ``size`` is None or not smaller."""
    if size is None or size >= len(items):
        return list(items)
    if size < 0:
        raise InputError("--sample must be a positive number")
    chosen = sorted(random.Random(seed).sample(range(len(items)), size))
    return [items[n] for n in chosen]


def with_contact(settings: Settings) -> Settings:
    """The identifying User-Agent of a batch run names its operator when ``contact`` is set, so a
    repository that sees the traffic knows whom to ask (F-UJI users report anonymous overload)."""
    if not settings.contact or settings.contact in settings.user_agent:
        return settings
    agent = settings.user_agent
    agent = agent[:-1] + f"; {settings.contact})" if agent.endswith(")") else f"{agent} ({settings.contact})"
    return settings.model_copy(update={"user_agent": agent})


def read_inputs(
    sources: Sequence[str], settings: Settings, *, column: str | None = None, oai_set: str | None = None
) -> tuple[list[str], list[str]]:
    """Every identifier of the sources in order (files, stdin, and remote listings through harvest), and
    the remote records skipped for holding no DOI or URL."""
    from fairgauge.harvest.sources import is_remote_source

    identifiers: list[str] = []
    skipped: list[str] = []
    for source in sources:
        if is_remote_source(source):
            found, missed = asyncio.run(_remote(source, settings, oai_set))
            identifiers.extend(found)
            skipped.extend(missed)
        else:
            identifiers.extend(read_file_inputs(source, column))
    return identifiers, skipped


async def _remote(source: str, settings: Settings, oai_set: str | None) -> tuple[list[str], list[str]]:
    from fairgauge.compose import build_http
    from fairgauge.harvest.sources import ListingOptions, remote_identifiers

    http = build_http(settings)
    options = ListingOptions(
        oai_set=oai_set,
        attempts=settings.listing_retry_attempts,
        max_retry_after=settings.listing_retry_max_wait,
    )
    try:
        return [ident async for ident in remote_identifiers(http, source, options)], options.skipped
    finally:
        await http.aclose()
