"""Rules that moved into policy.py (issue 9, part 5; ASVS V8.1.1: one place for access rules)."""

from __future__ import annotations

from selfassess.policy import Actor, areas, can_invite, can_read_evidence


def person(role: str, trust_id: int | None = 1) -> Actor:
    return Actor(
        user_id=1, name="P", email="p@example.org", role=role, session_token="t", trust_id=trust_id
    )


def test_evidence_notes_are_for_the_trusts_lead_board_and_administrators_only():
    assert can_read_evidence(person("lead"), 1)
    assert can_read_evidence(person("board"), 1)
    assert can_read_evidence(person("admin", None), 1)
    assert not can_read_evidence(person("lead"), 2)
    assert not can_read_evidence(person("advisor", None), 1)
    assert not can_read_evidence(person("respondent"), 1)


def test_who_may_invite_which_role():
    assert can_invite(person("admin", None), "advisor", None)
    assert can_invite(person("admin", None), "lead", 7)
    assert can_invite(person("lead"), "respondent", 1)
    assert not can_invite(person("lead"), "advisor", None)
    assert not can_invite(person("lead"), "respondent", 2)
    assert not can_invite(person("board"), "respondent", 1)


def test_menus_by_role():
    assert areas(person("respondent")) == ("assess.dashboard",)
    assert "audit.trail" in areas(person("admin", None))
    assert "audit.trail" not in areas(person("advisor", None))
    assert areas(object()) == ()
