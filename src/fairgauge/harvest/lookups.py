"""Answers that many objects of a run share, asked once per process: the registration agency of a DOI
prefix, the re3data record of a repository (reached through the DataCite client's re3data DOI).

Why: a batch assesses hundreds of objects of one repository; without this each would ask doi.org/ra and
re3data again (N requests for one answer, and a rate-limited registry). The composition root builds one
per assessor, so one per worker process (and one per server). Only answers are kept, never failures:
a network hiccup is asked again by the next object. Concurrent objects asking the same key wait for the
first one's answer instead of all asking at once. An object whose answer came from here says so in its
harvest record (the exchange belongs to the object that asked).

(The DataCite client record comes in the same answer as the DOI's own record, ``include=client``, and
JSON-LD contexts are answered from the bundled reference data, so neither needs a request to share.)
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Literal, TypeVar, cast

from cachetools import LRUCache

from fairgauge.model.harvest import RepositoryInfo

LookupKind = Literal["doi_ra", "re3data"]
T = TypeVar("T")


@dataclass(frozen=True)
class KeptRepository:
    """A repository's re3data record with its r3d id."""

    r3d_id: str
    repository: RepositoryInfo


@dataclass
class _Pending:
    lock: asyncio.Lock
    users: int = 0


class SharedLookups:
    """Per-process answers by (kind, key), at most ``limit`` per kind (oldest dropped first: a run over
    a million objects of many repositories keeps memory flat)."""

    def __init__(self, limit: int = 10_000) -> None:
        self._limit = limit
        self._answers: dict[LookupKind, LRUCache[str, object]] = {}
        self._pending: dict[tuple[int, LookupKind, str], _Pending] = {}

    def kept(self, kind: LookupKind, key: str) -> object | None:
        answers = self._answers.get(kind)
        return None if answers is None else answers.get(key)

    def keep(self, kind: LookupKind, key: str, answer: object) -> None:
        self._answers.setdefault(kind, LRUCache(maxsize=self._limit))[key] = answer

    async def once(self, kind: LookupKind, key: str, ask: Callable[[], Awaitable[T | None]]) -> tuple[T | None, bool]:
        """``(answer, True)`` when kept from an earlier ask; else ``ask()`` now, ``(answer, False)``; a
        concurrent ask of the same key waits for this one (locks are per event loop: a lock belongs to
        the loop it is used on)."""
        found = self.kept(kind, key)
        if found is not None:
            return cast(T, found), True
        slot = (id(asyncio.get_running_loop()), kind, key)
        pending = self._pending.setdefault(slot, _Pending(asyncio.Lock()))
        pending.users += 1
        try:
            async with pending.lock:
                found = self.kept(kind, key)
                if found is not None:
                    return cast(T, found), True
                answer = await ask()
                if answer is not None:
                    self.keep(kind, key, answer)
                return answer, False
        finally:
            pending.users -= 1
            if pending.users == 0:
                self._pending.pop(slot, None)
