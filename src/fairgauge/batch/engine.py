"""The local engine: worker processes, each with one event loop and one shared HTTP client, fed from one
queue; the parent commits every result the moment it arrives.

Why this shape: assessments are CPU-bound between network waits, so one process per core keeps both
cores busy while each process overlaps many objects' waits on its event loop. Workers never touch the
store: the parent alone writes, one short transaction per result, so SQLite sees one writer and a
SIGKILL loses at most the assessments in flight (they have no result row, so the same command runs
them again; the primary key makes a duplicate impossible).

Politeness: the global bound (``concurrency``) is split over the workers, and so are the per-host
limits: each worker lets ``ceil(per_host / workers)`` objects of one host run at once and starts them at
least ``per_host_delay * workers`` seconds apart, so all workers together stay within the limits.
Inside an assessment the fetcher's own per-host gate (``per_host_concurrency``, ``per_host_delay``)
applies as well.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
import multiprocessing as mp
import os
import queue
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from fairgauge.batch.summary import error_result, summarize
from fairgauge.errors import FairgaugeError, IdentifierError
from fairgauge.identifiers import read_identifier
from fairgauge.model.runs import ResultRecord
from fairgauge.settings import Settings

if TYPE_CHECKING:
    from fairgauge.compose import Services

Item = tuple[str, str]  # (identifier as given, key)


@dataclass(frozen=True)
class EngineOptions:
    profile: str = "fsf-0.8"
    concurrency: int = 16
    workers: int = 0  # 0: one per core
    per_host: int = 8
    per_host_delay: float = 0.0
    replay: tuple[Path, ...] = ()

    def worker_count(self, pending: int) -> int:
        wanted = self.workers or os.cpu_count() or 1
        return max(1, min(wanted, pending, self.concurrency))


@dataclass
class _WorkerConfig:
    settings: Settings
    options: EngineOptions
    slots: int
    per_host: int
    per_host_delay: float
    parent: int = field(default_factory=os.getpid)


def host_of(identifier: str) -> str:
    """The host politeness counts against: a URL's host, else the resolver the identifier goes through."""
    if "://" in identifier:
        return (urlsplit(identifier.strip()).hostname or "").lower()
    lowered = identifier.strip().lower()
    if lowered.startswith(("10.", "doi:")):
        return "doi.org"
    return lowered.split(":", 1)[0]


class _HostPolicy:
    """Per worker: objects of one host in flight and the minimum spacing of their starts."""

    def __init__(self, limit: int, delay: float) -> None:
        self._limit = limit
        self._delay = delay
        self._gates: dict[str, asyncio.Semaphore] = {}
        self._next_start: dict[str, float] = {}

    async def enter(self, host: str) -> None:
        await self._gates.setdefault(host, asyncio.Semaphore(self._limit)).acquire()
        if self._delay:
            now = time.monotonic()
            start = max(now, self._next_start.get(host, now))
            self._next_start[host] = start + self._delay
            if start > now:
                await asyncio.sleep(start - now)

    def leave(self, host: str) -> None:
        self._gates[host].release()


async def assess_one(services: Services, identifier: str, key: str, profile: str) -> ResultRecord:
    """One object assessed and summarised, by either engine: an error becomes an error row (with the bug's
    name when it is one of ours), so no object of a run is ever lost or left without a result. Input text
    that is no identifier is an error ("not an identifier"), never "not assessed": nothing was tried."""
    started = time.perf_counter()
    try:
        read_identifier(identifier)
    except IdentifierError as exc:  # text that names no object: the input is wrong, not the object unreachable
        return error_result(identifier, key, f"not an identifier: {exc}")
    try:
        report = await services.assess(identifier, profile=profile)
        return summarize(identifier, key, report, (time.perf_counter() - started) * 1000)
    except FairgaugeError as exc:
        return error_result(identifier, key, str(exc), (time.perf_counter() - started) * 1000)
    except Exception as exc:
        message = f"internal error ({type(exc).__name__}: {exc})"
        return error_result(identifier, key, message, (time.perf_counter() - started) * 1000)


def _watch_parent(parent: int) -> None:
    """A worker whose parent was killed (kill -9) exits instead of assessing for nobody."""
    while True:
        time.sleep(0.5)
        if os.getppid() != parent:
            os._exit(1)


async def _next_item(tasks: Any, loop: asyncio.AbstractEventLoop) -> Item | None:
    """The next item (None: no more). Read directly when one is waiting, the usual case: a blocking read
    in the loop's thread pool cost a thread hop and two futures per object."""
    try:
        item: Item | None = tasks.get_nowait()
    except queue.Empty:  # nothing queued yet, or the other worker is reading: wait in a thread
        item = await loop.run_in_executor(None, tasks.get)
    return item


def _worker_main(config: _WorkerConfig, tasks: Any, results: Any) -> None:
    threading.Thread(target=_watch_parent, args=(config.parent,), daemon=True).start()
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_work(config, tasks, results))


async def _work(config: _WorkerConfig, tasks: Any, results: Any) -> None:
    from fairgauge.compose import build_services

    services = build_services(
        config.settings, replay=list(config.options.replay), with_store=False, profiles=[config.options.profile]
    )
    services.settle(config.options.profile)
    loop = asyncio.get_running_loop()
    slots = asyncio.Semaphore(config.slots)
    hosts = _HostPolicy(config.per_host, config.per_host_delay)
    running: set[asyncio.Task[None]] = set()

    async def one(identifier: str, key: str) -> None:
        host = host_of(identifier)
        await hosts.enter(host)
        try:
            result = await assess_one(services, identifier, key, config.options.profile)
        finally:
            hosts.leave(host)
            slots.release()
        results.put(("result", result))

    try:
        while True:
            await slots.acquire()  # take work only when a slot is free: idle workers get the rest
            item = await _next_item(tasks, loop)
            if item is None:
                slots.release()
                break
            task = asyncio.create_task(one(*item))
            running.add(task)
            task.add_done_callback(running.discard)
        if running:
            await asyncio.gather(*running)
    finally:
        await services.aclose()
        results.put(("exit", os.getpid()))


OnResult = Callable[[ResultRecord], None]


def run_local(settings: Settings, items: Sequence[Item], options: EngineOptions, on_result: OnResult) -> None:
    """Assess ``items`` on worker processes; ``on_result`` (the committer) runs in this process for each
    result as it arrives. Returns when every item has a result; a dead worker is an error."""
    if not items:
        return
    workers = options.worker_count(len(items))
    context = mp.get_context("spawn")  # no inherited sockets, locks or event loop from this process
    tasks = context.Queue()
    results = context.Queue()
    config = _WorkerConfig(
        settings=settings,
        options=options,
        slots=max(1, math.ceil(options.concurrency / workers)),
        per_host=max(1, math.ceil(options.per_host / workers)),
        per_host_delay=options.per_host_delay * workers,
    )
    for item in items:
        tasks.put(item)
    for _ in range(workers):
        tasks.put(None)
    processes = [
        context.Process(target=_worker_main, args=(config, tasks, results), daemon=True) for _ in range(workers)
    ]
    for process in processes:
        process.start()
    received = 0
    exited = 0
    try:
        while received < len(items):
            try:
                kind, payload = results.get(timeout=1.0)
            except queue.Empty:
                if all(not p.is_alive() for p in processes):
                    break
                continue
            if kind == "exit":
                exited += 1
                continue
            received += 1
            on_result(payload)
    finally:
        for process in processes:
            process.join(timeout=5)
            if process.is_alive():
                process.terminate()
    if received < len(items):
        raise FairgaugeError(
            f"a worker process stopped unexpectedly after {received} of {len(items)} results; "
            "run the same command again to finish the run"
        )
