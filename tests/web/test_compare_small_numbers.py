"""Small numbers (docs/scoring.md §6, issue 9 part 2): no filter lets a viewer read the figures
of a trust whose own pages they may not see, in any format."""

from __future__ import annotations

import datetime as dt
import itertools
import json

import pytest

from selfassess.extensions import db
from selfassess.models import Trust, User
from selfassess.policy import SYSTEM
from selfassess.services import imports, rounds, trusts

HEADER = "partner,respondent,statement,answer,evidence\n"
# Every other trust scores 2.6667 on every figure (3, 3, 2): shown 2.7, exported 2.6667,
# quartiles 2.70. The advisor's own trust scores 4.0. So these strings are their figures.
THEIRS = ("2.6667", "2.7", "2.67")
OTHERS = [  # name, region, opening date, closed
    ("Other 1", "North", dt.date(2026, 2, 1), True),
    ("Other 2", "North", dt.date(2026, 3, 1), True),
    ("Other 3", "South", dt.date(2026, 4, 1), True),
    ("Other 4", "South", dt.date(2026, 5, 1), True),
    ("Other 5", "South", dt.date(2026, 6, 1), True),
    ("Other 6", "South", dt.date(2026, 7, 1), False),  # open: stands only on request
]
HOME_OPENED = dt.date(2026, 1, 5)


def add_trust(name: str, region: str, opens_on: dt.date, closed: bool, level: str) -> int:
    trust_id = trusts.create_trust(name, region)
    trusts.add_partner(str(trust_id), "Council", "local_authority")
    round_id = rounds.open_round(SYSTEM, str(trust_id), "mini", "Baseline", opens_on=opens_on)
    levels = ("4", "4", "4") if level == "home" else ("3", "3", "2")
    rows = [f"Council,r{n},q{q},{lv},\n" for q in range(1, 6) for n, lv in enumerate(levels)]
    imports.import_responses(SYSTEM, round_id, HEADER + "".join(rows), "answers.csv")
    if closed:
        rounds.close_round(SYSTEM, round_id)
    return round_id


@pytest.fixture
def home(app, make_user):
    """The advisor's one trust and the lead of it, before any other trust exists."""
    with app.app_context():
        round_id = add_trust("Home Trust", "North", HOME_OPENED, True, "home")
        trust_id = db.session.get(Trust, 1).pk
    advisor = make_user("advisor")
    with app.app_context():
        user = db.session.get(User, advisor)
        user.advised_trusts = [db.session.get(Trust, trust_id)]
        db.session.commit()
    return trust_id, round_id, advisor


def others_in(region, start, end, include_open) -> int:
    return sum(
        1
        for _, r, opened, closed in OTHERS
        if (closed or include_open)
        and (region is None or r == region)
        and (start is None or opened >= start)
        and (end is None or opened <= end)
    )


DATES = [None, HOME_OPENED, dt.date(2026, 3, 1), dt.date(2026, 5, 1), dt.date(2026, 6, 1)]
COMBOS = [
    c
    for c in itertools.product([None, "North", "South"], DATES, DATES, [False, True])
    if not (c[1] and c[2] and c[1] > c[2])
]


def query(region, start, end, include_open) -> str:
    parts = [f"region={region}" if region else "", f"from={start}" if start else ""]
    parts += [f"to={end}" if end else "", "include_open=y" if include_open else ""]
    return "&".join(p for p in parts if p)


def test_advisor_sees_no_figure_of_1_to_4_other_trusts_in_any_format(app, client, auth, home):
    """ASVS V8.2 (general authorization design): an advisor assigned to one trust, under
    every filter combination (region, period, open rounds) that leaves 1–4 trusts they are
    not assigned to, reads no figure of those trusts on the comparison page, the trust
    profile, the JSON and CSV exports or the priority counts."""
    trust_id, _, advisor = home
    with app.app_context():
        for name, region, opened, closed in OTHERS:
            add_trust(name, region, opened, closed, "other")
    auth.login(advisor)
    checked = shown = 0
    for region, start, end, include_open in COMBOS:
        q = query(region, start, end, include_open)
        national = others_in(None, start, end, include_open)
        pool = others_in(region, start, end, include_open)  # region rows and priorities
        page = client.get(f"/compare/mini?{q}").get_data(as_text=True)
        data = json.loads(client.get(f"/compare/mini/export.json?{q}").data)
        table = client.get(f"/compare/mini/export.csv?{q}").data.decode("utf-8-sig")
        profile = client.get(f"/compare/mini/trusts/{trust_id}?{q}").get_data(as_text=True)
        radar = client.get(f"/compare/mini/trusts/{trust_id}/radar.svg?{q}")
        assert radar.status_code == (200 if data["trusts"] else 404), q
        assert [t["name"] for t in data["trusts"]] in ([], ["Home Trust"])
        if 1 <= national <= 4:
            assert all(s is None for s in data["national"].values()), q
        if region and 1 <= pool <= 4:
            assert all(s is None for s in data["regional"].values()), q
        if 1 <= pool <= 4:
            assert data["priority_counts"] is None, q
            assert data["priority_trusts"] is None, q
        if national < 5 and pool < 5:
            checked += 1
            for text in (page, json.dumps(data), table, profile):
                assert not any(figure in text for figure in THEIRS), q
            if national or pool:
                assert "Not enough trusts to compare" in page
                assert "Not enough" in table
        else:
            shown += 1
            assert data["national"]["overall"]["median"] == 2.7, q  # shown 2.7 of 5 trusts
    assert checked > 50
    assert shown > 5


@pytest.mark.parametrize("role", ["lead", "board"])
def test_benchmark_of_a_lead_or_board_needs_five_other_trusts(
    app, client, auth, home, make_user, role
):
    """ASVS V8.2: the anonymous benchmark of a trust's lead or board shows no spread while
    1–4 other trusts contribute (their own trust does not count towards the five), and an
    open round of another trust counts only when open rounds are included."""
    trust_id, round_id, _ = home
    auth.login(make_user(role, trust_id))
    url = f"/rounds/{round_id}/benchmark"
    for n, (name, region, opened, closed) in enumerate(OTHERS, start=1):
        with app.app_context():
            add_trust(name, region, opened, closed, "other")
        page = client.get(url).get_data(as_text=True)
        with_open = client.get(f"{url}?include_open=y").get_data(as_text=True)
        closed_others = sum(1 for o in OTHERS[:n] if o[3])
        for text, count in ((page, closed_others), (with_open, n)):
            if count < 5:
                assert not any(figure in text for figure in THEIRS), (n, count)
                assert "Not enough trusts to compare" in text
            else:
                assert f"({count + 1} trusts)" in text
                assert "Top quarter" in text  # 4.0 against 2.7 (5 or 6 times) and 4.0
