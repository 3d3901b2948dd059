"""Reproducible demo data: trusts, partners, people, a closed baseline and an open follow-up."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from sqlalchemy import insert, select
from werkzeug.security import generate_password_hash

from selfassess.domain import Questionnaire
from selfassess.domain.organisation import ADMIN, ADVISOR, BOARD, LEAD, RESPONDENT
from selfassess.extensions import db
from selfassess.models import (
    CLOSED,
    DRAFT,
    OPEN,
    SUBMITTED,
    Answer,
    Partner,
    Response,
    Round,
    Trust,
    User,
    utcnow,
)
from selfassess.services import Invalid
from selfassess.services.demo_catalogue import EVIDENCE, JOBS, PARTNERS, PLACES, REGIONS, SUFFIXES
from selfassess.services.questionnaires import current_version, snapshot_of
from selfassess.services.transactions import writes

DEMO_PASSWORD = "selfassess-demo"  # noqa: S105 - printed for people trying the demo


@dataclass(frozen=True)
class DemoLogin:
    """A demo account to print for people trying the app."""

    role: str
    email: str
    password: str


@dataclass(frozen=True)
class DemoSummary:
    """What seed-demo created."""

    trusts: int
    rounds: int
    answers: int
    logins: tuple[DemoLogin, ...]


@writes
def seed_demo(
    trusts: int = 3,
    seed: int = 2009,
    questionnaire: str = "csp",
    partners: int | None = None,
    respondents: int | None = None,
) -> DemoSummary:
    """Create demo trusts with answered rounds and demo logins; the same seed gives the
    same data. Does nothing but list the logins when demo data already exists.

    :raises Invalid: for counts out of range or an existing trust of the same name.
    """
    if not 1 <= trusts <= len(PLACES) * len(SUFFIXES):
        raise Invalid(f"--trusts must be from 1 to {len(PLACES) * len(SUFFIXES)}")
    if partners is not None and not 4 <= partners <= len(PARTNERS):
        raise Invalid(f"--partners must be from 4 to {len(PARTNERS)}")
    if db.session.scalars(select(User).where(User.email == _email(ADMIN))).first():
        return DemoSummary(0, 0, 0, _logins())
    rng = random.Random(seed)  # noqa: S311 - demo data, not security
    content = snapshot_of(version := current_version(questionnaire))
    today = utcnow().date()
    created: list[tuple[Trust, list[Partner], Round]] = []
    answers = 0
    for index in range(trusts):
        trust, members = _trust(rng, index, partners)
        item_bias = {i.slug: rng.gauss(0, 0.45) for i in content.items}
        maturity = rng.uniform(1.7, 3.0)
        rounds = _rounds(trust, version.pk, today)
        for round_, lift, complete in (
            (rounds[0], 0.0, True),
            (rounds[1], 0.35, False),
        ):
            profile = {i.slug: maturity + lift + item_bias[i.slug] for i in content.items}
            answers += _answer_round(rng, round_, members, content, profile, respondents, complete)
        created.append((trust, members, rounds[1]))
    _users(created, content)
    db.session.commit()
    return DemoSummary(trusts, 2 * trusts, answers, _logins())


def _trust(rng: random.Random, index: int, partners: int | None) -> tuple[Trust, list[Partner]]:
    place = PLACES[index % len(PLACES)]
    name = f"{place}{SUFFIXES[index // len(PLACES)]}"
    if db.session.scalars(select(Trust).where(Trust.name.like(f"{name} %"))).first():
        raise Invalid(f"a trust named like '{name}' already exists; use a fresh database")
    trust = Trust(name=f"{name} Children's Trust", region=REGIONS[index % len(REGIONS)])
    count = partners or rng.randint(4, len(PARTNERS))
    kinds = list(PARTNERS[:4]) + rng.sample(PARTNERS[4:], count - 4)
    # Partners were there before the baseline round opened, so they belong to it (§5).
    joined = utcnow() - dt.timedelta(days=401)
    members = [
        Partner(trust=trust, name=pattern.format(place), partner_type=kind, created_at=joined)
        for pattern, kind in kinds
    ]
    db.session.add_all([trust, *members])
    return trust, members


def _rounds(trust: Trust, version_id: int, today: dt.date) -> tuple[Round, Round]:
    year = today.year
    baseline = Round(
        trust=trust,
        questionnaire_version_id=version_id,
        name=f"Baseline {year - 1}",
        status=CLOSED,
        opens_on=today - dt.timedelta(days=400),
        closes_on=today - dt.timedelta(days=340),
        closed_at=utcnow() - dt.timedelta(days=340),
    )
    follow_up = Round(
        trust=trust,
        questionnaire_version_id=version_id,
        name=f"Follow-up {year}",
        status=OPEN,
        opens_on=today - dt.timedelta(days=20),
        closes_on=today + dt.timedelta(days=30),
    )
    db.session.add_all([baseline, follow_up])
    db.session.flush()
    return baseline, follow_up


def _answer_round(
    rng: random.Random,
    round_: Round,
    members: list[Partner],
    content: Questionnaire,
    profile: dict[str, float],
    respondents: int | None,
    complete: bool,
) -> int:
    """Responses for every partner; a follow-up round is only partly answered."""
    responses: list[tuple[Response, float, float]] = []
    for partner in members:
        bias, unsure = rng.gauss(0, 0.4), rng.uniform(0.0, 0.15)
        for number in range(respondents or rng.randint(2, 5)):
            draw = 0.0 if complete else rng.random()
            if draw > 0.85:
                continue
            status = SUBMITTED if draw < 0.6 else DRAFT
            respondent = f"{JOBS[number % len(JOBS)]} {number // len(JOBS) + 1}"
            response = Response(
                round_id=round_.pk,
                partner_id=partner.pk,
                respondent=respondent,
                status=status,
                submitted_at=utcnow() if status == SUBMITTED else None,
            )
            responses.append((response, bias, unsure))
    db.session.add_all([r for r, _, _ in responses])
    db.session.flush()
    rows = [
        _answer(
            rng,
            response.pk,
            item.slug,
            statement.slug,
            profile[item.slug] + bias,
            unsure,
        )
        for response, bias, unsure in responses
        for item, statement in content.statements()
        if response.status == SUBMITTED or rng.random() < 0.5
    ]
    if rows:
        db.session.execute(insert(Answer), rows)
    return len(rows)


def _answer(
    rng: random.Random,
    response_id: int,
    item: str,
    statement: str,
    level: float,
    unsure: float,
) -> dict[str, object]:
    draw = rng.random()
    if draw < unsure:
        value = "dk"
    elif draw < unsure + 0.02:
        value = "na"
    else:
        value = str(min(4, max(1, round(level + rng.gauss(0, 0.6)))))
    evidence = rng.choice(EVIDENCE) if rng.random() < 0.12 else None
    return {
        "response_id": response_id,
        "statement": statement,
        "value": value,
        "evidence": evidence,
    }


def _email(role: str, number: int = 1) -> str:
    return f"{role}{'' if number == 1 else number}@demo.example"


def _logins() -> tuple[DemoLogin, ...]:
    roles = (ADMIN, ADVISOR, LEAD, BOARD, RESPONDENT)
    return tuple(DemoLogin(role, _email(role), DEMO_PASSWORD) for role in roles)


def _users(created: list[tuple[Trust, list[Partner], Round]], content: Questionnaire) -> None:
    """Demo accounts; the respondent has a draft in the first trust's open round."""
    password_hash = generate_password_hash(DEMO_PASSWORD)
    trust, members, follow_up = created[0]

    def user(role: str, name: str, number: int = 1, **scope: object) -> User:
        return User(
            email=_email(role, number),
            name=name,
            role=role,
            password_hash=password_hash,
            **scope,
        )

    respondent = user(RESPONDENT, "Rita Respondent", trust_id=trust.pk, partner_id=members[0].pk)
    people = [
        user(ADMIN, "Ada Administrator"),
        user(ADVISOR, "Alex Advisor", all_trusts=True, advised_trusts=[trust]),
        user(LEAD, "Lee Lead", trust_id=trust.pk),
        user(BOARD, "Bo Board", trust_id=trust.pk),
        respondent,
    ]
    if len(created) > 1:
        people.append(user(LEAD, "Lou Lead", 2, trust_id=created[1][0].pk))
    db.session.add_all(people)
    db.session.flush()
    draft = Response(
        round_id=follow_up.pk,
        partner_id=members[0].pk,
        respondent=respondent.email,
        user_id=respondent.pk,
        status=DRAFT,
    )
    first_section = content.sections[0].items[:2]
    draft.answers = [
        Answer(statement=s.slug, value="2") for i in first_section for s in i.statements
    ]
    db.session.add(draft)
