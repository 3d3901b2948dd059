"""Locust users for `make loadtest` (started by bench/load.py, which passes the accounts file
and where to write the ledger of acknowledged saves):

- respondents, each saving the pages of their own response one after another, no pause:
  GET the page, post back its csrf_token, revision and proof with an answer for every
  statement and a note for every item, follow the redirect to the next page;
- board members downloading the board PDF of a closed round in a loop;
- an advisor reading the national comparison in a loop.
"""

from __future__ import annotations

import json
import os
import random
import re
from itertools import count
from pathlib import Path

import pyotp
from locust import HttpUser, constant, events, task

ACCOUNTS = json.loads(Path(os.environ["LOAD_ACCOUNTS"]).read_text(encoding="utf-8"))
LEDGER = Path(os.environ["LOAD_LEDGER"])
HIDDEN = re.compile(r'name="(csrf_token|revision|proof)" value="([^"]*)"')
ANSWER = re.compile(r'name="(answer-[^"]+)"')
NOTE = re.compile(r'name="(note-[^"]+)"')
NEXT_PAGE = re.compile(r"/pages/(\d+)$")
VALUES = ("1", "2", "3", "4", "dk", "na")

_respondents = iter(ACCOUNTS["respondents"])
_boards = iter(ACCOUNTS["board"])
_save_numbers = count(1)
# For every field of every response, the last acknowledged save that wrote it and the value.
# Each respondent saves only their own response, one request at a time, so the last
# acknowledged write is the one the database must hold.
ledger: dict[str, object] = {"acknowledged": 0, "last": {}}


def signed_out(answer: object) -> str:
    """' (signed out)' when a GET ended on the sign-in page, to tell that failure apart."""
    return " (signed out)" if "/sign-in" in getattr(answer, "url", "") else ""


def sign_in(user: HttpUser, email: str) -> None:
    """Sign in through the form, CSRF token included, as a browser would."""
    page = user.client.get("/sign-in", name="sign-in form")
    token = dict(HIDDEN.findall(page.text)).get("csrf_token", "")
    form = {"csrf_token": token, "email": email, "password": ACCOUNTS["password"]}
    with user.client.post(
        "/sign-in", data=form, name="sign-in", allow_redirects=False, catch_response=True
    ) as answer:
        if answer.status_code != 302:
            answer.failure(f"sign-in answered {answer.status_code}")
        second_step = answer.headers.get("Location", "") == "/sign-in/two-factor"
    if second_step:
        enrol(user)


def enrol(user: HttpUser) -> None:
    """Advisors must use two-factor sign-in: set it up on first sign-in, as a person would
    with an authenticator app (the key is on the page)."""
    page = user.client.get("/sign-in/two-factor", name="two-factor set-up")
    secret = re.search(r'id="totp-secret"[^>]*>([A-Z2-7]+)<', page.text)
    token = dict(HIDDEN.findall(page.text)).get("csrf_token", "")
    code = pyotp.TOTP(secret.group(1)).now() if secret else ""
    user.client.post(
        "/sign-in/two-factor", data={"csrf_token": token, "code": code}, name="two-factor set-up"
    )


class Respondent(HttpUser):
    """Saves the pages of their own response continuously."""

    weight = 1
    wait_time = constant(0)

    def on_start(self) -> None:
        account = next(_respondents)
        self.response = account["response"]
        self.page = 1
        sign_in(self, account["email"])

    @task
    def save_page(self) -> None:
        url = f"/responses/{self.response}/pages/{self.page}"
        with self.client.get(url, name="page", catch_response=True) as page:
            fields = dict(HIDDEN.findall(page.text))
            if page.status_code != 200 or len(fields) != 3:
                page.failure(f"page answered {page.status_code}{signed_out(page)}")
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
        self._acknowledged(number, written)
        target = NEXT_PAGE.search(saved.headers.get("Location", ""))
        # The last page redirects to the review page: start again from page 1.
        self.page = int(target.group(1)) if target else 1

    def _acknowledged(self, number: int, written: dict[str, str]) -> None:
        ledger["acknowledged"] += 1  # type: ignore[operator]
        last = ledger["last"]
        for name, value in written.items():
            last[f"{self.response}|{name}"] = [number, value]  # type: ignore[index]


class BoardMember(HttpUser):
    """Downloads the board PDF of a closed round, again and again."""

    fixed_count = len(ACCOUNTS["board"])
    wait_time = constant(0)

    def on_start(self) -> None:
        sign_in(self, next(_boards))

    @task
    def board_pdf(self) -> None:
        path = f"/rounds/{ACCOUNTS['board_round']}/report.pdf"
        with self.client.get(path, name="board PDF", catch_response=True) as pdf:
            if pdf.status_code != 200 or not pdf.content.startswith(b"%PDF"):
                pdf.failure(f"board PDF answered {pdf.status_code}{signed_out(pdf)}")


class Advisor(HttpUser):
    """Reads the national comparison of every trust, again and again."""

    fixed_count = 1
    wait_time = constant(0)

    def on_start(self) -> None:
        sign_in(self, ACCOUNTS["advisor"])

    @task
    def comparison(self) -> None:
        path = f"/compare/{ACCOUNTS['questionnaire']}"
        with self.client.get(path, name="national comparison", catch_response=True) as page:
            if page.status_code != 200 or "<table" not in page.text:
                page.failure(f"comparison answered {page.status_code}{signed_out(page)}")


@events.quitting.add_listener
def _write_ledger(**_: object) -> None:
    LEDGER.write_text(json.dumps(ledger), encoding="utf-8")
