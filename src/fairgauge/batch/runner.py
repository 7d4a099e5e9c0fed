"""Starting or resuming a run: fix its item list once, then assess what has no result yet.

The same command after a kill continues the run: the stored item list (not the inputs read again) is
what the run assesses, so a sample, a changed input file or stdin cannot make a resumed run different.
The inputs given must describe the same run (same spec and profile), else it is a one-line error.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from fairgauge._version import __version__
from fairgauge.batch.engine import EngineOptions, Item, run_local
from fairgauge.batch.progress import Mode, RunProgress
from fairgauge.errors import InputError
from fairgauge.model.runs import ResultRecord
from fairgauge.settings import Settings
from fairgauge.store import Store
from fairgauge.store.runs import RunExistsError, RunRecord, Runs

RECORDED_SETTINGS = (
    "user_agent",
    "per_host_concurrency",
    "per_host_delay",
    "retry_attempts",
    "retry_max_wait",
    "request_deadline",
    "max_response_bytes",
    "max_redirects",
    "use_datacite",
    "content_negotiation",
    "content_sample_files",
    "allow_private_network",
)


@dataclass(frozen=True)
class InputSpec:
    """What the user asked for; stored with the run and compared on resume."""

    sources: tuple[str, ...]
    column: str | None = None
    sample: int | None = None
    seed: int = 0
    oai_set: str | None = None

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["sources"] = list(self.sources)
        return data


def run_settings(settings: Settings, options: EngineOptions, engine: str) -> dict[str, Any]:
    chosen = settings.model_dump(mode="json", include=set(RECORDED_SETTINGS))
    return {
        **chosen,
        "engine": engine,
        "concurrency": options.concurrency,
        "workers": options.workers,
        "per_host": options.per_host,
        "per_host_delay": options.per_host_delay,
        "replay": [str(p) for p in options.replay],
    }


def open_run(
    runs: Runs,
    name: str,
    spec: InputSpec,
    profile: str,
    settings: dict[str, Any],
    read_items: Callable[[], Sequence[Item]],
) -> tuple[RunRecord, bool]:
    """The run ``name``: resumed when it exists (and matches), else created with ``read_items()``."""
    existing = runs.get(name)
    if existing is None:
        items = read_items()
        if not items:
            raise InputError("the inputs hold no identifier")
        try:
            return runs.create(
                name,
                profile=profile,
                software_version=__version__,
                inputs=spec.as_json(),
                settings=settings,
                items=items,
            ), False
        except RunExistsError:  # another process created it between get and create
            existing = runs.get(name)
            assert existing is not None
    if existing.inputs != spec.as_json() or existing.profile != profile:
        raise InputError(
            f"run {name!r} exists with other inputs or profile ({', '.join(existing.inputs.get('sources', []))}, "
            f"{existing.profile}); resume it with the same command or choose another --run name"
        )
    return existing, True


def execute(
    store: Store,
    run: RunRecord,
    settings: Settings,
    options: EngineOptions,
    *,
    mode: Mode = "plain",
    engine: str = "local",
    scheduler: str | None = None,
) -> RunRecord:
    """Assess the run's pending items, committing each result as it comes; the run afterwards."""
    runs = Runs(store)
    pending = runs.pending(run.id)
    with RunProgress(run.total, run.total - len(pending), mode=mode) as progress, runs.writer(run.id) as writer:

        def commit(result: ResultRecord) -> None:
            if writer.add(result):
                progress.add(result.status)

        if engine == "dask":
            from fairgauge.batch.dask_engine import run_dask

            def stored(delta: Counter[str]) -> None:
                for status, count in delta.items():
                    for _ in range(count):
                        progress.add(status)

            def counts() -> Counter[str]:
                found = runs.get(run.name)
                return Counter(found.counts if found else {})

            run_dask(
                settings,
                pending,
                options,
                stored,
                scheduler=scheduler,
                database_url=store.engine.url.render_as_string(hide_password=False),
                run_id=run.id,
                status_counts=counts,
            )
        else:
            run_local(settings, pending, options, commit)
    final = runs.get(run.name)
    assert final is not None
    return final
