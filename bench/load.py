"""`make loadtest`: the national busy hour, open model, on SQLite then PostgreSQL.

For each engine: the national data set plus the load accounts, every one signed in before the
load (bench/load_data.py), gunicorn with gunicorn.conf.py, then one Locust run
(bench/locustfile.py) stepping the respondents 250 -> 750 -> 2,500 -> 7,500, each saving a
page every 30 s, beside 2 board PDF readers, 1 advisor and a /healthz probe. After the run
every acknowledged save is looked up in the database. The figures and the capacity curve go
into docs/performance.md between the load markers (bench/load_report.py).
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bench import load_report
from bench.common import OUT, ROOT
from bench.load_data import build, check_saves, sign_in_readers
from bench.load_report import EngineRun, steps_of
from selfassess import create_app

BIN = Path(sys.executable).parent
STEPS = os.environ.setdefault("LOAD_STEPS", "250,750,2500,7500")
CLASSES = ["Respondent", "BoardMember", "Advisor", "Probe"]


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


def locust(url: str, env: dict[str, str]) -> None:
    """Locust, headless, with the BusyHour shape; users finish the request under way when
    the run ends, so that no save is cut off between the database and its answer."""
    command = [
        str(BIN / "locust"),
        "-f",
        str(ROOT / "bench" / "locustfile.py"),
        "--headless",
        "--stop-timeout",
        "60",
        "--host",
        url,
        "--only-summary",
        "--loglevel",
        "WARNING",
        *CLASSES,
    ]
    # Locust exits 1 when any request failed; the failures are in the figures.
    subprocess.run(command, env=env, cwd=ROOT, check=False)  # noqa: S603 - fixed command


def engine_run(engine: str, database_url: str) -> EngineRun:
    """Build the data set on ``database_url``, serve it, drive the busy hour, check saves."""
    accounts = OUT / f"load-{engine}-accounts.json"
    results = OUT / f"load-{engine}-results.json"
    results.unlink(missing_ok=True)
    env = {
        **os.environ,
        "SELFASSESS_DATABASE_URL": database_url,
        "SELFASSESS_SECRET_KEY": "load-benchmark-secret",
        "LOAD_ACCOUNTS": str(accounts),
        "LOAD_RESULTS": str(results),
    }
    os.environ.update(env)  # for create_app() in this process too
    most = max(int(n) for n in STEPS.split(","))
    print(f"{engine}: the national data set and {most} signed-in respondents", flush=True)
    build(env, accounts, most)
    log = OUT / f"load-{engine}-gunicorn.log"
    with gunicorn(env, log) as url:
        sign_in_readers(url, accounts)
        print(f"{engine}: Locust, steps {STEPS}", flush=True)
        started = time.monotonic()
        locust(url, env)
        seconds = time.monotonic() - started
    tracebacks = log.read_text(errors="replace").count("Traceback")
    data = json.loads(results.read_text(encoding="utf-8"))
    saves = check_saves(create_app(), data["ledger"])
    return EngineRun(engine, steps_of(data["steps"]), saves, tracebacks, seconds)


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
    runs = [engine_run(name, url) for name, url in engines()]
    report = load_report.write(runs)
    print(report)
    return 0 if load_report.targets_met(runs) else 1


if __name__ == "__main__":
    sys.exit(main())
