"""Every endpoint with an id, as every role of one trust, against objects of another trust.

Built from app.url_map, so a new route is covered the day it is added. Nobody of trust A may
read or change anything of trust B by any URL or id: the answer is 403 or 404 (or a sign-in
prompt for visitors), and trust B's data is unchanged afterwards.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from selfassess.extensions import db
from selfassess.models import Answer, Invitation, Partner, Response, Round, Trust, User
from selfassess.services import invitations, responses
from selfassess.services import questionnaires as questionnaire_service
from selfassess.services.accounts import actor_of

ROLES = ("lead", "board", "respondent", "advisor", None)
IDS = {"trust_id", "round_id", "response_id", "partner_id", "invitation_id", "user_id"}


@pytest.fixture
def two_trusts(app, make_trust, make_round, make_user, import_csv):
    """Trust A (ours) and trust B (theirs), each with partners, a round, people, answers."""
    ids = {}
    for label in ("A", "B"):
        trust_id = make_trust(f"Trust {label}")
        round_id = make_round(trust_id)
        import_csv(
            round_id,
            "partner,respondent,statement,answer,evidence\n"
            f"Council,{label}1,q1,3,secret note of {label}\n",
        )
        lead = make_user("lead", trust_id, email=f"lead{label}@example.org")
        respondent = make_user(
            "respondent", trust_id, partner="Council", email=f"resp{label}@example.org"
        )
        with app.app_context():
            person = actor_of(db.session.get(User, respondent))
            response_id = responses.start_response(person, round_id)
            version_id = questionnaire_service.current_version("mini").pk
            partner_id = db.session.scalars(
                select(Partner.pk).where(Partner.trust_id == trust_id, Partner.name == "Council")
            ).one()
            token = invitations.invite(
                actor_of(db.session.get(User, lead)),
                trust_id,
                "respondent",
                "New",
                f"new{label}@example.org",
                partner_id,
            )
            invitation_id = db.session.scalars(
                select(Invitation.pk).where(Invitation.trust_id == trust_id)
            ).one()
        ids[label] = {
            "trust_id": trust_id,
            "round_id": round_id,
            "response_id": response_id,
            "partner_id": partner_id,
            "invitation_id": invitation_id,
            "user_id": respondent,
            "number": 1,
            "token": token,
            "slug": "mini",
            "fmt": "json",
            # versions belong to no trust: only administrators may make one current
            "version_id": version_id,
            # an identity provider's name: none is configured here, so every route is 404
            "name": "no-such-provider",
        }
    ids["advisor"] = make_user("advisor", email="adv@example.org")
    with app.app_context():
        user = db.session.get(User, ids["advisor"])
        user.advised_trusts = [db.session.get(Trust, ids["A"]["trust_id"])]
        db.session.commit()
    return ids


def snapshot(app, trust_id):
    """Everything of a trust that a request could change."""
    with app.app_context():
        rounds = db.session.scalars(select(Round).where(Round.trust_id == trust_id)).all()
        round_ids = [r.pk for r in rounds]
        return (
            [(r.name, r.status) for r in rounds],
            [
                (p.name, p.removed_at)
                for p in db.session.scalars(select(Partner).where(Partner.trust_id == trust_id))
            ],
            [
                (u.email, u.active, u.session_token)
                for u in db.session.scalars(select(User).where(User.trust_id == trust_id))
            ],
            [
                (i.revoked_at, i.accepted_at)
                for i in db.session.scalars(
                    select(Invitation).where(Invitation.trust_id == trust_id)
                )
            ],
            [
                (r.status, r.revision)
                for r in db.session.scalars(
                    select(Response).where(Response.round_id.in_(round_ids))
                )
            ],
            sorted(
                (a.statement, a.value, a.evidence)
                for a in db.session.scalars(
                    select(Answer).join(Response).where(Response.round_id.in_(round_ids))
                )
            ),
        )


def targets(app):
    """(endpoint, method, rule) for every rule that takes an id of some object."""
    found = []
    for rule in app.url_map.iter_rules():
        # sso.* take a configured provider's name, not an object id (no trust data).
        if rule.endpoint == "static" or not rule.arguments or rule.endpoint.startswith("sso."):
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            found.append((rule.endpoint, method, rule))
    return found


def test_matrix_covers_every_route_with_an_id(app):
    endpoints = {e for e, _, _ in targets(app)}
    assert {"assess.page", "manage.trust", "manage.round_status", "auth.accept"} <= endpoints


@pytest.mark.parametrize("role", ROLES)
def test_nobody_reaches_another_trusts_objects(app, client, two_trusts, auth, make_user, role):
    before = snapshot(app, two_trusts["B"]["trust_id"])
    if role == "advisor":
        auth.login(two_trusts["advisor"])
    elif role == "respondent":
        auth.login(two_trusts["A"]["user_id"])
    elif role:
        auth.login(make_user(role, two_trusts["A"]["trust_id"]))
    leaks = []
    for endpoint, method, rule in targets(app):
        values = {arg: two_trusts["B"][arg] for arg in rule.arguments}
        if endpoint == "auth.accept":
            continue  # a token is a capability by design: whoever holds it may accept
        url = rule.build(values)[1]
        response = client.open(
            url, method=method, data={"name": "x", "active": "0", "answer-q1": "1", "revision": "1"}
        )
        body = response.get_data(as_text=True)
        if rule.arguments & IDS:
            allowed = {403, 404} if role else {302, 400, 401, 403, 404}
            if response.status_code not in allowed:
                leaks.append(f"{method} {url} -> {response.status_code}")
        elif "Trust B" in body:  # a page of no one trust (a comparison) must not name B
            leaks.append(f"{method} {url} names trust B")
        assert "secret note of B" not in body
    assert leaks == []
    assert snapshot(app, two_trusts["B"]["trust_id"]) == before
