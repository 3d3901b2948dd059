"""Respondents are told who sees their answers (issue 9, part 5; ASVS V14.3, privacy)."""

from __future__ import annotations


def test_the_first_page_says_who_sees_answers_notes_and_figures(
    client, auth, make_trust, make_round, make_user
):
    trust_id = make_trust("Ashvale", [("Council", "local_authority")])
    round_id = make_round(trust_id)
    auth.login(make_user("respondent", trust_id, partner="Council"))
    url = client.post(f"/assess/rounds/{round_id}/start").headers["Location"]
    first = client.get(url).get_data(as_text=True)
    assert "Who will see your answers" in first
    assert "board members see your answers and your evidence notes" in first
    assert "advisors see only the figures" in first
    assert "only person answering for Council" in first
    second = client.get(url.replace("/pages/1", "/pages/2")).get_data(as_text=True)
    assert "Who will see your answers" not in second
