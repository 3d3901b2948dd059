"""SQL budgets of the busiest requests (issue 18 part 2), on both engines: a fixed number of
statements each, so that a change adding a query per item, partner or row shows up here.
(The comparison's budget is in test_compare_budget.py.)"""

from __future__ import annotations

import pytest
from sql_count import statements

from selfassess.extensions import db
from selfassess.models import Round, Trust, User
from selfassess.policy import SYSTEM
from selfassess.services import rounds

# Measured on SQLite and PostgreSQL, 2026-12-06 (statements per request, BEGIN/COMMIT aside):
VALIDATION_SAVE = 11  # the budget; now 8 (first save) and 7; was 20 (scored the round)
BOARD_PDF = 19  # the budget; now 17, was 20 (three coverage counts, a lazy version)
RESULTS_PAGE = 18  # measured 18, was 20: the PDF's reads, the trust named in the header, and
# (since SCORING v3 §9) the round's agreed levels
# PAGE_SAVE: the questionnaire page save's budget is the lead's (test_page_save_budget.py).


@pytest.fixture
def advisor(app, make_user, worked_round):
    """The trust's advisor, with the round closed: validation opens then (§8)."""
    user_id = make_user("advisor", name="Ada Advisor")
    with app.app_context():
        rounds.close_round(SYSTEM, worked_round)
        trust_id = db.session.get(Round, worked_round).trust_id
        db.session.get(User, user_id).advised_trusts = [db.session.get(Trust, trust_id)]
        db.session.commit()
    return user_id


def writes(seen: list[str]) -> list[str]:
    return [s for s in seen if s.split(None, 1)[0].upper() in {"INSERT", "UPDATE", "DELETE"}]


def test_a_validation_save_stays_within_its_budget(app, client, auth, advisor, worked_round):
    """Two items saved, then one changed: one locked read, the writes, the audit event."""
    auth.login(advisor)
    url = f"/rounds/{worked_round}/validation"
    client.get(url)
    first = {
        **{f"verdict-i{n}": "agree" for n in (1, 2)},
        **{f"level-i{n}": "3" for n in (1, 2)},
        **{f"revision-i{n}": "0" for n in (1, 2, 3)},
        "next": "i1",
    }
    with statements(app) as inserted:
        assert client.post(url, data=first).status_code == 302
    changed = {**first, "revision-i1": "1", "revision-i2": "1", "level-i2": "2"}
    with statements(app) as updated:
        assert client.post(url, data=changed).status_code == 302
    assert len(inserted) <= VALIDATION_SAVE, inserted
    assert len(updated) <= VALIDATION_SAVE, updated


def test_a_rejected_validation_writes_nothing(app, client, auth, advisor, worked_round):
    """A page with a bad level is refused before anything is written."""
    auth.login(advisor)
    url = f"/rounds/{worked_round}/validation"
    with statements(app) as seen:
        page = client.post(url, data={"verdict-i1": "agree", "level-i1": "7", "revision-i1": "0"})
    assert page.status_code == 400
    assert "Choose a validated level from 1 to 4" in page.get_data(as_text=True)
    assert writes(seen) == []


def test_the_board_pdf_stays_within_its_budget(app, client, auth, make_user, worked_round):
    with app.app_context():
        trust_id = db.session.get(Round, worked_round).trust_id
    auth.login(make_user("lead", trust_id))
    client.get(f"/rounds/{worked_round}/report.pdf")  # fonts and caches warm
    with statements(app) as seen:
        assert client.get(f"/rounds/{worked_round}/report.pdf").status_code == 200
    assert len(seen) <= BOARD_PDF, seen


def test_the_results_page_stays_within_its_budget(app, client, auth, make_user, worked_round):
    with app.app_context():
        trust_id = db.session.get(Round, worked_round).trust_id
    auth.login(make_user("lead", trust_id))
    client.get(f"/rounds/{worked_round}/results")
    with statements(app) as seen:
        assert client.get(f"/rounds/{worked_round}/results").status_code == 200
    assert len(seen) <= RESULTS_PAGE, seen
