"""Step 6: sample the data files named in metadata (HEAD, then a bounded ranged GET).

What is declared (size, type) is compared later, by the checks, with what is served and with what the
bytes are (libmagic, then an extension table: Python's mimetypes is wrong for bio formats).
"""

from __future__ import annotations

import asyncio
import csv
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Literal

from fairgauge.harvest.context import HarvestContext, StepFailure, StepResult, outcome_for
from fairgauge.harvest.fetch import Fetched
from fairgauge.model.findings import finding
from fairgauge.model.harvest import ContentSample, DetectedBy

TypeByName = Callable[[str], str | None]
_GENERIC_TYPES = frozenset(
    {
        "application/octet-stream",
        "text/plain",
        "application/gzip",
        "application/x-gzip",
        "inode/x-empty",
        "application/zlib",
        "application/x-empty",
    }
)
_CONTENT_RANGE_TOTAL = re.compile(r"/(\d+)\s*$")
_TABULAR = frozenset({"text/csv", "text/tab-separated-values"})


@cache
def detect_by_content() -> Callable[[bytes], str] | None:
    """libmagic through python-magic, or None where the system library is missing (then the extension
    table alone types the files, and the sampling step says so). Loaded on first use."""
    try:
        import magic
    except ImportError:  # python-magic raises ImportError when libmagic itself cannot be loaded
        return None
    return lambda data: str(magic.from_buffer(data, mime=True))


@dataclass(frozen=True)
class SampleTarget:
    url: str
    declared_type: str | None = None
    declared_size: int | None = None


async def sample_content(
    ctx: HarvestContext, targets: Sequence[SampleTarget], type_by_name: TypeByName | None = None
) -> tuple[list[ContentSample], StepResult]:
    """Sample up to ``content_sample_files`` files, ``content_sample_bytes`` each."""
    step = StepResult()
    chosen = [t for t in targets if t.url.lower().startswith(("http://", "https://"))][
        : ctx.settings.content_sample_files
    ]
    if not chosen:
        step.outcomes.append(outcome_for("content_sampling", [], records=0, skipped="no data file URLs in metadata"))
        return [], step
    if detect_by_content() is None:
        step.findings.append(
            finding(
                "content.libmagic_missing",
                "warning",
                "libmagic is not installed: data files "
                "are typed by their extension and served type only (install libmagic1)",
            )
        )
    samples = list(await asyncio.gather(*(_sample(ctx, target, type_by_name) for target in chosen)))
    ids = [i for sample in samples for i in sample.exchange_ids]
    unreachable = [s for s in samples if s.status is None]  # HTTP error answers are evidence, not errors
    failure = None
    if len(unreachable) == len(samples):
        kinds = {e.error_kind for e in ctx.fetcher.exchanges if e.id in ids and e.error}
        status: Literal["network_error", "not_in_archive"] = (
            "not_in_archive" if kinds == {"not_in_archive"} else "network_error"
        )
        failure = StepFailure(status, "; ".join(f"{s.url}: {s.error}" for s in unreachable))
    failures = [s for s in samples if s.error]
    step.outcomes.append(outcome_for("content_sampling", ids, records=len(samples) - len(failures), failure=failure))
    return samples, step


async def _sample(ctx: HarvestContext, target: SampleTarget, type_by_name: TypeByName | None) -> ContentSample:
    limit = ctx.settings.content_sample_bytes
    head = await ctx.fetcher.fetch(target.url, purpose="content:head", method="HEAD")
    get = await ctx.fetcher.fetch(
        target.url,
        purpose="content:sample",
        headers={"Range": f"bytes=0-{limit - 1}"},
        max_bytes=limit,
        allow_truncation=True,
    )
    ids = [head.exchange.id, get.exchange.id]
    usable = get if get.ok else head
    if not usable.ok:
        reason = usable.exchange.error or f"HTTP {usable.exchange.status}"
        return ContentSample(
            url=target.url,
            declared_type=target.declared_type,
            declared_size=target.declared_size,
            status=usable.exchange.status,
            exchange_ids=ids,
            error=reason,
        )
    detected, detected_by = _detect_type(get.body if get.ok else b"", usable, type_by_name)
    return ContentSample(
        url=target.url,
        declared_type=target.declared_type,
        declared_size=target.declared_size,
        status=usable.exchange.status,
        served_type=usable.exchange.content_type,
        detected_type=detected,
        detected_by=detected_by,
        actual_size=_full_size(head, get),
        sampled_bytes=len(get.body) if get.ok else 0,
        header_columns=_header_columns(get.body, detected) if get.ok else [],
        exchange_ids=ids,
    )


def _detect_type(
    body: bytes, fetched: Fetched, type_by_name: TypeByName | None
) -> tuple[str | None, DetectedBy | None]:
    detector = detect_by_content()
    by_magic = detector(body[:65536]) if body and detector else None
    by_name = type_by_name(fetched.url) if type_by_name else None
    if by_magic and by_magic not in _GENERIC_TYPES:
        return by_magic, "magic"
    if by_name:
        return by_name, "extension"
    if by_magic:
        return by_magic, "magic"
    return (fetched.exchange.content_type, "served") if fetched.exchange.content_type else (None, None)


def _full_size(head: Fetched, get: Fetched) -> int | None:
    """Total size from Content-Range (ranged answer), else Content-Length of a full answer or HEAD."""
    if get.ok:
        for value in get.exchange.header_values("content-range"):
            match = _CONTENT_RANGE_TOTAL.search(value)
            if match:
                return int(match.group(1))
        if get.exchange.status == 200 and not get.exchange.truncated:
            return len(get.body)
    for value in head.exchange.header_values("content-length"):
        if value.strip().isdigit():
            return int(value)
    return None


def _header_columns(body: bytes, media_type: str | None) -> list[str]:
    """First row of delimited text (for checking declared measured variables)."""
    if media_type not in _TABULAR and media_type != "text/plain":
        return []
    first_line = body.split(b"\n", 1)[0].decode("utf-8", "replace").strip("\r\ufeff")
    if not first_line:
        return []
    delimiter = "\t" if "\t" in first_line or media_type == "text/tab-separated-values" else ","
    if delimiter not in first_line and media_type == "text/plain":
        return []
    return [cell.strip() for cell in next(csv.reader([first_line], delimiter=delimiter))]
