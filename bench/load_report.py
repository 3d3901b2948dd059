"""The load benchmark's section of docs/performance.md: per engine and request type, with
and without the PDF readers, the lost saves, the save p95 ratio and the targets."""

from __future__ import annotations

import multiprocessing
import os
import time
from typing import TYPE_CHECKING

from bench.common import NATIONAL, machine, write_load_section

if TYPE_CHECKING:
    from bench.load import Run

MAX_RATIO = 2.0
# Taken when the benchmark starts (this module is imported then): how busy the shared machine
# was before our own load.
LOAD_BEFORE = os.getloadavg()[0]
REQUESTS = ("save", "page", "board PDF", "national comparison", "sign-in form", "sign-in")


def _server() -> str:
    workers = os.environ.get("SELFASSESS_WORKERS", str(multiprocessing.cpu_count() * 2 + 1))
    threads = os.environ.get("SELFASSESS_THREADS", "4")
    return f"{workers} workers x {threads} threads"


def ratio(runs: list[Run]) -> float | None:
    """Save p95 with the readers over save p95 without them."""
    mixed, alone = runs[0].row("save"), runs[1].row("save")
    if mixed is None or alone is None or not alone.p95:
        return None
    return mixed.p95 / alone.p95


def errors(runs: list[Run]) -> int:
    return sum(r.errors for run in runs for r in run.rows if r.name != "Aggregated")


def lost(runs: list[Run]) -> int:
    return sum(run.saves.lost_saves for run in runs)


def met(runs: list[Run]) -> bool:
    value = ratio(runs)
    return errors(runs) == 0 and lost(runs) == 0 and value is not None and value <= MAX_RATIO


def targets_met(results: dict[str, list[Run]]) -> bool:
    return all(met(runs) for runs in results.values())


def _rows(engine: str, run: Run) -> list[str]:
    lines = []
    for name in REQUESTS:
        row = run.row(name)
        if row is None:
            continue
        lost_saves = run.saves.text() if name == "save" else "–"
        lines.append(
            f"| {engine} | {run.label.removeprefix(engine + ' ')} | {name} | {row.requests} "
            f"| {row.errors} | {row.p50} | {row.p95} | {row.p99} | {lost_saves} |"
        )
    return lines


def _summary(engine: str, runs: list[Run]) -> str:
    value = ratio(runs)
    shown = "–" if value is None else f"{value:.2f}"
    tracebacks = sum(run.server_errors for run in runs)
    verdict = "met" if met(runs) else "**not met**"
    load = " / ".join(f"{run.load:.1f}" for run in runs)
    return (
        f"| {engine} | {errors(runs)} | {tracebacks} | {lost(runs)} | {shown} | {load} "
        f"| {verdict} |"
    )


def markdown(results: dict[str, list[Run]]) -> str:
    head = (
        "## Load: gunicorn under Locust\n\n"
        "Written by `make loadtest` (`python -m bench.load`; not part of `make test`). "
        f"The national data set (`seed-demo --trusts {NATIONAL['trusts']} --partners "
        f"{NATIONAL['partners']} --respondents {NATIONAL['respondents']}`) plus load accounts "
        "made through the invitation services; production settings (CSRF on). gunicorn with "
        f"`gunicorn.conf.py` ({_server()}), Locust headless on the same machine, "
        "60 s per run. **With readers**: 50 respondents each saving the pages of their own "
        "response with no pause (GET the page, post back csrf_token, revision and proof with "
        "every statement answered and every item's note, follow the redirect), 2 board members "
        "downloading the board PDF of a closed round in a loop, 1 advisor reading the national "
        "comparison (`/compare/csp`, every trust) in a loop. **Without readers**: the same "
        "respondents alone, straight after on the same server. Times in ms (Locust's "
        "percentiles). Lost saves: acknowledged saves (302) whose last written value for a "
        "statement or note is not what the database holds after the run. Requests are "
        "counted within the 60 s; the saves under way when time is up are let finish and "
        "are checked too, so a run checks a few more saves than it times.\n\n"
        f"Machine: {machine()}. Run: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}. "
        f"Load average before the run: {LOAD_BEFORE:.1f}; the machine is shared, and the "
        "load average after each run (1 minute, this benchmark's own processes included) is "
        "in the last table.\n\n"
    )
    table = [
        "| engine | run | request | requests | errors | p50 | p95 | p99 | lost saves |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for engine, runs in results.items():
        for run in runs:
            table += _rows(engine, run)
    summary = [
        "| engine | errors | server tracebacks | lost saves | save p95 with readers / "
        "without | load average after each run | targets (0 errors, 0 lost saves, ratio <= 2) |",
        "| --- | --- | --- | --- | --- | --- | --- |",
        *(_summary(engine, runs) for engine, runs in results.items()),
    ]
    return head + "\n".join(table) + "\n\n" + "\n".join(summary) + "\n"


def write(results: dict[str, list[Run]]) -> str:
    text = markdown(results)
    write_load_section(text)
    return text
