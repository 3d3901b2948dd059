"""The one "fetch and check or 404" helper (issue 18 part 4, ASVS V8.2.2): a missing row and a
row of a trust the person may not see are refused alike."""

from __future__ import annotations

import pytest

from selfassess.models import Partner, Trust
from selfassess.policy import SYSTEM, Actor, can_manage_trust, can_read_trust
from selfassess.services import NotFound
from selfassess.services.access import require, visible


def _lead_of(trust_id: int) -> Actor:
    return Actor(1, "Lee", "lee@example.org", "lead", "token", trust_id=trust_id)


def test_visible_returns_the_row_the_rule_allows(app, make_trust):
    trust_id = make_trust("Mine", [("Council", "local_authority")])
    with app.app_context():
        assert visible(Trust, trust_id, can_read_trust, _lead_of(trust_id)).name == "Mine"
        assert visible(Trust, trust_id, can_read_trust, SYSTEM).pk == trust_id


def test_another_trusts_row_and_a_missing_row_are_refused_alike(app, make_trust):
    mine = make_trust("Mine", [("Council", "local_authority")])
    theirs = make_trust("Theirs", [("Police", "police")])
    with app.app_context():
        partner = Partner.query.filter_by(trust_id=theirs).one()
        with pytest.raises(NotFound, match="no partner"):
            visible(Partner, partner.pk, can_manage_trust, _lead_of(mine))
        with pytest.raises(NotFound, match="no partner"):
            visible(Partner, 10_000, can_manage_trust, _lead_of(mine))
        with pytest.raises(NotFound, match=f"no trust {theirs}"):
            require(can_manage_trust, _lead_of(mine), theirs)
        require(can_manage_trust, _lead_of(mine), mine)
