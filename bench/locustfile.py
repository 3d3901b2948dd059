"""Locust users for `make loadtest`: the national busy hour, open model (started by
bench/load.py, which passes the accounts file, the steps and where to write the results).

- respondents, each saving a page of their own response every 30 s whatever the answer time
  (constant_pacing): GET the page, post back its csrf_token, revision and proof with an answer
  for every statement and a note for every item;
- 2 board members downloading the board PDF of a closed round, 1 advisor reading the national
  comparison, each once a minute;
- 1 probe asking /healthz every second: the floor each step's figures are divided by.

Everyone is signed in before the load starts (bench/load_data.py); the shape steps the number
of respondents and stops early once a step clearly fails.
"""

from __future__ import annotations

import json
import os
import random
import re
import time
from collections import defaultdict
from itertools import count
from pathlib import Path
from urllib.parse import urlparse

import gevent
from locust import HttpUser, LoadTestShape, constant_pacing, events, task

ACCOUNTS = json.loads(Path(os.environ["LOAD_ACCOUNTS"]).read_text(encoding="utf-8"))
RESULTS = Path(os.environ["LOAD_RESULTS"])
STEPS = [int(n) for n in os.environ.get("LOAD_STEPS", "250,750,2500,7500").split(",")]
STEP_SECONDS = int(os.environ.get("LOAD_STEP_SECONDS", "60"))
SPAWN_RATE = float(os.environ.get("LOAD_SPAWN_RATE", "250"))
PACING = float(os.environ.get("LOAD_PACING", "30"))
# A board member or the advisor opens a report about once a minute in a busy hour.
READER_PACING = float(os.environ.get("LOAD_READER_PACING", "60"))
READERS = 4  # the fixed users: 2 board members, the advisor, the probe
HIDDEN = re.compile(r'name="(csrf_token|revision|proof)" value="([^"]*)"')
ANSWER = re.compile(r'name="(answer-[^"]+)"')
NOTE = re.compile(r'name="(note-[^"]+)"')
NEXT_PAGE = re.compile(r"/pages/(\d+)$")
VALUES = ("1", "2", "3", "4", "dk", "na")
# A step whose save p95 is this far over the target is not worth finishing.
GIVE_UP_MS = 1500

_respondents = iter(ACCOUNTS["respondents"])
_boards = iter(ACCOUNTS["board"])
_save_numbers = count(1)
# For every field of every response, the last acknowledged save that wrote it and the value.
ledger: dict[str, object] = {"acknowledged": 0, "last": {}}
# Per step and request name: response times in ms, and failures.
step_now = {"index": 0}
times: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
failures: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
failed_at: list[float] = []  # when each failure happened (the cluster run compares with the kill)


def signed_in(user: HttpUser, cookie: str) -> None:
    """Put the session cookie made before the load where the server's own replies (with
    the CSRF token) will replace it: same host, same path."""
    host = urlparse(user.host).hostname or ""
    user.client.cookies.set(ACCOUNTS["cookie_name"], cookie, domain=host, path="/")


class Respondent(HttpUser):
    """Saves a page of their own response every PACING seconds."""

    weight = 1
    wait_time = constant_pacing(PACING)

    def on_start(self) -> None:
        account = next(_respondents)
        self.response = account["response"]
        self.page = 1
        signed_in(self, account["cookie"])
        # Arrivals spread over the pacing period, as people's are: without this every user
        # spawned in the same second would save in the same second every 30 s.
        gevent.sleep(random.uniform(0, PACING))

    @task
    def save_page(self) -> None:
        url = f"/responses/{self.response}/pages/{self.page}"
        with self.client.get(url, name="page", catch_response=True) as page:
            fields = dict(HIDDEN.findall(page.text))
            if page.status_code != 200 or len(fields) != 3:
                page.failure(f"page answered {page.status_code}")
                return
        number = next(_save_numbers)
        written = {name: random.choice(VALUES) for name in set(ANSWER.findall(page.text))}
        written |= dict.fromkeys(set(NOTE.findall(page.text)), f"note {number}")
        form = {**fields, **written, "action": "continue"}
        with self.client.post(
            url, data=form, name="save", allow_redirects=False, catch_response=True
        ) as saved:
            if saved.status_code != 302:
                saved.failure(f"save answered {saved.status_code}")
                return
        ledger["acknowledged"] += 1  # type: ignore[operator]
        last = ledger["last"]
        for name, value in written.items():
            last[f"{self.response}|{name}"] = [number, value]  # type: ignore[index]
        target = NEXT_PAGE.search(saved.headers.get("Location", ""))
        # The last page redirects to the review page: start again from page 1.
        self.page = int(target.group(1)) if target else 1


class BoardMember(HttpUser):
    """Downloads the board PDF of a closed round."""

    fixed_count = len(ACCOUNTS["board"])
    wait_time = constant_pacing(READER_PACING)

    def on_start(self) -> None:
        signed_in(self, ACCOUNTS["reader_cookies"][next(_boards)])

    @task
    def board_pdf(self) -> None:
        path = f"/rounds/{ACCOUNTS['board_round']}/report.pdf"
        with self.client.get(path, name="board PDF", catch_response=True) as pdf:
            if pdf.status_code != 200 or not pdf.content.startswith(b"%PDF"):
                pdf.failure(f"board PDF answered {pdf.status_code}")


class Advisor(HttpUser):
    """Reads the national comparison of every trust."""

    fixed_count = 1
    wait_time = constant_pacing(READER_PACING)

    def on_start(self) -> None:
        signed_in(self, ACCOUNTS["reader_cookies"][ACCOUNTS["advisor"]])

    @task
    def comparison(self) -> None:
        path = f"/compare/{ACCOUNTS['questionnaire']}"
        with self.client.get(path, name="national comparison", catch_response=True) as page:
            if page.status_code != 200 or "<table" not in page.text:
                page.failure(f"comparison answered {page.status_code}")


class Probe(HttpUser):
    """The floor: a trivial request, timed under the same load."""

    fixed_count = 1
    wait_time = constant_pacing(1)

    @task
    def healthz(self) -> None:
        self.client.get("/healthz", name="healthz")


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[int(0.95 * (len(ordered) - 1))] if ordered else 0.0


class BusyHour(LoadTestShape):
    """Steps the respondents through STEPS, STEP_SECONDS each; stops after a step whose save
    p95 is over GIVE_UP_MS or that had errors."""

    def tick(self) -> tuple[int, float] | None:
        index = int(self.get_run_time() // STEP_SECONDS)
        if index > step_now["index"]:
            done = str(STEPS[step_now["index"]])
            if failures[done] or p95(times[done]["save"]) > GIVE_UP_MS:
                return None
        if index >= len(STEPS):
            return None
        step_now["index"] = index
        return STEPS[index] + READERS, SPAWN_RATE


@events.request.add_listener
def _timed(name: str, response_time: float, exception: object, **_: object) -> None:
    step = str(STEPS[step_now["index"]])
    times[step][name].append(response_time)
    if exception is not None:
        failures[step][name] += 1
        failed_at.append(time.time())


@events.quitting.add_listener
def _write(**_: object) -> None:
    results = {
        "ledger": ledger,
        "failed_at": failed_at,
        "steps": {
            step: {"times": dict(by_name), "failures": dict(failures[step])}
            for step, by_name in times.items()
        },
    }
    RESULTS.write_text(json.dumps(results), encoding="utf-8")
