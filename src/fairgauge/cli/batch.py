"""``fairgauge batch``: assess many objects as one named, resumable run kept in the store."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from fairgauge.batch.wording import counted
from fairgauge.cli.common import err_console, fail, settings_from
from fairgauge.cli.harvest import PrivateOption, ReplayOption


class Engine(StrEnum):
    local = "local"
    dask = "dask"


def register(app: typer.Typer) -> None:
    @app.command("batch")
    def batch_command(
        ctx: typer.Context,
        inputs: Annotated[
            list[str] | None,
            typer.Argument(
                help="Files (text, .csv, .jsonl), - for stdin (default), oai:URL, "
                "datacite:client=ID|prefix=10.x|query=Q, sitemap:URL.",
            ),
        ] = None,
        run_name: Annotated[str, typer.Option("--run", help="Name of the run (the same name resumes it).")] = "",
        profile: Annotated[str, typer.Option("--profile", help="Metric profile id or .yaml file.")] = "fsf-0.8",
        replay: ReplayOption = None,
        database_url: Annotated[
            str | None, typer.Option("--database-url", help="Store URL (sqlite:///FILE or postgresql://...).")
        ] = None,
        concurrency: Annotated[int, typer.Option("--concurrency", min=1, help="Objects assessed at once.")] = 16,
        workers: Annotated[int, typer.Option("--workers", min=0, help="Worker processes (0: one per core).")] = 0,
        per_host: Annotated[int, typer.Option("--per-host", min=1, help="Objects of one host at once.")] = 8,
        per_host_delay: Annotated[
            float, typer.Option("--per-host-delay", min=0.0, help="Seconds between two objects of one host.")
        ] = 0.0,
        column: Annotated[str | None, typer.Option("--column", help="CSV/JSONL column with the identifier.")] = None,
        oai_set: Annotated[str | None, typer.Option("--set", help="OAI-PMH set of oai:URL inputs.")] = None,
        contact: Annotated[
            str | None, typer.Option("--contact", help="Your email or URL, added to the User-Agent.")
        ] = None,
        sample: Annotated[int | None, typer.Option("--sample", min=1, help="Assess a random sample of N.")] = None,
        seed: Annotated[int, typer.Option("--seed", help="Seed of the sample (same seed, same objects).")] = 0,
        engine: Annotated[Engine, typer.Option("--engine", help="local (this machine) or dask.")] = Engine.local,
        scheduler: Annotated[
            str | None, typer.Option("--scheduler", help="Dask scheduler address, tcp://HOST:PORT.")
        ] = None,
        quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress output.")] = False,
        allow_private: PrivateOption = False,
    ) -> None:
        """Assess every identifier of the inputs as one run; the same command again resumes it."""
        from fairgauge.batch.engine import EngineOptions
        from fairgauge.batch.inputs import dedupe, read_inputs, with_contact
        from fairgauge.batch.inputs import sample as take_sample
        from fairgauge.batch.progress import choose_mode
        from fairgauge.batch.runner import InputSpec, execute, open_run, run_settings
        from fairgauge.compose import build_assessor, build_store
        from fairgauge.harvest.harvester import resolvers_from
        from fairgauge.store.runs import Runs

        if not run_name.strip():
            fail("--run NAME is required (the same name resumes the run)")
        if engine is Engine.dask and not scheduler:
            fail("--engine dask needs --scheduler tcp://HOST:PORT")
        settings = with_contact(
            settings_from(ctx, allow_private_network=True if allow_private else None, contact=contact)
        )
        build_assessor(settings, profiles=[profile])  # an unknown profile fails here, before any work
        sources = tuple(inputs or ["-"])
        spec = InputSpec(sources=sources, column=column, sample=sample, seed=seed, oai_set=oai_set)
        options = EngineOptions(
            profile=profile,
            concurrency=concurrency,
            workers=workers,
            per_host=per_host,
            per_host_delay=per_host_delay,
            replay=tuple(Path(p) for p in replay or ()),
        )

        def read_items() -> list[tuple[str, str]]:
            resolvers = resolvers_from(settings)
            identifiers, skipped = read_inputs(sources, settings, column=column, oai_set=oai_set)
            if skipped and not quiet:
                err_console.print(
                    f"skipped {len(skipped)} listed records with no DOI or URL (first: {skipped[0]})", markup=False
                )
            return take_sample(dedupe(identifiers, resolvers), sample, seed)

        store = build_store(settings, database_url)
        try:
            runs = Runs(store)
            run, resumed = open_run(
                runs, run_name, spec, profile, run_settings(settings, options, engine.value), read_items
            )
            mode = choose_mode(quiet)
            if mode != "quiet":
                verb = "resuming" if resumed else "starting"
                err_console.print(
                    f"{verb} run {run.name}: {counted(run.total, 'object')}, {run.finished} already done", markup=False
                )
            final = execute(store, run, settings, options, mode=mode, engine=engine.value, scheduler=scheduler)
        finally:
            store.close()
        if mode != "quiet":
            counts = final.counts
            err_console.print(
                f"run {final.name}: {final.finished}/{final.total} done; scored {counts.get('scored', 0)}, "
                f"not assessed {counts.get('not_assessed', 0)}, errors {counts.get('error', 0)}",
                markup=False,
            )
