"""The F-UJI paper's figures for runs, with matplotlib (PNG and SVG): per-principle score distributions
(one run, or before vs after) and the pass rate of every metric test. Only scored objects are plotted."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from fairgauge.errors import InputError
from fairgauge.model.runs import ResultRecord

PRINCIPLES = ("F", "A", "I", "R", "FAIR")


def _pyplot() -> Any:
    try:
        import matplotlib

        matplotlib.use("Agg")  # files only; never a window or a display
        import matplotlib.pyplot as plt
    except ImportError as exc:
        raise InputError("plots need matplotlib: pip install 'fairgauge[batch]'") from exc
    return plt


def _save(fig: object, out: Path, stem: str) -> list[Path]:
    written = []
    for suffix in ("png", "svg"):
        path = out / f"{stem}.{suffix}"
        fig.savefig(path, dpi=120, bbox_inches="tight")  # type: ignore[attr-defined]
        written.append(path)
    return written


def _scores(results: list[ResultRecord], principle: str) -> list[float]:
    values = []
    for result in results:
        value = (result.score_percent or {}).get(principle) if result.status == "scored" else None
        if isinstance(value, int | float):
            values.append(float(value))
    return values


def principle_distributions(runs: Sequence[tuple[str, list[ResultRecord]]], out: Path) -> list[Path]:
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(8, 4.5))
    width = 0.8 / len(runs)
    for n, (name, results) in enumerate(runs):
        data = [_scores(results, p) for p in PRINCIPLES]
        positions = [i + (n - (len(runs) - 1) / 2) * width for i in range(len(PRINCIPLES))]
        box = ax.boxplot(data, positions=positions, widths=width * 0.9, patch_artist=True, manage_ticks=False)
        for patch in box["boxes"]:
            patch.set_facecolor(f"C{n}")
            patch.set_alpha(0.6)
            patch.set_label(name)
    ax.set_xticks(range(len(PRINCIPLES)), PRINCIPLES)
    ax.set_ylabel("score (%)")
    ax.set_ylim(0, 100)
    ax.set_title("Score per FAIR principle" + (" (before vs after)" if len(runs) > 1 else ""))
    handles = [plt.Rectangle((0, 0), 1, 1, color=f"C{n}", alpha=0.6) for n in range(len(runs))]
    ax.legend(handles, [name for name, _ in runs])
    written = _save(fig, out, "principle_scores")
    plt.close(fig)
    return written


def test_pass_rates(runs: Sequence[tuple[str, list[ResultRecord]]], out: Path) -> list[Path]:
    plt = _pyplot()
    tests: dict[str, None] = {}
    rates: list[dict[str, float]] = []
    for _, results in runs:
        passed: Counter[str] = Counter()
        seen: Counter[str] = Counter()
        for result in results:
            if result.status != "scored":
                continue
            for metric in (result.metrics or {}).values():
                for name, test in metric.get("tests", {}).items():
                    tests.setdefault(name, None)
                    seen[name] += 1
                    passed[name] += test.get("status") == "pass"
        rates.append({name: 100 * passed[name] / seen[name] for name in seen})
    names = sorted(tests)
    fig, ax = plt.subplots(figsize=(8, max(3.0, 0.22 * len(names) * len(runs) + 1)))
    height = 0.8 / len(runs)
    for n, (name, _) in enumerate(runs):
        ys = [i + (n - (len(runs) - 1) / 2) * height for i in range(len(names))]
        ax.barh(ys, [rates[n].get(t, 0.0) for t in names], height=height, color=f"C{n}", label=name)
    ax.set_yticks(range(len(names)), names, fontsize=7)
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set_xlabel("objects passing (%)")
    ax.set_title("Pass rate per metric test")
    ax.legend()
    written = _save(fig, out, "test_pass_rates")
    plt.close(fig)
    return written


def plot_runs(runs: Sequence[tuple[str, list[ResultRecord]]], out: Path) -> list[Path]:
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"cannot create {out}: {exc.strerror or exc}") from exc
    return [*principle_distributions(runs, out), *test_pass_rates(runs, out)]
