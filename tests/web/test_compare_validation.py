"""The comparison shows, for each trust the viewer may see, how many items its advisor
agreed with and challenged (docs/scoring.md §8)."""

from __future__ import annotations

import re

from selfassess.domain.validation import Entry
from selfassess.extensions import db
from selfassess.models import Trust, User
from selfassess.policy import SYSTEM
from selfassess.services import rounds, validation
from selfassess.services.accounts import actor_of


def test_items_agreed_and_challenged_per_trust(app, client, auth, make_user, six_trusts):
    (first_trust, first_round), (second_trust, _) = six_trusts[0], six_trusts[1]
    advisor = make_user("advisor")
    with app.app_context():
        db.session.get(User, advisor).advised_trusts = [
            db.session.get(Trust, first_trust),
            db.session.get(Trust, second_trust),
        ]
        db.session.commit()
        for _, round_id in six_trusts:  # validation opens when a round closes (§8)
            rounds.close_round(SYSTEM, round_id)
        validation.save_validations(
            actor_of(db.session.get(User, advisor)),
            first_round,
            {
                "i1": Entry("agree", "1", "", 0),
                "i2": Entry("agree", "1", "", 0),
                "i3": Entry("challenge", "2", "Too modest.", 0),
            },
        )
    auth.login(advisor)
    page = client.get("/compare/mini").get_data(as_text=True)
    lines = dict(
        re.findall(
            r">(Trust \d)</a>.*?<span class=\"app-validation\">Advisor: ([^<]*)</span>", page, re.S
        )
    )
    assert lines == {
        "Trust 0": "2 agreed, 1 challenged",
        "Trust 1": "0 agreed, 0 challenged",
    }
    assert "Too modest." not in page  # counts only, never the notes
