"""Board PDFs drawn by a job once per change and served from the stored file (ETag, 304,
Cache-Control: private), with the last one offered while a new one is being made."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from selfassess.extensions import db
from selfassess.models import User
from selfassess.models.outbox import BoardFile
from selfassess.models.survey import Response
from selfassess.services import reports
from selfassess.services.sessions import actor_of


def _row(app, round_id: int) -> BoardFile:
    with app.app_context():
        row = db.session.scalars(select(BoardFile).where(BoardFile.round_id == round_id)).one()
        db.session.expunge(row)
        return row


def _set_action(app, user_id: int, round_id: int, text: str) -> None:
    with app.app_context():
        lead = actor_of(db.session.get(User, user_id))
        reports.set_action(lead, round_id, "i2", text, "Lena", dt.date(2027, 1, 31))


def test_the_stored_pdf_is_made_once_and_rebuilt_after_a_change_not_before(
    app, client, auth, make_user, worked_round, queue
):
    lead = make_user("lead", 1)
    auth.login(lead)
    url = f"/rounds/{worked_round}/report.pdf"
    waiting = client.get(url)
    assert waiting.status_code == 202  # the first reader asks for it; a job draws it
    assert "being made" in waiting.get_data(as_text=True)
    queue.run_pending()
    first = client.get(url)
    assert first.status_code == 200
    assert first.data.startswith(b"%PDF")
    assert "private" in first.headers["Cache-Control"]
    assert "no-store" not in first.headers["Cache-Control"]
    etag = first.headers["ETag"]
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
    # A job run again, and a change that alters nothing in the report, draw nothing.
    queue.enqueue("board_pdf", worked_round)
    queue.run_pending()
    with app.app_context():
        db.session.get(Response, 1).respondent = db.session.get(Response, 1).respondent
        db.session.commit()
    queue.run_pending()
    assert _row(app, worked_round).builds == 1
    # An agreed action changes the report: the file is stale until the job has drawn it.
    _set_action(app, lead, worked_round, "Map the short-break providers")
    assert _row(app, worked_round).stale
    page = client.get(url)
    assert page.status_code == 202
    assert 'id="last-pdf"' in page.get_data(as_text=True)
    last = client.get(url + "?last=1")
    assert last.status_code == 200
    assert last.headers["ETag"] == etag
    queue.run_pending()
    row = _row(app, worked_round)
    assert (row.builds, row.stale) == (2, False)
    new = client.get(url)
    assert new.status_code == 200
    assert new.headers["ETag"] != etag
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 200


def test_a_change_that_rolls_back_marks_nothing_stale(app, client, auth, make_user, worked_round):
    """The default (immediate) queue in tests builds on demand; a failed change is dropped."""
    lead = make_user("lead", 1)
    auth.login(lead)
    assert client.get(f"/rounds/{worked_round}/report.pdf").status_code == 200
    with app.app_context():
        db.session.get(BoardFile, (worked_round, "full")).stale = False
        row = db.session.get(Response, 1)
        row.status = "draft"
        db.session.flush()
        db.session.rollback()
    row = _row(app, worked_round)
    assert (row.stale, row.builds) == (False, 1)


def test_only_result_readers_of_the_trust_get_the_stored_pdf(
    client, auth, make_trust, make_user, worked_round
):
    """ASVS V8.2.2: another trust's lead is told the round does not exist, even once the
    file is stored."""
    auth.login(make_user("lead", 1))
    assert client.get(f"/rounds/{worked_round}/report.pdf").status_code == 200
    other = make_trust("Other")
    auth.login(make_user("lead", other, email="other@example.org"))
    assert client.get(f"/rounds/{worked_round}/report.pdf").status_code == 404
