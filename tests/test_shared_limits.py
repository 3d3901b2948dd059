"""Rate limits hold across every gunicorn worker and survive a worker restart, because their
counters live in the application's database (services/ratelimit_store.py; docs/pitfalls.md
P22). Run with gunicorn.conf.py and several real workers, a new connection per request."""

from __future__ import annotations

import http.cookiejar
import os
import re
import signal
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from limits import parse
from limits.storage import storage_from_string
from limits.strategies import FixedWindowRateLimiter
from test_deployment import BIN, ROOT, flask, free_port

from selfassess.services.ratelimit_store import DatabaseStorage

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def test_the_database_store_is_registered_and_counts_a_fixed_window(app):
    """ASVS 5.0 V2.4.1: the limits library finds the store by its scheme; 3 per minute lets
    exactly three through, and a cleared key starts again."""
    with app.test_request_context():
        storage = storage_from_string("selfassess+db://")
        assert isinstance(storage, DatabaseStorage)
        limiter = FixedWindowRateLimiter(storage)
        three = parse("3/minute")
        assert [limiter.hit(three, "k") for _ in range(5)] == [True, True, True, False, False]
        assert limiter.hit(three, "other")
        assert storage.get_expiry(three.key_for("k")) > time.time()
        storage.clear(three.key_for("k"))
        assert limiter.hit(three, "k")
        assert storage.check()


def test_the_app_uses_the_database_store_by_default(app):
    """ASVS 5.0 V2.4.1: nothing else to install on one server; counters are shared."""
    from selfassess.extensions import limiter

    assert app.config["RATELIMIT_STORAGE_URI"] == "selfassess+db://"
    assert isinstance(limiter.storage, DatabaseStorage)


@pytest.fixture
def server(databases) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    env = {
        **os.environ,
        "SELFASSESS_DATABASE_URL": databases.url("limits"),
        "SELFASSESS_SECRET_KEY": "b" * 64,
        "SELFASSESS_WORKERS": "3",
        "SELFASSESS_THREADS": "1",
        "SELFASSESS_ACCESS_LOG": "/dev/null",
    }
    flask(env, "init-db")
    port = free_port()
    process = subprocess.Popen(  # noqa: S603 (our own command)
        [str(BIN / "gunicorn"), "-c", "gunicorn.conf.py", "--bind", f"127.0.0.1:{port}"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                with urllib.request.urlopen(f"{base}/healthz"):  # noqa: S310 (loopback)
                    break
            except OSError:
                time.sleep(0.1)
        yield base, process
    finally:
        process.terminate()
        process.wait(timeout=60)


def _forgotten(base: str) -> int:
    """One "forgotten password" request from a fresh browser, each request on a new
    connection (urllib opens one per request)."""
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )
    with opener.open(f"{base}/forgotten-password") as page:
        token = TOKEN.search(page.read().decode())
    assert token is not None
    form = urllib.parse.urlencode({"csrf_token": token.group(1), "email": "nobody@x.example"})
    try:
        with opener.open(f"{base}/forgotten-password", form.encode()) as answer:
            return int(answer.status)
    except urllib.error.HTTPError as refused:
        return int(refused.code)


def _worker_pids(master: int) -> list[int]:
    """The gunicorn master's children, read from /proc (field 4 of stat is the parent)."""
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == master:
            children.append(int(stat.parent.name))
    return children


def test_exactly_the_configured_number_gets_through_several_workers(server):
    """ASVS 5.0 V6.3.1 / V2.4.1: "5 per 15 minutes" lets exactly 5 reset requests through
    from one address across 3 gunicorn workers, and restarted workers do not forget them
    (with memory:// 8 of 8 got through)."""
    base, process = server
    assert len(_worker_pids(process.pid)) == 3
    codes = [_forgotten(base) for _ in range(8)]
    assert codes == [200] * 5 + [429] * 3
    for pid in _worker_pids(process.pid):
        os.kill(pid, signal.SIGKILL)  # every worker replaced: no process memory is left
    assert [_forgotten(base) for _ in range(2)] == [429, 429]


def test_a_key_longer_than_the_column_counts_without_a_database_error(app):
    """ASVS 5.0 V6.3.1: a sign-in or reset throttled on a very long typed address still counts
    (the key is stored by its digest), on both engines, instead of a 503."""
    from selfassess.services.ratelimit_store import DatabaseStorage

    storage = DatabaseStorage()
    key = "reset/" + "x" * 1000 + "@example.org"
    with app.app_context():
        assert storage.incr(key, 60) == 1
        assert storage.incr(key, 60) == 2
        assert storage.get(key) == 2
        assert storage.incr(key[:-1], 60) == 1
        storage.clear(key)
        assert storage.get(key) == 0
