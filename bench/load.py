"""`make loadtest`: gunicorn under Locust on SQLite, then PostgreSQL, on this machine.

For each engine: the national data set plus the load accounts (bench/load_data.py), gunicorn
with gunicorn.conf.py, then two 60 s Locust runs (bench/locustfile.py): respondents with the
board PDF readers and the advisor, then the same respondents alone. After each run every
acknowledged save is looked up in the database. The figures go into docs/performance.md
between the load markers (bench/common.py), leaving `make bench`'s sections as they are.
"""

from __future__ import annotations

import csv
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from bench import load_report
from bench.common import OUT, ROOT
from bench.load_data import RESPONDENTS, SaveCheck, build, check_saves
from selfassess import create_app

BIN = Path(sys.executable).parent
DURATION = os.environ.get("LOAD_DURATION", "60s")
PERCENTILES = ("50%", "95%", "99%")


@dataclass(frozen=True)
class Row:
    """One request type of one Locust run."""

    name: str
    requests: int
    errors: int
    p50: int
    p95: int
    p99: int


@dataclass(frozen=True)
class Run:
    """One Locust run: its request rows and the check of its acknowledged saves."""

    label: str
    rows: list[Row]
    saves: SaveCheck
    server_errors: int  # tracebacks in gunicorn's log during the run
    load: float  # the machine's 1-minute load average at the end of the run (ours included)

    def row(self, name: str) -> Row | None:
        return next((r for r in self.rows if r.name == name), None)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_healthy(url: str, server: subprocess.Popen[bytes], seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {server.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=5) as answer:  # noqa: S310
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"{url}/healthz did not answer 200 within {seconds} s")


@contextmanager
def gunicorn(env: dict[str, str], log: Path) -> Iterator[str]:
    """gunicorn with the repository's gunicorn.conf.py on a free port; yields its URL."""
    port = free_port()
    env = {**env, "SELFASSESS_BIND": f"127.0.0.1:{port}"}
    with log.open("wb") as out:
        server = subprocess.Popen(  # noqa: S603 - our own venv's gunicorn
            [str(BIN / "gunicorn"), "-c", "gunicorn.conf.py"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        try:
            url = f"http://127.0.0.1:{port}"
            wait_healthy(url, server)
            yield url
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=60)


def read_rows(stats_csv: Path) -> list[Row]:
    with stats_csv.open(encoding="utf-8", newline="") as f:
        return [
            Row(
                line["Name"],
                int(line["Request Count"]),
                int(line["Failure Count"]),
                *(int(float(line[p])) for p in PERCENTILES),
            )
            for line in csv.DictReader(f)
        ]


def locust(url: str, env: dict[str, str], prefix: Path, users: int, classes: list[str]) -> None:
    """Locust, headless, for DURATION; users are allowed to finish the request under way
    when time is up, so that no save is cut off between the database and its answer."""
    command = [
        str(BIN / "locust"),
        "-f",
        str(ROOT / "bench" / "locustfile.py"),
        "--headless",
        "--users",
        str(users),
        "--spawn-rate",
        "10",  # 10 sign-ins a second: password hashes are slow by design
        "--run-time",
        DURATION,
        "--stop-timeout",
        "60",
        "--host",
        url,
        "--csv",
        str(prefix),
        "--only-summary",
        "--loglevel",
        "WARNING",
        *classes,
    ]
    # Locust exits 1 when any request failed; the failures are in the figures.
    subprocess.run(command, env=env, cwd=ROOT, check=False)  # noqa: S603 - fixed command


def run_once(label: str, url: str, env: dict[str, str], log: Path, mixed: bool) -> Run:
    tag = label.replace(" ", "-")
    ledger = OUT / f"load-{tag}-ledger.json"
    ledger.unlink(missing_ok=True)
    classes = ["Respondent", "BoardMember", "Advisor"] if mixed else ["Respondent"]
    users = RESPONDENTS + (3 if mixed else 0)
    before = log.read_text(errors="replace").count("Traceback")
    print(f"{label}: Locust, {users} users, {DURATION}", flush=True)
    locust(url, {**env, "LOAD_LEDGER": str(ledger)}, OUT / f"load-{tag}", users, classes)
    tracebacks = log.read_text(errors="replace").count("Traceback") - before
    load = os.getloadavg()[0]
    saves = check_saves(create_app(), ledger)
    return Run(label, read_rows(OUT / f"load-{tag}_stats.csv"), saves, tracebacks, load)


def engine_runs(engine: str, database_url: str) -> list[Run]:
    """Build the data set on ``database_url``, serve it, run with and without readers."""
    env = {
        **os.environ,
        "SELFASSESS_DATABASE_URL": database_url,
        "SELFASSESS_SECRET_KEY": "load-benchmark-secret",
        "LOAD_ACCOUNTS": str(OUT / f"load-{engine}-accounts.json"),
    }
    os.environ.update(env)  # for create_app() in this process too
    print(f"{engine}: building the national data set and the load accounts", flush=True)
    build(env, Path(env["LOAD_ACCOUNTS"]))
    log = OUT / f"load-{engine}-gunicorn.log"
    with gunicorn(env, log) as url:
        return [
            run_once(f"{engine} with readers", url, env, log, mixed=True),
            run_once(f"{engine} without readers", url, env, log, mixed=False),
        ]


def engines() -> list[tuple[str, str]]:
    sqlite = OUT / "load.sqlite"
    for leftover in OUT.glob("load.sqlite*"):
        leftover.unlink()
    chosen = [("SQLite", f"sqlite:///{sqlite}")]
    postgres = os.environ.get("SELFASSESS_TEST_DATABASE_URL")
    if postgres:
        chosen.append(("PostgreSQL", postgres))
    else:
        print("No SELFASSESS_TEST_DATABASE_URL: PostgreSQL skipped (make loadtest sets it)")
    return chosen


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    results = {name: engine_runs(name, url) for name, url in engines()}
    report = load_report.write(results)
    print(report)
    return 0 if load_report.targets_met(results) else 1


if __name__ == "__main__":
    sys.exit(main())
