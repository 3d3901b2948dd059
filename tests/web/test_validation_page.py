"""Advisor validation ("confirm and challenge", docs/scoring.md §8) through the browser's
requests: who may validate, saving item by item, nothing typed lost, conflicts, the lead's
answer, and the validation shown beside the self-assessment on the results page."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import jsonschema
import pytest
from sqlalchemy import select

from selfassess.extensions import db
from selfassess.models import Round, Trust, User
from selfassess.models.audit import AuditEvent
from selfassess.models.validation import Validation
from selfassess.policy import SYSTEM
from selfassess.services import rounds


@pytest.fixture(autouse=True)
def _round_closed(app, worked_round):
    """Validation opens when the round closes (docs/scoring.md §8)."""
    with app.app_context():
        rounds.close_round(SYSTEM, worked_round)


@pytest.fixture
def trust_id(app, worked_round):
    with app.app_context():
        return db.session.get(Round, worked_round).trust_id


@pytest.fixture
def advisor(app, make_user, trust_id):
    user_id = make_user("advisor", name="Ada Advisor")
    with app.app_context():
        db.session.get(User, user_id).advised_trusts = [db.session.get(Trust, trust_id)]
        db.session.commit()
    return user_id


def stored(app, round_id):
    with app.app_context():
        return {
            v.item: (v.verdict, v.level, v.note, v.revision, v.answer)
            for v in db.session.scalars(select(Validation).where(Validation.round_id == round_id))
        }


def events(app, name):
    with app.app_context():
        return db.session.scalars(select(AuditEvent).where(AuditEvent.event == name)).all()


CHALLENGE_I2 = {
    "verdict-i2": "challenge",
    "level-i2": "1",
    "note-i2": "No joint commissioning plan was shown.",
    "revision-i2": "0",
}
AGREE_I1 = {"verdict-i1": "agree", "level-i1": "3", "note-i1": "", "revision-i1": "0"}


def test_assigned_advisor_sees_trust_figures_but_no_answers_or_notes(
    client, auth, advisor, worked_round
):
    auth.login(advisor)
    page = client.get(f"/rounds/{worked_round}/validation")
    assert page.status_code == 200
    body = page.get_data(as_text=True)
    # Item one: T = (3.0 + 1.5 + 3.75) / 3 = 2.75, shown 2.8; partners 3.0, 1.5, 3.8: spread 2.3.
    figures = body[body.index('id="figures-i1"') :]
    assert "2.8" in figures[:600]
    assert "2.3" in figures[:600]
    for name in ("verdict-i1", "level-i1", "note-i1", "revision-i3"):
        assert f'name="{name}"' in body
    assert "Agreed at the Board in March" not in body  # an evidence note
    main = body.split("<main", 1)[-1]
    # No respondent: their ids as words (a random token may well contain "a1").
    assert re.search(r"\b[abc][1-4]\b", main) is None


def test_saving_item_by_item_stores_audits_and_keeps_figures(
    app, client, auth, advisor, worked_round
):
    auth.login(advisor)
    before = client.get(f"/rounds/{worked_round}/results.json").get_json()["scores"]
    saved = client.post(f"/rounds/{worked_round}/validation", data={**AGREE_I1, "next": "i1"})
    assert saved.status_code == 302
    assert saved.headers["Location"].endswith("#i1")
    assert stored(app, worked_round) == {"i1": ("agree", 3, "", 1, None)}
    saved = client.post(
        f"/rounds/{worked_round}/validation",
        data={**AGREE_I1, "revision-i1": "1", **CHALLENGE_I2},
    )
    assert saved.status_code == 302
    assert stored(app, worked_round)["i2"] == ("challenge", 1, CHALLENGE_I2["note-i2"], 1, None)
    assert stored(app, worked_round)["i1"][3] == 1  # unchanged: not saved again
    details = [e.detail for e in events(app, "validation_saved")]
    assert details == ["i1: agree 3", "i2: challenge 1"]  # never the note
    after = client.get(f"/rounds/{worked_round}/results.json").get_json()
    assert after["scores"] == before  # validation never changes self-assessed figures
    assert after["validation"]["i2"]["verdict"] == "challenge"


def test_an_error_brings_back_what_was_typed_and_saves_nothing(
    app, client, auth, advisor, worked_round
):
    auth.login(advisor)
    typed = {**AGREE_I1, **CHALLENGE_I2, "note-i2": "", "note-i1": "Typed & kept <b>"}
    page = client.post(f"/rounds/{worked_round}/validation", data=typed)
    assert page.status_code == 400
    body = page.get_data(as_text=True)
    assert "Say why you challenge the self-assessment" in body
    assert "Typed &amp; kept &lt;b&gt;" in body
    assert 'id="level-i1-3" name="level-i1" type="radio" value="3" checked' in body
    assert 'name="verdict-i2" type="radio" value="challenge" checked' in body
    assert stored(app, worked_round) == {}


def test_an_error_on_a_stale_page_keeps_the_revision_it_was_loaded_at(
    app, client, auth, advisor, worked_round
):
    auth.login(advisor)
    assert client.post(f"/rounds/{worked_round}/validation", data=CHALLENGE_I2).status_code == 302
    stale = {**CHALLENGE_I2, "note-i2": "", "level-i2": "3"}  # still at revision 0, and no note
    page = client.post(f"/rounds/{worked_round}/validation", data=stale)
    assert page.status_code == 400
    assert 'name="revision-i2" value="0"' in page.get_data(as_text=True)
    fixed = {**stale, "note-i2": "Second thoughts"}
    assert client.post(f"/rounds/{worked_round}/validation", data=fixed).status_code == 409
    assert stored(app, worked_round)["i2"][1] == 1


def test_a_stale_page_gets_a_conflict_with_its_typed_values(
    app, client, auth, advisor, worked_round, make_user, trust_id
):
    other = make_user("advisor", name="Ben Advisor")
    with app.app_context():
        db.session.get(User, other).advised_trusts = [db.session.get(Trust, trust_id)]
        db.session.commit()
    auth.login(other)
    assert client.post(f"/rounds/{worked_round}/validation", data=CHALLENGE_I2).status_code == 302
    auth.logout()
    auth.login(advisor)
    mine = {**CHALLENGE_I2, "level-i2": "2", "note-i2": "My own view, typed on an old page."}
    page = client.post(f"/rounds/{worked_round}/validation", data=mine)
    assert page.status_code == 409
    body = page.get_data(as_text=True)
    assert "My own view, typed on an old page." in body
    assert "nothing was saved" in body
    assert "Ben Advisor" in body
    assert 'name="revision-i2" value="1"' in body  # saving again is possible
    assert stored(app, worked_round)["i2"][:3] == ("challenge", 1, CHALLENGE_I2["note-i2"])
    again = client.post(f"/rounds/{worked_round}/validation", data={**mine, "revision-i2": "1"})
    assert again.status_code == 302
    assert stored(app, worked_round)["i2"][:4] == ("challenge", 2, mine["note-i2"], 2)


@pytest.mark.parametrize("role", ["lead", "board", "respondent", "admin"])
def test_only_advisors_validate(client, auth, make_user, trust_id, worked_round, role):
    partner = "Council" if role == "respondent" else None
    auth.login(make_user(role, None if role == "admin" else trust_id, partner=partner))
    assert client.get(f"/rounds/{worked_round}/validation").status_code == 403
    post = client.post(f"/rounds/{worked_round}/validation", data=AGREE_I1)
    assert post.status_code == 403


@pytest.mark.parametrize("extra", [{}, {"all_trusts": True}])
def test_advisors_not_assigned_to_the_trust_get_nothing(
    app, client, auth, make_user, worked_round, extra
):
    auth.login(make_user("advisor", **extra))
    assert client.get(f"/rounds/{worked_round}/validation").status_code == 404
    assert client.post(f"/rounds/{worked_round}/validation", data=AGREE_I1).status_code == 404
    assert stored(app, worked_round) == {}


def test_a_round_without_submitted_responses_has_nothing_to_validate(
    app, client, auth, make_round, make_user, trust_id
):
    round_id = make_round(trust_id, name="Empty")
    advisor = make_user("advisor")
    with app.app_context():
        db.session.get(User, advisor).advised_trusts = [db.session.get(Trust, trust_id)]
        db.session.commit()
    auth.login(advisor)
    assert "nothing to validate" in client.get(f"/rounds/{round_id}/validation").get_data(True)
    refused = client.post(f"/rounds/{round_id}/validation", data=AGREE_I1)
    assert refused.status_code == 409
    assert stored(app, round_id) == {}


def test_lead_answers_a_challenge_and_everyone_reads_it(
    app, client, auth, advisor, make_user, trust_id, worked_round
):
    auth.login(advisor)
    client.post(f"/rounds/{worked_round}/validation", data={**AGREE_I1, **CHALLENGE_I2})
    auth.logout()
    auth.login(make_user("lead", trust_id))
    # Agreed items have no challenge to answer: the typed answer comes back.
    refused = client.post(
        f"/rounds/{worked_round}/challenges", data={"item": "i1", "answer": "Kept text"}
    )
    assert refused.status_code == 400
    assert "Kept text" in refused.get_data(True)
    empty = client.post(f"/rounds/{worked_round}/challenges", data={"item": "i2", "answer": ""})
    assert empty.status_code == 400
    answer = "The plan was agreed in May; minutes attached."
    saved = client.post(f"/rounds/{worked_round}/challenges", data={"item": "i2", "answer": answer})
    assert saved.status_code == 302
    assert saved.headers["Location"].endswith("#challenge-i2")
    assert stored(app, worked_round)["i2"][3:] == (1, answer)  # the advisor's revision stays
    assert [e.detail for e in events(app, "challenge_answered")] == ["i2"]
    auth.logout()
    auth.login(make_user("board", trust_id))
    page = client.get(f"/rounds/{worked_round}/results").get_data(as_text=True)
    section = page[page.index('id="validation"') : page.index("The detail")]
    assert "agreed with 1 item and challenged 1" in section
    assert answer in section
    assert CHALLENGE_I2["note-i2"] in section
    # Item one: self-assessed 2.8, validated 3, difference +0.2; item two: 2.1, 1, -1.1.
    row = section[section.index('id="validated-i1"') :]
    assert [c for c in ("2.8", "3", "+0.2", "Agree") if c in row[:700]] == [
        "2.8",
        "3",
        "+0.2",
        "Agree",
    ]
    row = section[section.index('id="validated-i2"') :]
    assert "2.1" in row[:700]
    assert "-1.1" in row[:700]
    assert "<form" not in section  # boards read, they do not answer
    refused = client.post(f"/rounds/{worked_round}/challenges", data={"item": "i2", "answer": "x"})
    assert refused.status_code == 403


def test_other_trusts_lead_cannot_answer(app, client, auth, advisor, make_user, worked_round):
    auth.login(advisor)
    client.post(f"/rounds/{worked_round}/validation", data=CHALLENGE_I2)
    auth.logout()
    other = make_user("lead", None)
    auth.login(other)
    post = client.post(f"/rounds/{worked_round}/challenges", data={"item": "i2", "answer": "x"})
    assert post.status_code == 404
    assert stored(app, worked_round)["i2"][4] is None


def test_results_json_carries_the_validation(app, client, auth, advisor, worked_round):
    app.config["CLOCK"] = lambda: dt.datetime(2026, 7, 1, 9, 30, tzinfo=dt.UTC)
    auth.login(advisor)
    client.post(f"/rounds/{worked_round}/validation", data=CHALLENGE_I2)
    data = client.get(f"/rounds/{worked_round}/results.json").get_json()
    assert data["validation"] == {
        "i2": {
            "verdict": "challenge",
            "level": 1,
            "note": CHALLENGE_I2["note-i2"],
            "answer": None,
            "advisor": "Ada Advisor",
            "at": "2026-07-01T09:30:00+00:00",
        }
    }


def test_a_validated_export_validates_against_the_schema(app, client, auth, advisor, worked_round):
    schema = json.loads(
        (Path(__file__).parents[2] / "docs" / "results.schema.json").read_text(encoding="utf-8")
    )
    auth.login(advisor)
    client.post(f"/rounds/{worked_round}/validation", data={**AGREE_I1, **CHALLENGE_I2})
    data = client.get(f"/rounds/{worked_round}/results.json").get_json()
    assert set(data["validation"]) == {"i1", "i2"}
    checker = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    assert [e.message for e in checker.iter_errors(data)] == []


NUMBERS = [str(2**63), "9" * 5000, "³", "٣", "-1", "0", "1e3", " 7", ""]


def test_hostile_input_never_gives_a_server_error(
    app, client, auth, advisor, make_user, trust_id, worked_round, hostile_strings
):
    app.config["TESTING"] = False  # errors become 500 pages, as in production
    auth.login(advisor)
    failures = []
    for value in NUMBERS + hostile_strings:
        form = {
            f"{field}-{item}": value
            for field in ("verdict", "level", "note", "revision")
            for item in ("i1", "i2", "i3", "../x", "")
        }
        form["next"] = value
        for data in (form, {**form, "verdict-i1": "challenge", "level-i1": "2"}):
            status = client.post(f"/rounds/{worked_round}/validation", data=data).status_code
            if status >= 500:
                failures.append((value[:20], status))
    huge = {"verdict-i1": "challenge", "level-i1": "2", "note-i1": "x" * 200_000}
    assert client.post(f"/rounds/{worked_round}/validation", data=huge).status_code == 400
    auth.logout()
    auth.login(make_user("lead", trust_id))
    for value in NUMBERS + hostile_strings:
        data = {"item": value, "answer": value}
        status = client.post(f"/rounds/{worked_round}/challenges", data=data).status_code
        if status >= 500:
            failures.append(("answer", value[:20], status))
    assert failures == []


def test_an_expired_form_token_brings_back_what_was_typed(app, client, auth, advisor, worked_round):
    auth.login(advisor)
    page = client.get(f"/rounds/{worked_round}/validation").get_data(as_text=True)
    proof = re.search(r'name="proof" value="([^"]+)"', page).group(1)
    app.config["WTF_CSRF_ENABLED"] = True  # signed in; now the form token is checked
    typed = {**CHALLENGE_I2, "note-i2": "Typed over a long lunch", "csrf_token": "expired"}
    back = client.post(f"/rounds/{worked_round}/validation", data={**typed, "proof": proof})
    assert back.status_code == 400
    body = back.get_data(as_text=True)
    assert "Typed over a long lunch" in body
    assert "nothing was saved yet" in body
    # Without the advisor's own page proof (a forged cross-site post) nothing is shown back.
    forged = client.post(f"/rounds/{worked_round}/validation", data=typed)
    assert forged.status_code == 400
    assert "Typed over a long lunch" not in forged.get_data(as_text=True)
    assert stored(app, worked_round) == {}
