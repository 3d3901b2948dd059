"""A round opened on version 1 of wcc (stored snapshot, no per-item levels) and a round on
the shipped version 2: progress compares them item by item, and the old round still shows."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from sqlalchemy import select

from selfassess.domain import Questionnaire
from selfassess.extensions import db
from selfassess.models import QuestionnaireVersion, Round
from selfassess.policy import SYSTEM
from selfassess.services import progress
from selfassess.services import questionnaires as questionnaire_service

V1 = Path(__file__).parent.parent / "data" / "questionnaires" / "wcc_v1_snapshot.json"


def answers(content: Questionnaire, level: int) -> str:
    rows = "".join(f"Council,r,{s.slug},{level},\n" for _, s in content.statements())
    return "partner,respondent,statement,answer,evidence\n" + rows


@pytest.fixture
def two_versions(app, make_trust, make_round, import_csv):
    """Baseline on version 1 (every answer 2), follow-up on version 2 (every answer 3)."""
    snapshot = V1.read_text(encoding="utf-8")
    old = Questionnaire.from_dict(json.loads(snapshot))
    trust_id = make_trust(partners=[("Council", "local_authority")])
    baseline = make_round(trust_id, "wcc", "Baseline")
    with app.app_context():
        row = QuestionnaireVersion(
            slug="wcc", version=old.version, title=old.title, snapshot=snapshot, is_current=False
        )
        db.session.add(row)
        db.session.flush()
        round_ = db.session.get(Round, baseline)
        round_.questionnaire_version_id = row.pk
        round_.opens_on = dt.date(2025, 4, 1)
        db.session.commit()
        new = questionnaire_service.current("wcc")
    import_csv(baseline, answers(old, 2))
    follow_up = make_round(trust_id, "wcc", "Follow-up")
    import_csv(follow_up, answers(new, 3))
    return trust_id, old, new


def test_the_versions_differ_in_how_they_are_answered_but_share_every_item(two_versions):
    _, old, new = two_versions
    assert old.version != new.version
    assert [i.slug for i in old.items] == [i.slug for i in new.items]
    assert new.item_rated
    assert not old.item_rated
    assert not any(i.descriptors for i in old.items)


def test_progress_compares_every_item_across_the_versions(app, two_versions):
    trust_id, old, _ = two_versions
    with app.app_context():
        history = progress.trust_progress(SYSTEM, trust_id, "wcc")
    assert history.shared_only
    by_key = {c.key: c for c in history.changes}
    for item in old.items:
        change = by_key[item.slug]
        assert (change.before, change.after, change.direction) == (2, 3, "improved")


def test_the_progress_page_reads_across_the_versions(app, client, two_versions, make_user, auth):
    trust_id, old, _ = two_versions
    auth.login(make_user("admin"))
    page = client.get(f"/trusts/{trust_id}/progress/wcc").get_data(as_text=True)
    assert "used different versions of the questionnaire" in page
    assert "Baseline" in page
    assert "Follow-up" in page
    with app.app_context():
        versions = db.session.scalars(select(QuestionnaireVersion.version)).all()
    assert old.version in versions


def test_progress_says_when_one_round_rated_statements_and_the_other_items(
    app, client, auth, make_user, two_versions
):
    """Issue 19 part 1: progress across an item-rated and a statement-rated round compares
    item scores and says so."""
    trust_id, _, _ = two_versions
    with app.app_context():
        assert progress.trust_progress(SYSTEM, trust_id, "wcc").methods_differ
    auth.login(make_user("lead", trust_id))
    page = client.get(f"/trusts/{trust_id}/progress/wcc").get_data(as_text=True)
    assert "rated each item once against its own four levels" in page
