"""The load benchmark's data: the national data set, the load accounts, their sessions
opened before the load starts, and the check that every acknowledged save is stored.

The few readers (board members, the advisor, with two-factor set-up) are made through the
invitation services and sign in over HTTP like a person. The thousands of respondents are
made by the operator in bulk (one password hash, as seed-demo does) and given a server-side
session through services/sessions.py and a cookie signed with the app's key: signing 7,500
people in over HTTP would measure the password hash, not the busy hour.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyotp
import requests
from flask import Flask
from sqlalchemy import select
from werkzeug.security import generate_password_hash

from bench.common import NATIONAL, SEED_NATIONAL
from selfassess import create_app
from selfassess.domain.organisation import ADVISOR, BOARD, RESPONDENT
from selfassess.domain.statuses import ResponseStatus
from selfassess.extensions import db
from selfassess.models import CLOSED, OPEN, Answer, ItemNote, Partner, Response, Round, User
from selfassess.policy import SYSTEM, Actor
from selfassess.services import invitations, sessions
from selfassess.services.sessions import actor_of

BOARD_MEMBERS = 2
PASSWORD = "throwaway quarry lantern 48"  # noqa: S105 - throwaway accounts on a throwaway database
FLASK = Path(sys.executable).with_name("flask")
HIDDEN = re.compile(r'name="(csrf_token)" value="([^"]*)"')


def build(env: dict[str, str], accounts_file: Path, respondents: int) -> dict[str, object]:
    """The national data set (``flask init-db`` then ``seed-demo``, the commands an operator
    runs) on the database of ``env``, then the load accounts, written to ``accounts_file``."""
    for args in (["init-db"], SEED_NATIONAL):
        subprocess.run(  # noqa: S603 - our own venv's flask
            [str(FLASK), "--app", "selfassess", *args],
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    app = create_app()  # production settings from the environment: CSRF on, no TESTING
    with app.app_context():
        made = _accounts(respondents)
        made["cookie_name"] = app.config["SESSION_COOKIE_NAME"]
        signer = app.session_interface.get_signing_serializer(app)  # type: ignore[attr-defined]
        for person in made["respondents"]:  # type: ignore[attr-defined]
            token = sessions.start(person.pop("user_id"), "127.0.0.1", "locust")
            person["cookie"] = signer.dumps({"_user_id": token, "_fresh": True})
        db.session.remove()
        db.engine.dispose()
    accounts_file.write_text(json.dumps(made), encoding="utf-8")
    return made


def _person(admin: Actor, role: str, number: int, **scope: object) -> Actor:
    """Invite and accept, as the administrator and the new person would on the web."""
    name = f"Load {role.title()} {number}"
    email = f"load-{role}-{number}@bench.example"
    token = invitations.invite(admin, name=name, email=email, role=role, **scope)
    user_id = invitations.accept(token, name, PASSWORD, PASSWORD)
    return actor_of(db.session.get(User, user_id))


def _respondents(count: int) -> list[dict[str, object]]:
    """``count`` respondents spread over every partner of every trust's open round, each
    with a draft response of their own."""
    pairs = db.session.execute(
        select(Round.pk, Partner.pk, Partner.trust_id)
        .join(Partner, Partner.trust_id == Round.trust_id)
        .where(Round.status == OPEN)
        .order_by(Partner.pk)
    ).all()
    password_hash = generate_password_hash(PASSWORD)
    made = []
    for number in range(count):
        round_id, partner_id, trust_id = pairs[number % len(pairs)]
        email = f"load-respondent-{number + 1}@bench.example"
        user = User(
            email=email,
            name=f"Load Respondent {number + 1}",
            role=RESPONDENT,
            password_hash=password_hash,
            trust_id=trust_id,
            partner_id=partner_id,
        )
        db.session.add(user)
        db.session.flush()
        response = Response(
            round_id=round_id,
            partner_id=partner_id,
            respondent=email,
            user_id=user.pk,
            status=ResponseStatus.DRAFT,
        )
        db.session.add(response)
        db.session.flush()
        made.append({"user_id": user.pk, "response": response.pk})
    db.session.commit()
    return made


def _accounts(respondents: int) -> dict[str, object]:
    admin = SYSTEM  # the operator who runs the benchmark, as the CLI acts
    closed_trust, closed_round = db.session.execute(
        select(Round.trust_id, Round.pk).where(Round.status == CLOSED).order_by(Round.pk)
    ).first()
    boards = [
        _person(admin, BOARD, n, trust_id=closed_trust).email for n in range(1, BOARD_MEMBERS + 1)
    ]
    advisor = _person(admin, ADVISOR, 1, trust_id=None, all_trusts=True).email
    return {
        "password": PASSWORD,
        "questionnaire": NATIONAL["questionnaire"],
        "respondents": _respondents(respondents),
        "board": boards,
        "board_round": closed_round,
        "advisor": advisor,
    }


def sign_in_readers(url: str, accounts_file: Path) -> None:
    """Sign the board members and the advisor in over HTTP, two-factor set-up included, before
    the load starts; their cookies go into the accounts file for the locustfile."""
    accounts = json.loads(accounts_file.read_text(encoding="utf-8"))
    name = accounts["cookie_name"]
    cookies = {}
    for email in [*accounts["board"], accounts["advisor"]]:
        browser = requests.Session()
        token = dict(HIDDEN.findall(browser.get(f"{url}/sign-in", timeout=30).text))
        form = {"csrf_token": token.get("csrf_token", ""), "email": email}
        answer = browser.post(
            f"{url}/sign-in", data={**form, "password": PASSWORD}, timeout=30, allow_redirects=False
        )
        if answer.headers.get("Location", "") == "/sign-in/two-factor":
            page = browser.get(f"{url}/sign-in/two-factor", timeout=30).text
            secret = re.search(r'id="totp-secret"[^>]*>([A-Z2-7]+)<', page)
            code = pyotp.TOTP(secret.group(1)).now() if secret else ""
            csrf = dict(HIDDEN.findall(page)).get("csrf_token", "")
            browser.post(
                f"{url}/sign-in/two-factor", data={"csrf_token": csrf, "code": code}, timeout=30
            )
        home = browser.get(f"{url}/", timeout=30, allow_redirects=False)
        if home.status_code != 200:
            raise RuntimeError(f"{email} could not sign in before the load ({home.status_code})")
        cookies[email] = browser.cookies.get(name)
    accounts["reader_cookies"] = cookies
    accounts_file.write_text(json.dumps(accounts), encoding="utf-8")


@dataclass(frozen=True)
class SaveCheck:
    """Acknowledged saves of one run against what the database holds afterwards."""

    acknowledged: int
    values_checked: int
    lost_saves: int  # acknowledged saves with a value that is not the one stored
    lost_values: int

    def text(self) -> str:
        return f"{self.lost_saves} of {self.acknowledged} ({self.values_checked} values checked)"


def check_saves(app: Flask, ledger: dict[str, Any]) -> SaveCheck:
    """Compare the last value each acknowledged save wrote for each field (the locustfile's
    ledger) with the database: an answer per statement and a note per item."""
    last: dict[str, list[object]] = ledger["last"]  # "response|field" -> [save number, value]
    ids = {int(key.split("|", 1)[0]) for key in last}
    with app.app_context():
        stored = {
            f"{r}|answer-{s}": v
            for r, s, v in db.session.execute(
                select(Answer.response_id, Answer.statement, Answer.value).where(
                    Answer.response_id.in_(ids)
                )
            )
        }
        stored |= {
            f"{r}|note-{i}": t
            for r, i, t in db.session.execute(
                select(ItemNote.response_id, ItemNote.item, ItemNote.text).where(
                    ItemNote.response_id.in_(ids)
                )
            )
        }
        db.session.remove()
        db.engine.dispose()
    # An empty note is stored as no row at all.
    wrong = [save for key, (save, value) in last.items() if stored.get(key, "") != value]
    return SaveCheck(ledger["acknowledged"], len(last), len(set(wrong)), len(wrong))
