"""A round's partners (docs/scoring.md §5): those it was opened with plus those added while
it was open; a closed round's figures never change afterwards."""

from __future__ import annotations

from selfassess.exports import report_to_dict
from selfassess.extensions import db
from selfassess.models import Partner
from selfassess.policy import SYSTEM, Actor
from selfassess.services import reports, rounds, trusts
from selfassess.services.partners import remove_partner


def figures(round_id: int):
    report = reports.round_report(SYSTEM, round_id)
    data = report_to_dict(report)
    data.pop("generated_at", None)
    return report.coverage, data


def test_partner_added_after_closing_is_not_part_of_the_round(app, worked_round):
    with app.app_context():
        trusts.add_partner(str(worked_round_trust(worked_round)), "Youth Service", "other")
        rounds.close_round(SYSTEM, worked_round)
        before = figures(worked_round)
        assert (before[0].partners_submitted, before[0].partners_total) == (3, 5)
        trusts.add_partner(str(worked_round_trust(worked_round)), "Health Visitors", "other")
        remove_partner(ADMIN, partner_id("Police"))
        after = figures(worked_round)
    # Was "3 of 6" with an empty column for a partner that did not exist then.
    assert after == before
    assert "Health Visitors" not in after[1]["scores"]["partners"]
    assert "Police" in after[1]["scores"]["partners"]


def test_open_round_follows_the_current_partners(app, worked_round):
    with app.app_context():
        remove_partner(ADMIN, partner_id("Police"))  # submitted nothing
        trusts.add_partner(str(worked_round_trust(worked_round)), "Youth Service", "other")
        coverage, data = figures(worked_round)
    assert (coverage.partners_submitted, coverage.partners_total) == (3, 4)
    assert "Police" not in data["scores"]["partners"]


ADMIN = Actor(1, "Admin", "admin@example.org", "admin", "token")


def worked_round_trust(round_id: int) -> int:
    return rounds.get_round(round_id).trust_id


def partner_id(name: str) -> int:
    return db.session.scalars(db.select(Partner.pk).where(Partner.name == name)).one()
