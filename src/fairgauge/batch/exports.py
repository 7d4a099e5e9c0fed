"""One row per object: identifier, status, per-principle and per-metric scores, FAIR score, maturity,
FAIRport level, errors. Rows are streamed from the store, so the export of a big run stays small in
memory (Parquet is written in row groups)."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from fairgauge.errors import InputError
from fairgauge.model.runs import ResultRecord

PRINCIPLES = ("F", "A", "I", "R", "FAIR")


def flat_row(result: ResultRecord, metric_ids: list[str]) -> dict[str, Any]:
    """The export row; a not-assessed or errored object has empty scores (never zero)."""
    row: dict[str, Any] = {
        "identifier": result.identifier,
        "key": result.key,
        "status": result.status,
        "fair_score": result.fair_percent,
    }
    percent = result.score_percent or {}
    maturity = result.maturity or {}
    for principle in PRINCIPLES:
        row[f"score_{principle}"] = percent.get(principle)
    for principle in PRINCIPLES:
        row[f"maturity_{principle}"] = maturity.get(principle)
    row["fairport_level"] = result.fairport_level
    metrics = result.metrics or {}
    for metric in metric_ids:
        entry = metrics.get(metric)
        row[f"metric_{metric}"] = entry["earned"] if entry else None
    row["errors"] = result.error
    return row


def metric_ids_of(results: Iterable[ResultRecord]) -> list[str]:
    seen: dict[str, None] = {}
    for result in results:
        for metric in result.metrics or {}:
            seen.setdefault(metric, None)
    return list(seen)


def write_jsonl(results: Iterable[ResultRecord], path: Path) -> int:
    """JSONL keeps the full per-metric detail (tests and their outcomes) of each object."""
    count = 0
    with _open(path) as handle:
        for result in results:
            record = {
                "identifier": result.identifier,
                "key": result.key,
                "status": result.status,
                "fair_score": result.fair_percent,
                "score_percent": result.score_percent,
                "maturity": result.maturity,
                "fairport_level": result.fairport_level,
                "metrics": result.metrics,
                "errors": result.error,
            }
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
            count += 1
    return count


def write_csv(rows: Iterator[dict[str, Any]], path: Path) -> int:
    count = 0
    with _open(path, newline="") as handle:
        writer: csv.DictWriter[str] | None = None
        for row in rows:
            if writer is None:
                writer = csv.DictWriter(handle, fieldnames=list(row))
                writer.writeheader()
            writer.writerow(row)
            count += 1
    return count


def write_parquet(rows: Iterator[dict[str, Any]], path: Path, chunk: int = 5000) -> int:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:  # the optional extra
        raise InputError("Parquet export needs pyarrow: pip install 'fairgauge[batch]'") from exc
    writer = None
    count = 0
    buffer: list[dict[str, Any]] = []
    schema = None
    try:
        for row in rows:
            buffer.append(row)
            if len(buffer) >= chunk:
                table = pa.Table.from_pylist(buffer, schema=schema)
                schema = table.schema
                writer = writer or pq.ParquetWriter(str(path), schema)
                writer.write_table(table)
                count += len(buffer)
                buffer = []
        if buffer or writer is None:
            table = pa.Table.from_pylist(buffer, schema=schema)
            writer = writer or pq.ParquetWriter(str(path), table.schema)
            writer.write_table(table)
            count += len(buffer)
    finally:
        if writer is not None:
            writer.close()
    return count


def _open(path: Path, newline: str | None = None) -> Any:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        return path.open("w", encoding="utf-8", newline=newline)
    except OSError as exc:
        raise InputError(f"cannot write {path}: {exc.strerror or exc}") from exc
