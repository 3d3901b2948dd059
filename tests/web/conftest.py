"""Fixtures of the web tests: an app with CSRF protection on."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from web_helpers import add_person

from selfassess.extensions import db
from selfassess.models import Partner
from selfassess.policy import SYSTEM
from selfassess.services import rounds, trusts


@pytest.fixture
def csrf_app(app_factory, password):
    """An app with CSRF protection on and a one-hour token, with a respondent and a round."""
    app = app_factory("csrf", WTF_CSRF_ENABLED=True, WTF_CSRF_TIME_LIMIT=3600)
    with app.app_context():
        trust_id = trusts.create_trust("Ashvale")
        trusts.add_partner(str(trust_id), "Council", "local_authority")
        rounds.open_round(SYSTEM, str(trust_id), "mini", "Baseline")
        partner_id = db.session.scalars(select(Partner.pk)).one()
    add_person(app, password, "rita@example.org", "respondent", trust_id, partner_id)
    return app
