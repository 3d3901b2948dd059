"""A trust lead imports answers in the browser (issue 22 part 6): the checks of
import-responses with every bad row as FILE:ROW, a preview that stores nothing, then all or
nothing on confirming; CSV or Excel; audited; size and row limits in plain words."""

from __future__ import annotations

import io
import re

import openpyxl
import pytest
from sqlalchemy import func, select

from selfassess.extensions import db
from selfassess.models import Answer, Response
from selfassess.models.audit import AuditEvent
from selfassess.services import uploads

GOOD = (
    "partner,respondent,statement,answer,evidence\n"
    "Council,r1,q1,3,Board minutes\n"
    "Council,r1,q2,2,\n"
    "PCT,r2,q1,dk,\n"
)


@pytest.fixture
def lead(app, make_trust, make_user, auth):
    trust_id = make_trust()
    auth.login(make_user("lead", trust_id))
    return trust_id


def _counts(app) -> tuple[int, int]:
    with app.app_context():
        responses = db.session.scalar(select(func.count()).select_from(Response))
        answers = db.session.scalar(select(func.count()).select_from(Answer))
        return responses, answers


def _upload(client, round_id: int, data: bytes, name: str):
    return client.post(
        f"/rounds/{round_id}/import",
        data={"answers": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )


def _token(page: str) -> str:
    return re.search(r'name="token" value="([^"]+)"', page).group(1)


def test_preview_stores_nothing_and_confirm_stores_all(app, client, lead, make_round):
    """ASVS V2.2.3: the check and the preview change nothing; one confirmation stores it
    all, audited (V16.2.1)."""
    round_id = make_round(lead)
    page = _upload(client, round_id, GOOD.encode(), "answers.csv")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "3 answers from 2 respondents" in text
    assert "Read as UTF-8, separated by commas." in text
    assert _counts(app) == (0, 0)
    done = client.post(f"/rounds/{round_id}/import/confirm", data={"token": _token(text)})
    assert done.status_code == 302
    assert _counts(app) == (2, 3)
    follow = client.get(done.headers["Location"]).get_data(as_text=True)
    assert "Imported 3 answers from 2 respondents." in follow
    with app.app_context():
        event = db.session.scalars(
            select(AuditEvent).where(AuditEvent.event == "responses_imported")
        ).one()
        assert "answers.csv" in event.detail
    again = client.post(f"/rounds/{round_id}/import/confirm", data={"token": _token(text)})
    assert again.status_code == 302  # used: the waiting copy is gone
    assert _counts(app) == (2, 3)


def test_every_bad_row_is_named_and_nothing_is_stored(app, client, lead, make_round):
    round_id = make_round(lead)
    bad = GOOD + "Nobody,r3,q1,3,\nCouncil,r4,q99,7,\n"
    page = _upload(client, round_id, bad.encode(), "answers.csv")
    assert page.status_code == 400
    text = page.get_data(as_text=True)
    assert "answers.csv:5: unknown partner &#39;Nobody&#39;" in text
    assert "answers.csv:6: unknown statement &#39;q99&#39;" in text
    assert "<title>Error:" in text
    assert _counts(app) == (0, 0)


def test_an_excel_workbook_is_read_row_for_row(app, client, lead, make_round):
    round_id = make_round(lead)
    book = openpyxl.Workbook()
    sheet = book.active
    for row in [line.split(",") for line in GOOD.strip().splitlines()]:
        sheet.append([int(c) if c.isdigit() else c for c in row])
    sheet.append(["Nobody", "r9", "q1", 3, None])
    out = io.BytesIO()
    book.save(out)
    page = _upload(client, round_id, out.getvalue(), "paper.xlsx")
    assert page.status_code == 400
    assert "paper.xlsx:5: unknown partner" in page.get_data(as_text=True)
    sheet.delete_rows(5)
    out = io.BytesIO()
    book.save(out)
    text = _upload(client, round_id, out.getvalue(), "paper.xlsx").get_data(as_text=True)
    assert "3 answers from 2 respondents" in text
    client.post(f"/rounds/{round_id}/import/confirm", data={"token": _token(text)})
    assert _counts(app) == (2, 3)


def test_excel_encoding_and_semicolons_are_detected(app, client, lead, make_round):
    round_id = make_round(lead)
    data = GOOD.replace(",", ";").replace("Board minutes", "Café minutes").encode("cp1252")
    text = _upload(client, round_id, data, "excel.csv").get_data(as_text=True)
    assert "separated by semicolons." in text
    assert "3 answers from 2 respondents" in text


def test_not_a_workbook_and_too_many_rows_are_plain_messages(
    app, client, lead, make_round, monkeypatch
):
    round_id = make_round(lead)
    page = _upload(client, round_id, b"not a zip", "answers.xlsx")
    assert page.status_code == 400
    assert "answers.xlsx:1: not an Excel workbook" in page.get_data(as_text=True)
    monkeypatch.setattr(uploads, "MAX_UPLOAD_ROWS", 2)
    page = _upload(client, round_id, GOOD.encode(), "answers.csv")
    assert page.status_code == 400
    assert "more than 2 rows; split the file" in page.get_data(as_text=True)


def test_a_file_over_the_request_limit_is_refused_plainly(client, lead, make_round):
    round_id = make_round(lead)
    # A body built by hand: the test client would spool a large upload to a temporary file.
    body = (
        b'--b\r\nContent-Disposition: form-data; name="answers"; filename="a.csv"\r\n\r\n'
        + b"x" * (3 * 1024 * 1024)
        + b"\r\n--b--\r\n"
    )
    page = client.post(
        f"/rounds/{round_id}/import", data=body, content_type="multipart/form-data; boundary=b"
    )
    assert page.status_code == 413
    assert "What you sent is too large" in page.get_data(as_text=True)


def test_another_trust_cannot_import_or_use_a_token(
    app, client, auth, lead, make_round, make_trust, make_user
):
    """ASVS V8.2.2: another trust's lead gets 404; a token is bound to its person."""
    round_id = make_round(lead)
    text = _upload(client, round_id, GOOD.encode(), "answers.csv").get_data(as_text=True)
    other = make_trust("Elsewhere", [("Police", "police")])
    auth.login(make_user("lead", other))
    assert client.get(f"/rounds/{round_id}/import").status_code == 404
    assert _upload(client, round_id, GOOD.encode(), "answers.csv").status_code == 404
    auth.login(make_user("lead", lead))
    refused = client.post(f"/rounds/{round_id}/import/confirm", data={"token": _token(text)})
    assert refused.status_code == 400
    assert _counts(app) == (0, 0)
    forged = client.post(f"/rounds/{round_id}/import/confirm", data={"token": "x.y.z"})
    assert forged.status_code == 302
    assert _counts(app) == (0, 0)
