"""The hostile-string corpus typed into every text field, then read back everywhere."""

from __future__ import annotations

import csv
import io
import re

from pypdf import PdfReader

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def revision(page: str) -> str:
    return re.search(r'name="revision" value="(\d+)"', page).group(1)


def test_corpus_through_forms_into_page_csv_and_pdf(
    app, client, auth, make_trust, make_round, make_user, hostile_strings, password
):
    trust_id = make_trust("Ashvale", [("Council", "local_authority")])
    round_id = make_round(trust_id)
    lead = make_user("lead", trust_id, email="lead@example.org")
    auth.login(lead)
    for index, text in enumerate(hostile_strings[:8]):
        response = client.post(
            f"/trusts/{trust_id}/partners",
            data={"name": f"{text} #{index}", "partner_type": "other"},
        )
        assert response.status_code in (302, 400)  # e.g. an all-control name is refused
    respondent = make_user("respondent", trust_id, partner="Council", email="r@example.org")
    auth.logout()
    auth.login(respondent)
    url = client.post(f"/assess/rounds/{round_id}/start").headers["Location"]
    note = "\n".join(hostile_strings)
    for number, answers in ((1, {"q1": "1", "q2": "dk", "q3": "2"}), (2, {"q4": "1", "q5": "na"})):
        page_url = re.sub(r"/pages/\d+$", f"/pages/{number}", url)
        page = client.get(page_url).get_data(as_text=True)
        data = {f"answer-{k}": v for k, v in answers.items()} | {
            "revision": revision(page),
            "note-i1": note,
            "note-i3": note,
        }
        assert client.post(page_url, data=data).status_code == 302
    review = client.get(url.replace("/pages/1", "/review")).get_data(as_text=True)
    client.post(url.replace("/pages/1", "/submit"), data={"revision": revision(review)})
    auth.logout()
    auth.login(lead)
    client.post(
        f"/rounds/{round_id}/actions",
        data={"item": "i1", "action": note[:1900], "owner": hostile_strings[0]},
    )
    page = client.get(f"/rounds/{round_id}/results").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "{{7*7}}" in page  # shown as typed, never evaluated as a template
    assert "\u202e" not in page
    answers = client.get(f"/rounds/{round_id}/answers.csv").data.decode("utf-8-sig")
    for row in csv.reader(io.StringIO(answers)):
        assert not [cell for cell in row if cell.startswith(TRIGGERS)], row
    scores = client.get(f"/rounds/{round_id}/scores.csv").data.decode("utf-8-sig")
    for row in csv.reader(io.StringIO(scores)):
        assert not [c for c in row if c.startswith(TRIGGERS) and not re.fullmatch(r"-[\d.]+", c)]
    report = client.get(f"/rounds/{round_id}/report.pdf")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(report.data)).pages)
    assert "score <b>high" in text
    assert "R&D <3" in text
