"""The board report's "Confirm and challenge" section and the summary's counts
(docs/scoring.md §8): every challenge with the trust's answer, beside the self-assessment."""

from __future__ import annotations

import pytest
from pdf_helpers import build, pages_text, text_of

from selfassess.domain.validation import Entry
from selfassess.extensions import db
from selfassess.models import Round, Trust, User
from selfassess.policy import SYSTEM
from selfassess.services import rounds, validation
from selfassess.services.accounts import actor_of


@pytest.fixture(autouse=True)
def _round_closed(app, worked_round):
    """Validation opens when the round closes (docs/scoring.md §8)."""
    with app.app_context():
        rounds.close_round(SYSTEM, worked_round)


def validate(app, make_user, round_id, entries, answers=None):
    with app.app_context():
        trust_id = db.session.get(Round, round_id).trust_id
    advisor = make_user("advisor", name="Ada Advisor")
    lead = make_user("lead", trust_id)
    with app.app_context():
        db.session.get(User, advisor).advised_trusts = [db.session.get(Trust, trust_id)]
        db.session.commit()
        validation.save_validations(actor_of(db.session.get(User, advisor)), round_id, entries)
        for item, text in (answers or {}).items():
            validation.answer_challenge(actor_of(db.session.get(User, lead)), round_id, item, text)


def words(text: str) -> str:
    return " ".join(text.split())


def test_challenges_with_answers_and_counts(app, worked_round, make_user):
    validate(
        app,
        make_user,
        worked_round,
        {
            "i1": Entry("agree", "3", "", 0),
            "i2": Entry("challenge", "1", "No joint plan was shown.", 0),
            "i3": Entry("challenge", "3", "Schools evidence is strong.", 0),
        },
        {"i2": "The plan was agreed in May."},
    )
    data = build(app, worked_round)
    pages = pages_text(data)
    first = words(pages[0])
    assert "Advisor validation (confirm and challenge): 1 item agreed, 2 challenged" in first
    assert "(1 answered by the trust)" in first
    text = words(text_of(data))
    section = text[text.index("Confirm and challenge Advisor validation") :]
    # Item two: self-assessed 2.1 (T = 2.111), validated 1, difference 1 - 2.1 = -1.1;
    # item three: 2.4 (T = 2.417), validated 3, difference +0.6.
    assert "Item two 2.1 1 -1.1 No joint plan was shown. (Ada Advisor)" in section
    assert "The plan was agreed in May." in section
    assert "Item three 2.4 3 +0.6 Schools evidence is strong." in section
    assert "Not yet answered" in section
    assert "Item one 2.8 3" not in section  # agreed items are counted, not listed


def test_an_unvalidated_round_says_so(app, worked_round):
    text = words(text_of(build(app, worked_round)))
    assert "Confirm and challenge No advisor has validated this round." in text
    assert "Advisor validation (confirm" not in text


def test_hostile_notes_print_literally(app, worked_round, make_user, hostile_strings):
    note = " ".join(hostile_strings[:5])[:3_000]
    validate(app, make_user, worked_round, {"i2": Entry("challenge", "2", note, 0)})
    assert "Confirm and challenge" in text_of(build(app, worked_round))
