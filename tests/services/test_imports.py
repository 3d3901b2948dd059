"""CSV import: all or nothing, FILE:ROW errors, replacing a respondent's response."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from selfassess.extensions import db
from selfassess.models import Answer, Response
from selfassess.policy import SYSTEM
from selfassess.services import Invalid
from selfassess.services.imports import import_responses
from selfassess.services.rounds import close_round

HEADER = "partner,respondent,statement,answer,evidence\n"


def counts(app):
    with app.app_context():
        return (
            db.session.scalar(select(func.count()).select_from(Response)),
            db.session.scalar(select(func.count()).select_from(Answer)),
        )


def test_import_groups_rows_into_submitted_responses(app, worked_round):
    assert counts(app) == (6, 30)
    with app.app_context():
        statuses = set(db.session.scalars(select(Response.status)))
    assert statuses == {"submitted"}


def test_every_bad_row_is_reported_and_nothing_is_stored(app, make_trust, make_round):
    round_id = make_round(make_trust())
    text = HEADER + (
        "Council,a1,q1,4,\n"
        "Nowhere,a1,q1,4,\n"  # row 3: unknown partner
        "Council,a1,q99,4,\n"  # row 4: unknown statement
        "Council,a1,q2,5,\n"  # row 5: bad answer
        "Council,a1,q1,3,\n"  # row 6: duplicate
        "Council,,q3,3,\n"  # row 7: empty respondent
        "Council,a1,q4\n"  # row 8: short row
    )
    with app.app_context(), pytest.raises(Invalid) as caught:
        import_responses(SYSTEM, round_id, text, "in.csv")
    assert caught.value.errors == [
        "in.csv:3: unknown partner 'Nowhere'",
        "in.csv:4: unknown statement 'q99'",
        "in.csv:5: answer '5' is not one of 1 2 3 4 dk na",
        "in.csv:6: respondent 'a1' already answered 'q1' on row 2",
        "in.csv:7: respondent is empty",
        "in.csv:8: expected 5 columns, found 3",
    ]
    assert counts(app) == (0, 0)


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("", "in.csv:1: the header must be partner,respondent,statement,answer,evidence"),
        ("partner,respondent,statement,answer\nCouncil,a,q1,1\n", "in.csv:1: the header must be"),
        (HEADER, "in.csv:1: the file has no answers"),
    ],
)
def test_bad_files(app, make_trust, make_round, text, error):
    round_id = make_round(make_trust())
    with app.app_context(), pytest.raises(Invalid) as caught:
        import_responses(SYSTEM, round_id, text, "in.csv")
    assert caught.value.errors[0].startswith(error)


def test_reimport_replaces_only_that_respondents_response(app, worked_round, import_csv):
    summary = import_csv(worked_round, HEADER + "Council,a1,q1,1,Changed our view\n")
    assert (summary.responses, summary.replaced) == (1, 1)
    assert counts(app) == (6, 26)  # a1's five answers replaced by one
    with app.app_context():
        note = db.session.scalar(
            select(Answer.evidence).where(
                Answer.statement == "q1", Answer.value == "1", Answer.evidence.is_not(None)
            )
        )
    assert note == "Changed our view"


def test_import_into_a_closed_round_is_refused(app, worked_round, import_csv):
    with app.app_context():
        close_round(SYSTEM, worked_round)
    with pytest.raises(Invalid, match="closed"):
        import_csv(worked_round, HEADER + "Council,a9,q1,1,\n")


def test_hostile_text_is_stored_literally_but_cleaned(app, make_trust, make_round, import_csv):
    round_id = make_round(make_trust())
    note = '=HYPERLINK("http://evil.example") <b>R&D <3 \u202e'
    import_csv(
        round_id, HEADER + f'Council,"a\x00b",q1,dk,"{note.replace(chr(34), chr(34) * 2)}"\n'
    )
    with app.app_context():
        response = db.session.scalars(select(Response)).one()
        answer = db.session.scalars(select(Answer)).one()
    assert response.respondent == "ab"
    assert answer.evidence == '=HYPERLINK("http://evil.example") <b>R&D <3'
