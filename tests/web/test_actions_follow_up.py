"""Agreed actions followed from round to round: status (an enum), dated progress notes, the
next round's "Actions from the last round" (page, board PDF, results JSON) and the CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import jsonschema
import pytest
from pypdf import PdfReader
from sqlalchemy import select

from selfassess.domain.actions import ActionStatus
from selfassess.extensions import db
from selfassess.models import PriorityAction, Round
from selfassess.models.followup import ActionNote

DATA = Path(__file__).parent.parent / "data"
DOCS = Path(__file__).parent.parent.parent / "docs"
LATER = dt.datetime(2026, 11, 26, 23, 30, tzinfo=dt.UTC)  # 26 Nov in England (GMT)


@pytest.fixture
def two_rounds(app, make_trust, make_round, import_csv):
    """A trust's baseline round and the next round of the same questionnaire, both answered;
    in the second, Council scores higher on i3 (q4)."""
    trust_id = make_trust()
    first = make_round(trust_id, targets={"i2": 2, "i3": 4})
    answers = (DATA / "worked_example.csv").read_text(encoding="utf-8")
    import_csv(first, answers)
    second = make_round(trust_id, name="Second", targets={"i2": 2, "i3": 4})
    import_csv(second, answers.replace("Council,a2,q4,1,", "Council,a2,q4,4,"))
    return trust_id, first, second


def post_action(client, round_id, **data):
    form = {"item": "i3", "action": "Joint workshop", "owner": "Head of Service"}
    return client.post(f"/rounds/{round_id}/actions", data={**form, **data})


def test_status_and_dated_notes_are_stored_and_shown(app, client, auth, make_user, two_rounds):
    trust_id, first, _ = two_rounds
    app.config["CLOCK"] = lambda: LATER
    auth.login(make_user("lead", trust_id, name="Lena Lead"))
    post_action(client, first, status="in_progress", note="Venue booked")
    post_action(client, first, status="in_progress", note="")  # no note: none added
    with app.app_context():
        action = db.session.get(PriorityAction, (first, "i3"))
        assert action.status is ActionStatus.IN_PROGRESS
        notes = db.session.scalars(select(ActionNote.text)).all()
    assert notes == ["Venue booked"]
    page = client.get(f"/rounds/{first}/results").get_data(as_text=True)
    assert "In progress</strong>" in page
    assert "26 November 2026</strong> (Lena Lead)" in page
    assert "Venue booked" in page


def test_a_status_outside_the_list_is_refused(app, client, auth, make_user, two_rounds):
    trust_id, first, _ = two_rounds
    auth.login(make_user("lead", trust_id))
    post_action(client, first, status="finished-ish")
    with app.app_context():
        assert db.session.get(PriorityAction, (first, "i3")) is None


def test_the_next_round_shows_actions_from_the_last_round(app, client, auth, make_user, two_rounds):
    trust_id, first, second = two_rounds
    auth.login(make_user("lead", trust_id))
    post_action(client, first, status="done", note="Workshop held", due_on="2027-01-31")
    page = client.get(f"/rounds/{second}/results").get_data(as_text=True)
    section = page[page.index("Actions from the last round") :]
    assert "Done</strong>" in section
    assert "Joint workshop" in section
    assert "(improved)" in section.split("</tr>")[1]
    # The first round has no earlier round: no such section.
    assert "Actions from the last round" not in client.get(f"/rounds/{first}/results").get_data(
        as_text=True
    )
    pdf = PdfReader(io.BytesIO(client.get(f"/rounds/{second}/report.pdf").data))
    text = "".join(p.extract_text() for p in pdf.pages)
    assert "Actions from the last round" in text
    assert "Agreed in Baseline" in text


def test_actions_in_the_results_json_validate(app, client, auth, make_user, two_rounds):
    trust_id, first, second = two_rounds
    auth.login(make_user("lead", trust_id))
    post_action(client, first, status="dropped", note="Superseded by the new plan")
    schema = json.loads((DOCS / "results.schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    mine = json.loads(client.get(f"/rounds/{first}/results.json").data)
    later = json.loads(client.get(f"/rounds/{second}/results.json").data)
    for document in (mine, later):
        assert [e.message for e in validator.iter_errors(document)] == []
    (action,) = mine["actions"]
    assert action["status"] == "dropped"
    assert action["notes"][0]["text"] == "Superseded by the new plan"
    assert mine["actions_from_last_round"] == []
    (follow,) = later["actions_from_last_round"]
    assert follow["item"] == "i3"
    assert follow["change"] == pytest.approx(follow["score_after"] - follow["score_before"])
    assert follow["change"] > 0
    broken = json.loads(json.dumps(mine))
    broken["actions"][0]["status"] = "finished"
    assert list(validator.iter_errors(broken))


def test_actions_csv_has_a_bom_and_both_rounds(app, client, auth, make_user, two_rounds):
    trust_id, first, second = two_rounds
    auth.login(make_user("lead", trust_id))
    post_action(client, first, status="in_progress", note="Venue booked", owner="=SUM(A1)")
    post_action(client, second, item="i2", action="Audit", status="not_started")
    response = client.get(f"/rounds/{second}/actions.csv")
    assert response.mimetype == "text/csv"
    assert response.data.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert [(r["from_round"], r["item"], r["status"]) for r in rows] == [
        ("Second", "i2", "not_started"),
        ("Baseline", "i3", "in_progress"),
    ]
    assert rows[1]["owner"] == "'=SUM(A1)"  # never a formula
    assert rows[1]["progress_notes"].endswith(": Venue booked")
    assert float(rows[1]["change"]) > 0


def test_board_members_read_but_cannot_change_actions(app, client, auth, make_user, two_rounds):
    trust_id, first, _ = two_rounds
    auth.login(make_user("board", trust_id))
    assert client.get(f"/rounds/{first}/actions.csv").status_code == 200
    assert post_action(client, first, status="done").status_code == 403
    with app.app_context():
        assert db.session.get(Round, first) is not None
        assert db.session.get(PriorityAction, (first, "i3")) is None
