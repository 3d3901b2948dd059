"""The load benchmark's section of docs/performance.md and its capacity picture: per engine
and step, p50/p95/p99 of each request as a ratio to the /healthz floor of the same step,
errors, lost saves, and the capacity (the largest step meeting the target)."""

from __future__ import annotations

import multiprocessing
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.common import NATIONAL, ROOT, machine, write_load_section
from bench.load_data import SaveCheck

SAVE_P95_MS = 150  # the target: save p95 at most this, and no errors
PACING_S = 30
PICTURE = ROOT / "docs" / "img" / "load-capacity.png"
REQUESTS = ("save", "page", "board PDF", "national comparison", "healthz")
# Taken when the benchmark starts: how busy the shared machine was before our own load.
LOAD_BEFORE = os.getloadavg()[0]


@dataclass(frozen=True)
class Figures:
    """One request name within one step: ms percentiles, count and failures."""

    requests: int
    errors: int
    p50: float
    p95: float
    p99: float


@dataclass(frozen=True)
class Step:
    users: int
    figures: dict[str, Figures]

    def p95(self, name: str) -> float | None:
        row = self.figures.get(name)
        return None if row is None else row.p95

    def errors(self) -> int:
        return sum(f.errors for f in self.figures.values())

    def meets(self) -> bool:
        save = self.p95("save")
        return save is not None and save <= SAVE_P95_MS and self.errors() == 0


@dataclass(frozen=True)
class EngineRun:
    engine: str
    steps: list[Step]
    saves: SaveCheck
    server_errors: int  # tracebacks in gunicorn's log
    seconds: float

    def capacity(self) -> int | None:
        """The largest step meeting the target, every smaller step meeting it too."""
        best = None
        for step in self.steps:
            if not step.meets():
                break
            best = step.users
        return best


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[round(share * (len(ordered) - 1))] if ordered else 0.0


def steps_of(raw: dict[str, Any]) -> list[Step]:
    """Steps from the locustfile's results: {users: {"times": {name: [ms]}, "failures": ...}}."""
    steps = []
    for users in sorted(raw, key=int):
        times, failed = raw[users]["times"], raw[users]["failures"]
        figures = {
            name: Figures(
                len(values),
                int(failed.get(name, 0)),
                *(percentile(values, share) for share in (0.5, 0.95, 0.99)),
            )
            for name, values in times.items()
        }
        steps.append(Step(int(users), figures))
    return steps


def ratio(value: float | None, floor: float | None) -> str:
    if value is None:
        return "–"
    if not floor:
        return f"{value:.0f} ms"
    return f"{value / floor:.1f}× ({value:.0f} ms)"


def _rows(run: EngineRun) -> list[str]:
    lines = []
    for step in run.steps:
        floor = step.p95("healthz")
        save = step.figures.get("save")
        cells = [
            run.engine,
            f"{step.users:,}",
            f"{step.users / PACING_S:.0f}",
            f"{floor:.0f} ms" if floor else "–",
            ratio(save.p50 if save else None, floor),
            ratio(save.p95 if save else None, floor),
            ratio(save.p99 if save else None, floor),
            ratio(step.p95("page"), floor),
            ratio(step.p95("board PDF"), floor),
            ratio(step.p95("national comparison"), floor),
            str(save.requests if save else 0),
            str(step.errors()),
            "yes" if step.meets() else "no",
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def _summary(run: EngineRun) -> str:
    capacity = run.capacity()
    shown = "none"
    if capacity is not None:
        shown = f"{capacity:,} users ({capacity / PACING_S:.0f} saves/s)"
    return (
        f"| {run.engine} | {shown} | {run.saves.text()} | {run.server_errors} "
        f"| {run.seconds / 60:.1f} min |"
    )


def _server() -> str:
    workers = os.environ.get("SELFASSESS_WORKERS", str(multiprocessing.cpu_count() * 2 + 1))
    threads = os.environ.get("SELFASSESS_THREADS", "4")
    return f"{workers} workers x {threads} threads"


def markdown(runs: list[EngineRun], picture: str = "img/load-capacity.png") -> str:
    head = (
        "## Load: the national busy hour (open model)\n\n"
        "Written by `make loadtest` (`python -m bench.load`; not part of `make test`). "
        f"The national data set (`seed-demo --trusts {NATIONAL['trusts']} --partners "
        f"{NATIONAL['partners']} --respondents {NATIONAL['respondents']}`) plus load "
        "respondents spread over every partner of every trust's open round, each with a "
        "response of their own; everyone signed in (server-side session, two-factor set-up "
        "for the advisor) **before** the load starts. Production settings (CSRF on); gunicorn "
        f"with `gunicorn.conf.py` ({_server()}). **Open model**: each respondent saves a page "
        f"every {PACING_S} s whatever the answer time (Locust `constant_pacing`: GET the page, "
        "post it back with every statement answered and every item's note), stepped by a "
        "`LoadTestShape`; beside them 2 board members download the board PDF and 1 advisor "
        "reads the national comparison, each once a minute, and a probe asks `/healthz` every "
        "second. A step stops the run early once it clearly fails (save p95 over 1.5 s, or "
        "errors). **Locust and the server share the same 2 cores**, so the load generator "
        "takes CPU from the server: the figures understate what a server of its own would "
        "carry. Each time is shown as a **ratio to the floor**, the p95 of `/healthz` in the "
        "same step (the cost of any request on the machine as loaded then), with the ms "
        "beside it. Lost saves: acknowledged saves (302) whose last written value for a "
        "statement or note is not what the database holds after the run. Capacity: the "
        f"largest step with save p95 ≤ {SAVE_P95_MS} ms and 0 errors.\n\n"
        f"Machine: {machine()}. Run: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}. "
        f"Load average before the run: {LOAD_BEFORE:.1f} (the machine is shared).\n\n"
        f"![save p95 against users, one line per engine]({picture})\n\n"
    )
    table = [
        "| engine | users | saves/s | floor (healthz p95) | save p50 | save p95 | save p99 "
        "| page p95 | board PDF p95 | comparison p95 | saves | errors | target met |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for run in runs:
        table += _rows(run)
    summary = [
        "| engine | capacity | lost saves | server tracebacks | run time |",
        "| --- | --- | --- | --- | --- |",
        *(_summary(run) for run in runs),
    ]
    return head + "\n".join(table) + "\n\n" + "\n".join(summary) + "\n"


def picture(runs: list[EngineRun], path: Path = PICTURE) -> Path:
    """Save p95 against users, one line per engine, the target as a dashed line."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot

    figure, axes = pyplot.subplots(figsize=(7, 4))
    for run in runs:
        points = [(s.users, s.p95("save")) for s in run.steps if s.p95("save") is not None]
        axes.plot([u for u, _ in points], [p for _, p in points], marker="o", label=run.engine)
    axes.axhline(SAVE_P95_MS, linestyle="--", color="grey", label=f"target {SAVE_P95_MS} ms")
    axes.set_xscale("log")
    axes.set_yscale("log")
    axes.set_xlabel(f"respondents (one save each per {PACING_S} s)")
    axes.set_ylabel("save p95 (ms)")
    axes.set_title("Busy hour: save p95 against users")
    axes.legend()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=100, bbox_inches="tight", metadata={"Software": None})
    pyplot.close(figure)
    return path


def targets_met(runs: list[EngineRun]) -> bool:
    """No lost save anywhere, and the first step met on every engine."""
    return all(run.saves.lost_saves == 0 and run.capacity() is not None for run in runs)


def write(runs: list[EngineRun]) -> str:
    text = markdown(runs)
    picture(runs)
    write_load_section(text)
    return text
