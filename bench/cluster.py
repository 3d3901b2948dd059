"""`make loadtest-cluster`: two gunicorn servers behind HAProxy (deploy/haproxy.cfg), one
PostgreSQL, Redis for the limiter, a short busy hour through the balancer, and one server
killed with SIGKILL mid-run. Passes when no acknowledged save is lost and every error falls
in the moments after the kill (requests in flight on the killed server)."""

from __future__ import annotations

import importlib.util
import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from bench.common import OUT, ROOT, machine, write_cluster_section
from bench.load import BIN, free_port, wait_healthy
from bench.load_data import SaveCheck, build, check_saves, sign_in_readers
from bench.load_report import steps_of
from selfassess import create_app

STEPS = "250,750"
STEP_SECONDS = 40
KILL_AFTER = 55  # seconds into the run: within the second step
# Errors within this long after the kill count as the killed server's requests in flight:
# HAProxy's health check takes 2 x 500 ms to mark it down; a request cut mid-way fails at once.
IN_FLIGHT_S = 3.0


def start(command: list[str], log: Path, env: dict[str, str]) -> subprocess.Popen[bytes]:
    with log.open("wb") as out:
        # A session of its own, so that SIGKILL to the group takes the workers down too.
        return subprocess.Popen(  # noqa: S603 - fixed commands
            command,
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def limiter_storage(port: int) -> str:
    """Redis when the limiter can use it (the redis package installed), else what exists."""
    if importlib.util.find_spec("redis") is None:
        return "memory://"
    return f"redis://127.0.0.1:{port}/0"


def haproxy_config(front: int, app1: int, app2: int) -> Path:
    text = (ROOT / "deploy" / "haproxy.cfg").read_text(encoding="utf-8")
    for name, port in (("@FRONT@", front), ("@APP1@", app1), ("@APP2@", app2)):
        text = text.replace(name, str(port))
    path = OUT / "cluster-haproxy.cfg"
    path.write_text(text, encoding="utf-8")
    return path


def run(database_url: str) -> dict[str, object]:
    accounts, results = OUT / "cluster-accounts.json", OUT / "cluster-results.json"
    results.unlink(missing_ok=True)
    redis_port, front = free_port(), free_port()
    env = {
        **os.environ,
        "SELFASSESS_DATABASE_URL": database_url,
        "SELFASSESS_SECRET_KEY": "load-benchmark-secret",  # the same on both servers
        "SELFASSESS_RATELIMIT_STORAGE_URI": limiter_storage(redis_port),
        "SELFASSESS_WORKERS": "2",
        "LOAD_ACCOUNTS": str(accounts),
        "LOAD_RESULTS": str(results),
        "LOAD_STEPS": STEPS,
        "LOAD_STEP_SECONDS": str(STEP_SECONDS),
    }
    os.environ.update(env)
    most = max(int(n) for n in STEPS.split(","))
    print(f"cluster: the national data set and {most} signed-in respondents", flush=True)
    build(env, accounts, most)
    processes = []
    try:
        redis = ["redis-server", "--port", str(redis_port), "--bind", "127.0.0.1"]
        redis += ["--save", "", "--appendonly", "no"]
        processes.append(start(redis, OUT / "cluster-redis.log", env))
        ports = [free_port(), free_port()]
        for number, port in enumerate(ports, start=1):
            app_env = {**env, "SELFASSESS_BIND": f"127.0.0.1:{port}"}
            gunicorn = [str(BIN / "gunicorn"), "-c", "gunicorn.conf.py"]
            processes.append(start(gunicorn, OUT / f"cluster-app{number}.log", app_env))
            wait_healthy(f"http://127.0.0.1:{port}", processes[-1])
        config = haproxy_config(front, *ports)
        processes.append(
            start(["haproxy", "-db", "-f", str(config)], OUT / "cluster-haproxy.log", env)
        )
        url = f"http://127.0.0.1:{front}"
        wait_healthy(url, processes[-1])
        sign_in_readers(url, accounts)
        killed: dict[str, float] = {}
        victim = processes[1]

        def kill() -> None:
            os.killpg(victim.pid, signal.SIGKILL)
            killed["at"] = time.time()
            print("cluster: app server 1 killed with SIGKILL", flush=True)

        timer = threading.Timer(KILL_AFTER, kill)
        timer.start()
        command = [str(BIN / "locust"), "-f", str(ROOT / "bench" / "locustfile.py")]
        command += ["--headless", "--stop-timeout", "60", "--host", url, "--only-summary"]
        command += ["--loglevel", "WARNING", "Respondent", "BoardMember", "Advisor", "Probe"]
        subprocess.run(command, env=env, cwd=ROOT, check=False)  # noqa: S603
        timer.cancel()
    finally:
        for process in reversed(processes):
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                process.wait(timeout=60)
    data = json.loads(results.read_text(encoding="utf-8"))
    saves = check_saves(create_app(), data["ledger"])
    at = killed.get("at")
    outside = [t for t in data["failed_at"] if at is None or not at - 0.5 <= t <= at + IN_FLIGHT_S]
    return {
        "data": data,
        "saves": saves,
        "killed": at is not None,
        "outside": len(outside),
        "storage": env["SELFASSESS_RATELIMIT_STORAGE_URI"],
    }


def markdown(outcome: dict[str, object]) -> str:
    saves: SaveCheck = outcome["saves"]  # type: ignore[assignment]
    steps = steps_of(outcome["data"]["steps"])  # type: ignore[index]
    errors = sum(s.errors() for s in steps)
    rows = [
        f"| {s.users} | {s.p95('healthz') or 0:.0f} | {s.p95('save') or 0:.0f} "
        f"| {s.figures['save'].requests if 'save' in s.figures else 0} | {s.errors()} |"
        for s in steps
    ]
    storage = str(outcome["storage"])
    note = (
        ""
        if storage.startswith("redis")
        else (
            " The limiter counted in `memory://` (per worker): the app cannot use Redis yet "
            "(the `redis` package is not installed); Redis was started all the same."
        )
    )
    return (
        "### Cluster: two servers behind HAProxy, one killed mid-run\n\n"
        "Written by `make loadtest-cluster` (`python -m bench.cluster`). Two gunicorn servers "
        "(2 workers x 4 threads each) behind HAProxy 2.6 (`deploy/haproxy.cfg`: health check "
        "`/healthz` every 500 ms, out after 2 failures, `retries 3`, `option redispatch`, "
        "`retry-on conn-failure`), one throwaway PostgreSQL, Redis for the limiter storage "
        f"(`SELFASSESS_RATELIMIT_STORAGE_URI={storage}`).{note} The busy hour (steps "
        f"{STEPS}, {STEP_SECONDS} s each, every respondent saving a page every 30 s) goes "
        f"through the balancer; {KILL_AFTER} s in, app server 1 and its workers get SIGKILL. "
        "Everything shares the same 2 cores.\n\n"
        f"Machine: {machine()}. Run: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}.\n\n"
        "| users | healthz p95 (ms) | save p95 (ms) | saves | errors |\n"
        "| --- | --- | --- | --- | --- |\n" + "\n".join(rows) + "\n\n"
        f"Server killed: {'yes' if outcome['killed'] else 'no'}. Errors: {errors}, of which "
        f"{outcome['outside']} outside the {IN_FLIGHT_S:.0f} s after the kill. "
        f"Lost saves: {saves.text()}.\n"
    )


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    database_url = os.environ["SELFASSESS_TEST_DATABASE_URL"]
    outcome = run(database_url)
    text = markdown(outcome)
    write_cluster_section(text)
    print(text)
    saves: SaveCheck = outcome["saves"]  # type: ignore[assignment]
    return 0 if outcome["killed"] and saves.lost_saves == 0 and outcome["outside"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
