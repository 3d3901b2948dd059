"""Shared helpers: timing, the national data set, and writing docs/performance.md."""

from __future__ import annotations

import os
import platform
import sqlite3
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from flask import Flask

from selfassess import create_app
from selfassess.extensions import db

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
REPORT = ROOT / "docs" / "performance.md"
# `make loadtest` owns the part of docs/performance.md between these markers; `make bench`
# owns the rest. Each rewrites only its own part.
LOAD_BEGIN = "<!-- load benchmark: written by make loadtest -->"
LOAD_END = "<!-- end of load benchmark -->"
# `make loadtest-cluster` owns a block inside the load section, which `make loadtest` keeps.
CLUSTER_BEGIN = "<!-- cluster benchmark: written by make loadtest-cluster -->"
CLUSTER_END = "<!-- end of cluster benchmark -->"
NATIONAL = {"trusts": 152, "partners": 10, "respondents": 5, "questionnaire": "csp"}
# The operator's command that builds the national data set (make bench and make loadtest).
SEED_NATIONAL = [
    "seed-demo",
    "--trusts",
    str(NATIONAL["trusts"]),
    "--partners",
    str(NATIONAL["partners"]),
    "--respondents",
    str(NATIONAL["respondents"]),
    "--questionnaire",
    str(NATIONAL["questionnaire"]),
]


@dataclass
class Section:
    """One benchmark's part of docs/performance.md."""

    title: str
    method: str
    rows: list[tuple[str, str, str]] = field(default_factory=list)  # figure, value, target

    def markdown(self) -> str:
        table = ["| figure | measured | target |", "| --- | --- | --- |"]
        table += [f"| {a} | {b} | {c} |" for a, b, c in self.rows]
        return f"## {self.title}\n\n{self.method}\n\n" + "\n".join(table) + "\n"


def median_seconds(action: Callable[[], object], repeat: int = 7, warmup: int = 1) -> float:
    """Median wall time of ``action`` over ``repeat`` runs after ``warmup`` runs."""
    for _ in range(warmup):
        action()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def national_app() -> Flask:
    """An app on the national data set (152 trusts x 10 partners x 5 respondents, csp),
    built with seed-demo on first use and kept in bench/out/."""
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / "national.sqlite"
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}",
            "SECRET_KEY": "bench",
            "WTF_CSRF_ENABLED": False,
        }
    )
    fresh = not path.exists()
    runner = app.test_cli_runner()
    steps = [["init-db"]]  # always: upgrades a data set built by an older schema
    if fresh:
        steps.append(SEED_NATIONAL)
    for args in steps:
        result = runner.invoke(args=args)
        if result.exit_code != 0:
            if fresh:
                path.unlink(missing_ok=True)
            raise RuntimeError(result.output)
    return app


def dispose(app: Flask) -> None:
    with app.app_context():
        db.engine.dispose()


def machine() -> str:
    cpu = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return (
        f"{platform.system()} {platform.release()}, {cpu}, {os.cpu_count()} cores; "
        f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}"
    )


def write_report(sections: list[Section]) -> None:
    head = (
        "# Performance\n\n"
        "Written by `make bench` (do not edit by hand). Every figure is a median of repeated "
        "runs, reported as a ratio to a floor measured in the same run on the same machine, "
        "so that a slower or busier machine moves both together.\n\n"
        f"Machine: {machine()}. Run: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}.\n\n"
    )
    body = head + "\n".join(s.markdown() for s in sections)
    kept = load_section()
    REPORT.write_text(body + (f"\n{kept}\n" if kept else ""), encoding="utf-8")


def load_section() -> str:
    """The load benchmark's part of the report, markers included ('' if there is none)."""
    text = REPORT.read_text(encoding="utf-8") if REPORT.exists() else ""
    start, end = text.find(LOAD_BEGIN), text.find(LOAD_END)
    if start < 0 or end < start:
        return ""
    return text[start : end + len(LOAD_END)]


def _between(text: str, begin: str, end: str) -> str:
    start, stop = text.find(begin), text.find(end)
    return "" if start < 0 or stop < start else text[start : stop + len(end)]


def write_load_section(markdown: str) -> None:
    """Put ``markdown`` between the load markers, replacing what was there or appending;
    the cluster block inside it is kept."""
    text = REPORT.read_text(encoding="utf-8") if REPORT.exists() else "# Performance\n"
    cluster = _between(text, CLUSTER_BEGIN, CLUSTER_END)
    block = f"{LOAD_BEGIN}\n{markdown}" + (f"\n{cluster}\n" if cluster else "") + LOAD_END
    old = load_section()
    text = text.replace(old, block) if old else text.rstrip("\n") + f"\n\n{block}\n"
    REPORT.write_text(text, encoding="utf-8")


def write_cluster_section(markdown: str) -> None:
    """Put ``markdown`` in the cluster block at the end of the load section."""
    if not load_section():
        write_load_section("")
    text = REPORT.read_text(encoding="utf-8")
    block = f"{CLUSTER_BEGIN}\n{markdown}{CLUSTER_END}"
    old = _between(text, CLUSTER_BEGIN, CLUSTER_END)
    new = f"\n{block}\n{LOAD_END}"
    text = text.replace(old, block) if old else text.replace(LOAD_END, new)
    REPORT.write_text(text, encoding="utf-8")
