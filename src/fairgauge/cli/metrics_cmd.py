"""``fairgauge metrics list|show ID``: the metric profiles and what each test checks."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from fairgauge.metrics.profile import Profile

metrics_app = typer.Typer(help="Metric profiles (versioned YAML) and their tests.", no_args_is_help=True)


@metrics_app.command("list")
def list_profiles(as_json: Annotated[bool, typer.Option("--json", help="Print as JSON.")] = False) -> None:
    """List the bundled metric profiles with their totals."""
    from rich.console import Console
    from rich.table import Table

    from fairgauge.metrics.profile import bundled_profile_ids, load_profile

    profiles = [load_profile(pid) for pid in bundled_profile_ids()]
    if as_json:
        typer.echo(json.dumps([_profile_summary(p) for p in profiles], indent=2))
        return
    table = Table("profile", "version", "metrics", "points", "extends", "title")
    for p in profiles:
        table.add_row(p.id, p.version, str(len(p.scored_metrics)), f"{p.total_score:g}", p.extends or "-", p.title)
    Console().print(table)


@metrics_app.command("show")
def show(
    profile_id: Annotated[str, typer.Argument(help="A bundled profile id or a .yaml file.", metavar="ID")],
    as_json: Annotated[bool, typer.Option("--json", help="Print as JSON.")] = False,
) -> None:
    """Show every metric and test of a profile: points, maturity, scoring and the check behind it."""
    from rich.console import Console
    from rich.table import Table

    from fairgauge.metrics.profile import load_profile
    from fairgauge.metrics.registry import CheckRegistry

    registry = CheckRegistry.default()
    profile = load_profile(profile_id, registry)
    if as_json:
        typer.echo(json.dumps(profile.model_dump(mode="json"), indent=2))
        return
    console = Console()
    console.print(f"{profile.title} ({profile.id}, version {profile.version})")
    console.print(
        f"Specification {profile.specification}; {len(profile.scored_metrics)} scored metrics, "
        f"{profile.total_score:g} points"
    )
    table = Table("#", "metric / test", "principle", "points", "maturity", "scoring / check")
    for metric in profile.metrics:
        label = metric.scoring if metric.scored else f"{metric.scoring} (not scored)"
        table.add_row(str(metric.number), metric.id, metric.principle, f"{metric.total_score:g}", "", label)
        for test in metric.tests:
            check = registry.get(test.check)
            table.add_row(
                "",
                f"  {test.id}: {test.name}",
                "",
                f"{test.score:g}",
                str(test.maturity or "-"),
                f"{test.check} ({check.title})",
            )
    console.print(table)


def _profile_summary(profile: Profile) -> dict[str, object]:
    return {
        "id": profile.id,
        "version": profile.version,
        "title": profile.title,
        "specification": profile.specification,
        "extends": profile.extends,
        "total_metrics": len(profile.scored_metrics),
        "total_score": profile.total_score,
    }


def register(app: typer.Typer) -> None:
    app.add_typer(metrics_app, name="metrics")
