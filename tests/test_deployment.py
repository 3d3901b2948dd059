"""The production recipe of docs/deployment.md, run as written: init-db, the first
administrator, gunicorn with gunicorn.conf.py, the health check, a backup (issue 10)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def flask(env: dict[str, str], *args: str, stdin: str | None = None) -> str:
    done = subprocess.run(  # noqa: S603 (our own commands)
        [str(BIN / "flask"), "--app", "selfassess", *args],
        env=env,
        cwd=ROOT,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def test_the_documented_production_install_serves_under_gunicorn(databases, tmp_path):
    url = databases.url("production")
    env = {
        **os.environ,
        "SELFASSESS_DATABASE_URL": url,
        "SELFASSESS_SECRET_KEY": "a" * 64,
        "SELFASSESS_BASE_URL": "https://selfassess.example.gov.uk",
        "SELFASSESS_WORKERS": "2",
        "SELFASSESS_THREADS": "2",
    }
    flask(env, "init-db")
    flask(
        env,
        "create-user",
        "you@council.gov.uk",
        "--name",
        "Your Name",
        "--role",
        "admin",
        "--password-stdin",
        stdin="a council administrator's long pass phrase\n",
    )
    port = free_port()
    server = subprocess.Popen(  # noqa: S603
        [str(BIN / "gunicorn"), "-c", "gunicorn.conf.py", "--bind", f"127.0.0.1:{port}"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        body = ""
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz") as response:
                    body = response.read().decode()
                break
            except OSError:
                time.sleep(0.2)
        health = json.loads(body)
        assert (health["status"], health["database"], health["queue"]["status"]) == (
            "ok",
            "ok",
            "ok",
        )
    finally:
        server.terminate()
        log = server.communicate(timeout=60)[0]
    assert "Booting worker" in log
    assert '"GET /healthz HTTP/1.1" 200' in log  # the access log
    assert "backup" in flask(env, "backup", str(tmp_path / "nightly.backup")).lower()
