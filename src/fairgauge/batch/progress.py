"""Progress of a run: a rich bar on a terminal (done, not assessed, errors, rate, ETA), a plain line every
few seconds when stderr is not a terminal (logs, CI), or nothing with ``--quiet``."""

from __future__ import annotations

import sys
import time
from collections import Counter
from typing import Literal, TextIO

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

Mode = Literal["bar", "plain", "quiet"]


def choose_mode(quiet: bool, stream: TextIO | None = None) -> Mode:
    if quiet:
        return "quiet"
    return "bar" if (stream or sys.stderr).isatty() else "plain"


class RunProgress:
    """Counts results by status and shows them; ``already`` are results of an earlier, resumed attempt."""

    def __init__(self, total: int, already: int = 0, *, mode: Mode = "plain", every: float = 5.0) -> None:
        self.total = total
        self.already = already
        self.counts: Counter[str] = Counter()
        self.mode = mode
        self.every = every
        self.started = time.monotonic()
        self._last = self.started
        self._progress: Progress | None = None
        self._task: TaskID | None = None

    def __enter__(self) -> RunProgress:
        if self.mode == "bar":
            self._progress = Progress(
                TextColumn("[bold]{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.fields[detail]}"),
                TimeElapsedColumn(),
                TimeRemainingColumn(),
                console=Console(stderr=True),
                transient=False,
            )
            self._progress.start()
            self._task = self._progress.add_task(
                "assessing", total=self.total, completed=self.already, detail=self.detail()
            )
        return self

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            self._progress.stop()
        elif self.mode == "plain":
            self._line()

    @property
    def done(self) -> int:
        return self.already + sum(self.counts.values())

    def rate(self) -> float:
        elapsed = time.monotonic() - self.started
        return sum(self.counts.values()) / elapsed if elapsed > 0 else 0.0

    def detail(self) -> str:
        return (
            f"scored {self.counts['scored']} · not assessed {self.counts['not_assessed']} · "
            f"errors {self.counts['error']} · {self.rate():.1f}/s"
        )

    def add(self, status: str) -> None:
        self.counts[status] += 1
        if self._progress is not None and self._task is not None:
            self._progress.update(self._task, completed=self.done, detail=self.detail())
        elif self.mode == "plain" and time.monotonic() - self._last >= self.every:
            self._line()

    def _line(self) -> None:
        self._last = time.monotonic()
        rate = self.rate()
        left = self.total - self.done
        eta = f", ETA {left / rate:.0f} s" if rate > 0 and left else ""
        sys.stderr.write(f"{self.done}/{self.total} done, {self.detail()}{eta}\n")
        sys.stderr.flush()
