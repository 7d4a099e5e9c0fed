"""The Dask engine: the same run on an existing Dask cluster (``--engine dask --scheduler tcp://HOST:PORT``).

Objects are partitioned by host (a stable hash of the host picks the partition), so every object of one
host is assessed by one task and the per-host limits hold across the whole cluster. Each task assesses
its partition with bounded concurrency on its own event loop and commits every result to the shared
store itself as it completes (PostgreSQL for a real cluster), so a lost worker or a killed client loses
only the assessments in flight; the same command resumes. The client follows progress from the store.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import math
import zlib
from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

from fairgauge.batch.engine import EngineOptions, Item, _HostPolicy, assess_one, host_of
from fairgauge.errors import FairgaugeError, InputError
from fairgauge.settings import Settings

_ASSESSORS: dict[str, Any] = {}  # per worker process: profiles and reference data loaded once


def partition_by_host(items: Sequence[Item], partitions: int) -> list[list[Item]]:
    """Every host's objects in exactly one partition (crc32 of the host: the same on every machine)."""
    parts: list[list[Item]] = [[] for _ in range(max(1, partitions))]
    for item in items:
        parts[zlib.crc32(host_of(item[0]).encode()) % len(parts)].append(item)
    return [part for part in parts if part]


def assess_partition(
    settings: Settings, options: EngineOptions, database_url: str, run_id: int, items: list[Item], slots: int
) -> int:
    """A Dask task: assess ``items`` and commit each result to the store; returns how many were stored."""
    return asyncio.run(_assess_partition(settings, options, database_url, run_id, items, slots))


async def _assess_partition(
    settings: Settings, options: EngineOptions, database_url: str, run_id: int, items: list[Item], slots: int
) -> int:
    from fairgauge.compose import Services, build_assessor, build_http, build_tracks
    from fairgauge.store import open_store
    from fairgauge.store.runs import Runs

    key = settings.model_dump_json() + options.profile
    if key not in _ASSESSORS:
        _ASSESSORS[key] = build_assessor(settings, profiles=[options.profile])
    services = Services(
        settings=settings,
        assessor=_ASSESSORS[key],
        http=build_http(settings, replay=list(options.replay)),
        tracks=build_tracks(settings),
    )
    store = open_store(database_url, migrate=False)
    runs = Runs(store)
    gate = asyncio.Semaphore(slots)
    hosts = _HostPolicy(options.per_host, options.per_host_delay)
    stored = 0

    async def one(identifier: str, key: str) -> None:
        nonlocal stored
        async with gate:
            host = host_of(identifier)
            await hosts.enter(host)
            try:
                result = await assess_one(services, identifier, key, options.profile)
            finally:
                hosts.leave(host)
        if await asyncio.to_thread(runs.add_result, run_id, result):
            stored += 1

    try:
        await asyncio.gather(*(one(identifier, key) for identifier, key in items))
    finally:
        await services.aclose()
        store.close()
    return stored


def run_dask(
    settings: Settings,
    items: Sequence[Item],
    options: EngineOptions,
    on_stored: Callable[[Counter[str]], None],
    *,
    scheduler: str | None,
    database_url: str,
    run_id: int,
    status_counts: Callable[[], Counter[str]],
) -> None:
    """Submit the host partitions to the cluster at ``scheduler`` and follow the store until done."""
    try:
        distributed: Any = importlib.import_module("distributed")  # untyped library: kept at arm's length
    except ImportError as exc:
        raise InputError("the Dask engine needs dask.distributed: pip install 'fairgauge[batch]'") from exc
    if not items:
        return
    try:
        client = distributed.Client(scheduler, timeout=20)
    except (OSError, TimeoutError) as exc:
        raise InputError(f"cannot reach the Dask scheduler {scheduler}: {exc}") from exc
    try:
        threads = max(1, sum(client.nthreads().values()))
        parts = partition_by_host(items, threads * 4)
        slots = max(1, math.ceil(options.concurrency / threads))
        futures = [
            client.submit(assess_partition, settings, options, database_url, run_id, part, slots, pure=False, retries=1)
            for part in parts
        ]
        seen = status_counts()
        while True:
            with contextlib.suppress(TimeoutError):  # wait() raises when the timeout passes
                distributed.wait(futures, timeout=1.0)
            now = status_counts()
            on_stored(now - seen)
            seen = now
            if all(future.done() for future in futures):
                break
        failed = [f for f in futures if f.status == "error"]
        if failed:
            error = failed[0].exception()
            raise FairgaugeError(f"a Dask task failed ({type(error).__name__}: {error}); run the same command again")
    finally:
        client.close()
