"""No request answers 500: hostile ids in every route, hostile values in every field of every
form, as every role (issue 9, part 3; ASVS V16.5.3)."""

from __future__ import annotations

import re

import pytest

from selfassess.extensions import db
from selfassess.models import Trust, User

NUMBERS = [str(2**63), str(2**64 + 5), "9" * 5000, "³", "٣", "-1", "0", "1e3", " 7", ""]
ROLES = ("admin", "lead", "board", "respondent", "advisor")


@pytest.fixture
def world(app, make_trust, make_round, make_user):
    trust_id = make_trust("Ashvale")
    round_id = make_round(trust_id)
    people = {role: make_user(role, trust_id, partner="Council") for role in ("respondent",)}
    for role in ("admin", "lead", "board", "advisor"):
        people[role] = make_user(role, None if role in ("admin", "advisor") else trust_id)
    with app.app_context():
        advisor = db.session.get(User, people["advisor"])
        advisor.advised_trusts = [db.session.get(Trust, trust_id)]
        db.session.commit()
    return {"trust_id": trust_id, "round_id": round_id, "people": people}


def form_fields(app, client, path):
    """Names of the inputs of every form on a page (what a browser could post)."""
    body = client.get(path).get_data(as_text=True)
    return set(re.findall(r'name="([a-zA-Z0-9_\-]+)"', body)) - {"csrf_token"}


def routes(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint in ("static", "auth.logout"):  # signing out would end the test's role
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield method, rule


@pytest.mark.parametrize("role", ROLES)
def test_hostile_ids_and_numbers_never_give_a_server_error(
    app, client, auth, world, role, hostile_strings
):
    """ASVS V16.5.3: ids out of range are 404, bad numbers are form errors, never 500."""
    auth.login(world["people"][role])
    failures = []
    values = NUMBERS + hostile_strings[:6]
    for method, rule in routes(app):
        ids = dict.fromkeys(rule.arguments, world["round_id"])
        for bad in NUMBERS[:3]:
            url = re.sub(r"<[^>]+>", "x", re.sub(r"<int:[a-z_]+>", bad, rule.rule))
            if "<int:" in rule.rule:
                response = client.open(url, method=method)
                print(url[:60], response.status_code)
                if response.status_code >= 500:
                    failures.append(f"{method} {url[:80]} -> {response.status_code}")
        if method != "POST":
            continue
        url = rule.build({a: ids[a] if "id" in a or a == "number" else "x" for a in ids})[1]
        fields = {"trust_id", "round_id", "partner_id", "revision", "due_on", "ratified_on"}
        fields |= {"name", "email", "role", "trust", "region", "target-i1", "item", "closes_on"}
        for value in values:
            response = client.post(url, data=dict.fromkeys(fields, value))
            if response.status_code >= 500:
                failures.append(f"POST {url} with {value[:20]!r} -> {response.status_code}")
    assert failures == []


def test_an_invitation_for_a_trust_that_does_not_exist_is_a_form_error(client, auth, world):
    """ASVS V16.5.3: a missing trust is a form error, not a foreign-key 500."""
    auth.login(world["people"]["admin"])
    response = client.post(
        "/admin/invitations",
        data={"name": "Lee", "email": "lee@example.org", "role": "lead", "trust_id": "424242"},
    )
    assert response.status_code == 400
    assert "Choose a trust that exists" in response.get_data(as_text=True)
