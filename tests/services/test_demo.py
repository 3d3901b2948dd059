"""Demo data: realistic shape, reproducible from its seed."""

from __future__ import annotations

from sqlalchemy import func, select

from selfassess.exports import results_to_dict
from selfassess.extensions import db
from selfassess.models import Answer, Partner, Response, Round, User
from selfassess.services import demo
from selfassess.services.results import score_rounds


def seeded_figures(app, seed):
    with app.app_context():
        demo.seed_demo(trusts=2, seed=seed)
        ids = list(db.session.scalars(select(Round.pk).order_by(Round.pk)))
        return {i: results_to_dict(r) for i, r in score_rounds(ids).items()}


def test_same_seed_same_data_other_seed_other_data(app_factory):
    first = seeded_figures(app_factory("a"), 7)
    assert first == seeded_figures(app_factory("b"), 7)
    assert first != seeded_figures(app_factory("c"), 8)


def test_demo_data_has_the_promised_shape(app):
    with app.app_context():
        summary = demo.seed_demo(trusts=3, seed=1)
        partners = db.session.execute(
            select(Partner.trust_id, func.count()).group_by(Partner.trust_id)
        ).all()
        kinds = set(db.session.scalars(select(Partner.partner_type)))
        statuses = set(db.session.scalars(select(Round.status)))
        values = set(db.session.scalars(select(Answer.value)))
        notes = db.session.scalar(select(func.count()).where(Answer.evidence.is_not(None)))
        drafts = db.session.scalar(select(func.count()).where(Response.status == "draft"))
        roles = set(db.session.scalars(select(User.role)))
    assert summary.trusts == 3
    assert all(4 <= count <= 10 for _, count in partners)
    assert len(kinds) >= 4
    assert statuses == {"open", "closed"}
    assert values == {"1", "2", "3", "4", "dk", "na"}
    assert notes > 0
    assert drafts > 0
    assert roles == {"admin", "advisor", "lead", "board", "respondent"}
