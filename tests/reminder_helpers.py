"""A round with people in every state a reminder cares about, and the mail settings of a
test SMTP server (tests/mailserver.py)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from selfassess.extensions import db
from selfassess.models import SUBMITTED, Answer, Partner, Response, User
from selfassess.policy import SYSTEM
from selfassess.services import invitations, rounds
from selfassess.services.sessions import actor_of

NOW = dt.datetime(2026, 11, 26, 10, 0, tzinfo=dt.UTC)
CLOSES = dt.date(2026, 12, 3)  # 7 days after NOW's UK date


def mail_config(port: int) -> dict[str, str]:
    return {
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": str(port),
        "MAIL_SENDER": "Ashvale <selfassess@ashvale.example>",
    }


@dataclass
class Scene:
    trust_id: int
    round_id: int
    lead_id: int


def build_scene(app, make_trust, make_user) -> Scene:
    """Rita (Council) answered 2 of the 5 statements; Sam (PCT) has not started; Sue
    (Schools) submitted; Olly (Police) is deactivated; Ivy (Council) is only invited."""
    app.config["CLOCK"] = lambda: NOW
    trust_id = make_trust("Ashvale")
    lead = make_user("lead", trust_id, email="lena@example.org", name="Lena Lead")
    rita = make_user(
        "respondent", trust_id, partner="Council", email="rita@example.org", name="Rita"
    )
    make_user("respondent", trust_id, partner="PCT", email="sam@example.org", name="Sam")
    sue = make_user("respondent", trust_id, partner="Schools", email="sue@example.org", name="Sue")
    make_user(
        "respondent",
        trust_id,
        partner="Police",
        email="olly@example.org",
        name="Olly",
        active=False,
    )
    with app.app_context():
        round_id = rounds.open_round(SYSTEM, str(trust_id), "mini", "Spring 2027", closes_on=CLOSES)
        partner = {
            p.name: p.pk
            for p in db.session.scalars(select(Partner).where(Partner.trust_id == trust_id))
        }
        started = Response(
            round_id=round_id, partner_id=partner["Council"], respondent="Rita", user_id=rita
        )
        started.answers = [Answer(statement="q1", value="3"), Answer(statement="q2", value="dk")]
        done = Response(
            round_id=round_id,
            partner_id=partner["Schools"],
            respondent="Sue",
            user_id=sue,
            status=SUBMITTED,
        )
        db.session.add_all([started, done])
        db.session.commit()
        invitations.invite(
            actor_of(db.session.get(User, lead)),
            trust_id,
            "respondent",
            "Ivy",
            "ivy@example.org",
            partner["Council"],
        )
    return Scene(trust_id, round_id, lead)
