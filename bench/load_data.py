"""The load benchmark's data: the national data set, the load accounts made through the
services (as an administrator would), and the check that every acknowledged save is stored."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from flask import Flask
from sqlalchemy import select

from bench.common import NATIONAL, SEED_NATIONAL
from selfassess import create_app
from selfassess.domain.organisation import ADVISOR, BOARD, RESPONDENT
from selfassess.extensions import db
from selfassess.models import CLOSED, OPEN, Answer, ItemNote, Partner, Round, User
from selfassess.policy import SYSTEM, Actor
from selfassess.services import invitations, responses
from selfassess.services.sessions import actor_of

RESPONDENTS = 50
BOARD_MEMBERS = 2
PASSWORD = "throwaway quarry lantern 48"  # noqa: S105 - throwaway accounts on a throwaway database
FLASK = Path(sys.executable).with_name("flask")


def build(env: dict[str, str], accounts_file: Path) -> dict[str, object]:
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
        made = _accounts()
        db.engine.dispose()
    accounts_file.write_text(json.dumps(made, indent=1), encoding="utf-8")
    return made


def _person(admin: Actor, role: str, number: int, **scope: object) -> Actor:
    """Invite and accept, as the administrator and the new person would on the web."""
    name = f"Load {role.title()} {number}"
    email = f"load-{role}-{number}@bench.example"
    token = invitations.invite(admin, name=name, email=email, role=role, **scope)
    user_id = invitations.accept(token, name, PASSWORD, PASSWORD)
    return actor_of(db.session.get(User, user_id))


def _accounts() -> dict[str, object]:
    admin = SYSTEM  # the operator who runs the benchmark, as the CLI acts
    open_rounds = db.session.execute(
        select(Round.trust_id, Round.pk).where(Round.status == OPEN).order_by(Round.pk)
    ).all()
    respondents = []
    # One respondent in each of the first 50 trusts, answering for the trust's first partner
    # in its open round: every respondent has a response of their own.
    for number, (trust_id, round_id) in enumerate(open_rounds[:RESPONDENTS], start=1):
        partner_id = db.session.scalars(
            select(Partner.pk).where(Partner.trust_id == trust_id).order_by(Partner.pk)
        ).first()
        person = _person(admin, RESPONDENT, number, trust_id=trust_id, partner_id=partner_id)
        response_id = responses.start_response(person, round_id)
        respondents.append({"email": person.email, "response": response_id})
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
        "respondents": respondents,
        "board": boards,
        "board_round": closed_round,
        "advisor": advisor,
    }


@dataclass(frozen=True)
class SaveCheck:
    """Acknowledged saves of one run against what the database holds afterwards."""

    acknowledged: int
    values_checked: int
    lost_saves: int  # acknowledged saves with a value that is not the one stored
    lost_values: int

    def text(self) -> str:
        return f"{self.lost_saves} of {self.acknowledged} ({self.values_checked} values checked)"


def check_saves(app: Flask, ledger_file: Path) -> SaveCheck:
    """Compare the last value each acknowledged save wrote for each field (the locustfile's
    ledger) with the database: an answer per statement and a note per item."""
    ledger = json.loads(ledger_file.read_text(encoding="utf-8"))
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
