"""The results page people act on: what it leads with, focus priorities and K, words that
agree with the figures beside them, feedback beside its form, tables that fit a phone."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest
from sqlalchemy import select

from selfassess.domain import load_questionnaire
from selfassess.extensions import db
from selfassess.models import Round, Trust, User
from selfassess.policy import SYSTEM
from selfassess.services import demo, rounds

WCC = load_questionnaire(Path(__file__).parents[2] / "questionnaires" / "wcc.yaml")


@pytest.fixture
def lead(app, make_user, worked_round, auth):
    with app.app_context():
        trust_id = db.session.get(Round, worked_round).trust_id
    auth.login(make_user("lead", trust_id))
    return trust_id


@pytest.fixture
def many_priorities(make_trust, make_round, import_csv):
    """A wcc round where every item is below target (every answer 1 or 2): 18 priorities."""
    trust_id = make_trust("Brightstart", [("Council", "local_authority"), ("PCT", "other")])
    round_id = make_round(trust_id, "wcc", "Baseline 2025")
    rows = "".join(
        f"{partner},r{partner},{s.slug},{level},\n"
        for partner, level in (("Council", 1), ("PCT", 2))
        for _, s in WCC.statements()
    )
    import_csv(round_id, "partner,respondent,statement,answer,evidence\n" + rows)
    return trust_id, round_id


def page_of(client, round_id: int) -> str:
    response = client.get(f"/rounds/{round_id}/results")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_page_leads_with_overall_status_marks_then_focus(client, lead, worked_round):
    page = page_of(client, worked_round)
    order = [
        page.index(text)
        for text in (
            "Draft</strong>",
            'id="overall"',
            'id="status"',
            'id="priorities"',
            "The detail",
        )
    ]
    assert order == sorted(order)
    # Status per section and phase in words, never colour alone.
    assert "Below target</strong> by 0.1" in page  # s1: target 2.5, score shown 2.4
    assert "Well below target</strong> by 1.6" in page  # s2: 4 - 2.4
    assert "The figures of PCT rest on a single submitted response." in page
    assert "This is the trust's first round of this questionnaire." in page


def test_only_k_priorities_lead_and_the_others_are_collapsed(
    app, client, auth, make_user, many_priorities
):
    trust_id, round_id = many_priorities
    auth.login(make_user("lead", trust_id))
    page = page_of(client, round_id)
    lead_part, rest = page.split('id="others"', 1)
    assert len(re.findall(r'class="govuk-summary-card" id="priority-', lead_part)) == 5
    assert len(re.findall(r'class="govuk-summary-card" id="priority-', rest)) == len(WCC.items) - 5
    assert f"Other items below target or in question ({len(WCC.items) - 5})" in page
    response = client.post(f"/rounds/{round_id}/targets", data={"focus_count": "3"})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Round, round_id).focus_count == 3
    lead_part = page_of(client, round_id).split('id="others"', 1)[0]
    assert len(re.findall(r'class="govuk-summary-card" id="priority-', lead_part)) == 3


@pytest.mark.parametrize("bad", ["2", "11", "five"])
def test_k_outside_3_to_10_is_refused_on_the_targets_form(app, client, lead, worked_round, bad):
    response = client.post(f"/rounds/{worked_round}/targets", data={"focus_count": bad})
    assert response.status_code == 400
    assert "Enter a number from 3 to 10" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Round, worked_round).focus_count == 5


def test_explanations_agree_with_the_figures_they_print(app, client, auth, make_user):
    """Over every demo round: "disagree by D: a and b" has D = b - a, a gap printed with
    "below target" is positive, and a spread of 1.0 or more is always flagged."""
    with app.app_context():
        demo.seed_demo(trusts=2, seed=11)
        round_ids = list(db.session.scalars(select(Round.pk)))
        trust_ids = list(db.session.scalars(select(Trust.pk)))
    admin = make_user("admin")
    auth.login(admin)
    checked = 0
    for round_id in round_ids:
        text = unescape(page_of(client, round_id))
        for spread, low, high in re.findall(
            r"Partners disagree by (\d\.\d) levels: .*? scores (\d\.\d) and .*? (\d\.\d)\.", text
        ):
            assert round(float(high) - float(low), 1) == float(spread)
            assert float(spread) >= 1.0
            checked += 1
        for gap in re.findall(r"\(gap (-?\d\.\d)\)", text):
            assert float(gap) > 0
    assert checked > 0
    assert trust_ids


def test_action_saved_is_said_in_the_priority_card(client, lead, worked_round):
    response = client.post(
        f"/rounds/{worked_round}/actions",
        data={"item": "i3", "action": "Joint workshop", "owner": "Head of Service", "due_on": ""},
    )
    assert response.headers["Location"].endswith("#priority-i3")
    page = page_of(client, worked_round)
    card = page.split('id="priority-i3"', 1)[1].split('class="govuk-summary-card"', 1)[0]
    assert "Action saved." in card
    assert "govuk-notification-banner" not in page  # not at the top, far from the form


def test_a_bad_due_date_is_said_beside_the_form_and_keeps_it_open(client, lead, worked_round):
    client.post(
        f"/rounds/{worked_round}/actions",
        data={"item": "i1", "action": "x", "owner": "y", "due_on": "31/02/2027"},
    )
    page = page_of(client, worked_round)
    card = page.split('id="priority-i1"', 1)[1].split('class="govuk-summary-card"', 1)[0]
    assert "Enter the due date as a date, for example 2027-03-31" in card
    assert 'role="alert"' in card
    assert '<details class="govuk-details app-no-print" open>' in card


def test_a_sign_off_error_is_said_beside_the_sign_off_form(client, lead, worked_round):
    response = client.post(
        f"/rounds/{worked_round}/signoff", data={"ratified_on": "2026-01-05", "minute": ""}
    )
    assert response.headers["Location"].endswith("#signoff")
    page = page_of(client, worked_round)
    near = page.split('id="signoff"', 1)[1]
    assert "Enter the minute reference of the board&#39;s decision" in near[:800]


def test_every_table_scrolls_in_a_labelled_focusable_region(client, lead, worked_round):
    page = page_of(client, worked_round)
    tables = page.count("<table")
    regions = re.findall(
        r'<div class="app-table-scroll" role="region" aria-label="[^"]+" tabindex="0">\s*<table',
        page,
    )
    assert tables == len(regions) >= 4


def test_board_and_advisor_see_focus_but_no_forms(app, client, auth, make_user, worked_round):
    with app.app_context():
        trust_id = db.session.get(Round, worked_round).trust_id
    advisor = make_user("advisor")
    with app.app_context():
        db.session.get(User, advisor).advised_trusts = [db.session.get(Trust, trust_id)]
        db.session.commit()
    for user in (make_user("board", trust_id), advisor):
        auth.login(user)
        page = page_of(client, worked_round)
        assert 'id="priority-i3"' in page
        assert "Record the agreed action" not in page
        assert "No action agreed yet" in page
        auth.logout()


def test_a_target_outside_the_scale_is_named_in_the_error_summary(client, lead, worked_round):
    response = client.post(
        f"/rounds/{worked_round}/targets", data={"focus_count": "4", "target-i2": "9"}
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert '<li><a href="#target-i2">Choose a level from 1 to 4</a></li>' in page


def test_overall_change_since_the_last_round_from_shown_figures(
    app, client, lead, worked_round, make_round, import_csv
):
    # Baseline overall 2.2963 is shown 2.3. The follow-up: Council alone, all 2s, overall 2.0.
    with app.app_context():
        rounds.close_round(SYSTEM, worked_round)
    follow_up = make_round(lead, name="Follow-up")
    import_csv(
        follow_up,
        "partner,respondent,statement,answer,evidence\n"
        + "".join(f"Council,a1,q{q},2,\n" for q in range(1, 6)),
    )
    page = page_of(client, follow_up)
    # Council alone was 2.1667 (shown 2.2) at baseline: like for like, -0.2 (SCORING §6)
    assert "Since Baseline (2.3): <strong>-0.3 (declined)</strong>; −0.2 on the 1 partner" in page
    # 1 of 4 partners submitted: the trust figures are marked low coverage.
    assert "Low coverage</strong> Only 1 of 4 partners submitted a response" in page
