"""Comparison, profile, progress and benchmark pages, their filter form, and the compare
command."""

from __future__ import annotations

import csv
import io
import json

import pytest

from selfassess.policy import SYSTEM
from selfassess.services import rounds

HEADER = "partner,respondent,statement,answer,evidence\n"


@pytest.fixture
def six(app, six_trusts):
    with app.app_context():
        for _, round_id in six_trusts:
            rounds.close_round(SYSTEM, round_id)
    return six_trusts


def test_advisor_comparison_table_and_exports(client, auth, make_user, six):
    auth.login(make_user("advisor", all_trusts=True))
    page = client.get("/compare/mini?sort=overall").get_data(as_text=True)
    assert page.count("Trust 5") >= 1
    assert "All trusts: median" in page
    assert "1.25–2.75 (6 trusts)" in page  # quartiles to 2 decimal places
    data = json.loads(client.get("/compare/mini/export.json").data)
    assert len(data["trusts"]) == 6
    assert data["national"]["overall"] == {"trusts": 6, "lower": 1.25, "median": 2.0, "upper": 2.75}
    body = client.get("/compare/mini/export.csv?region=South").data
    assert body.startswith(b"\xef\xbb\xbf")
    assert not body.startswith(b"\xef\xbb\xbf" * 2)
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    assert {r["trust"] for r in rows if r["scope"] == "trust"} == {"Trust 3", "Trust 4", "Trust 5"}
    assert any(r["scope"] == "region" for r in rows)


def test_open_rounds_only_on_request_and_marked_provisional(
    client, auth, make_user, six, make_round, import_csv
):
    trust_id, _ = six[0]
    follow = make_round(trust_id, name="Follow-up")
    import_csv(follow, HEADER + "".join(f"Council,r,q{q},3,\n" for q in range(1, 6)))
    auth.login(make_user("advisor", all_trusts=True))
    page = client.get("/compare/mini").get_data(as_text=True)
    assert "Follow-up" not in page
    assert "Provisional" not in page
    page = client.get("/compare/mini?include_open=y").get_data(as_text=True)
    assert "Follow-up" in page
    assert "Provisional" in page
    data = json.loads(client.get("/compare/mini/export.json?include_open=y").data)
    assert [t["round"]["provisional"] for t in data["trusts"]].count(True) == 1
    rows = client.get("/compare/mini/export.csv?include_open=y").data.decode("utf-8-sig")
    assert ",provisional\r\n" in rows


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("from=2026-13-01", "Enter a real date"),
        ("to=yesterday", "Enter a real date"),
        ("from=99999-01-01", "Enter a real date"),
        ("from=%C2%B3", "Enter a real date"),
        ("from=2026-05-01&to=2026-04-01", "the same as or after its start"),
        ("region=Atlantis", "Not a valid choice"),
    ],
)
def test_bad_filters_are_field_errors_not_500_or_empty(
    client, auth, make_user, six, query, message
):
    """ASVS V16.5: a bad or inverted filter is an error on its field, never a 500 nor a
    silently empty table of 0 trusts."""
    auth.login(make_user("advisor", all_trusts=True))
    page = client.get(f"/compare/mini?{query}")
    text = page.get_data(as_text=True)
    assert page.status_code == 400
    assert "There is a problem" in text
    assert message in text
    assert "0 trusts" not in text
    for fmt in ("json", "csv"):
        export = client.get(f"/compare/mini/export.{fmt}?{query}")
        assert export.status_code == 400
        assert message in export.get_data(as_text=True)
    assert client.get(f"/compare/mini/trusts/{six[0][0]}?{query}").status_code == 400


def test_a_bad_date_is_shown_back_as_typed(client, auth, make_user, six):
    auth.login(make_user("advisor", all_trusts=True))
    page = client.get("/compare/mini?from=31/02/2026").get_data(as_text=True)
    assert 'value="31/02/2026"' in page
    assert 'aria-describedby="from-hint from-error"' in page


def test_trust_profile_and_progress(client, auth, make_user, six, make_round, import_csv):
    trust_id, _ = six[0]
    follow = make_round(trust_id, name="Follow-up")
    import_csv(follow, HEADER + "".join(f"Council,r,q{q},3,\n" for q in range(1, 6)))
    auth.login(make_user("advisor", all_trusts=True))
    profile = client.get(f"/compare/mini/trusts/{trust_id}").get_data(as_text=True)
    assert "Median" in profile
    assert "Follow-up" in profile
    assert "provisional" in profile
    assert client.get(f"/compare/mini/trusts/{trust_id}/radar.svg").mimetype == "image/svg+xml"
    progress = client.get(f"/trusts/{trust_id}/progress/mini").get_data(as_text=True)
    assert "Improved" in progress
    assert "+2.0" in progress
    assert "Provisional" in progress  # the follow-up round is still open


def test_lead_benchmark_names_no_other_trust(client, auth, make_user, six):
    trust_id, round_id = six[0]
    auth.login(make_user("lead", trust_id))
    page = client.get(f"/rounds/{round_id}/benchmark").get_data(as_text=True)
    assert "6 trusts" in page
    for k in range(1, 6):
        assert f"Trust {k}" not in page
    assert client.get("/compare/mini").status_code == 403
    assert client.get("/compare/mini/export.csv").status_code == 403
    assert client.get(f"/rounds/{six[1][1]}/benchmark").status_code == 404
    assert client.get(f"/trusts/{six[1][0]}/progress/mini").status_code == 404


def test_compare_command(runner, six):
    result = runner.invoke(args=["compare", "--questionnaire", "mini", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.output)["trusts"]) == 6
    csv_out = runner.invoke(args=["compare", "--questionnaire", "mini", "--region", "North"])
    assert csv_out.output.startswith("\ufeff")
    assert "Trust 3" not in csv_out.output.split("scope,trust")[1].split("national")[0]


def test_compare_command_filters_and_operators_see_every_figure(runner, six):
    """The command is run by operators, who have the database: nothing is withheld, even
    for a region of three trusts."""
    result = runner.invoke(
        args=["compare", "--questionnaire", "mini", "--region", "South", "--format", "json"]
    )
    data = json.loads(result.output)
    assert data["regional"]["overall"]["trusts"] == 3
    assert data["priority_trusts"] == 3
    inverted = runner.invoke(
        args=["compare", "--questionnaire", "mini", "--from", "2026-05-01", "--to", "2026-04-01"]
    )
    assert inverted.exit_code == 1
    assert "after its start" in inverted.output
    empty = runner.invoke(args=["compare", "--questionnaire", "mini", "--from", "2999-01-01"])
    assert empty.exit_code == 0
    assert "Trust" not in empty.output


def test_hostile_filter_values_never_500(client, auth, make_user, six, hostile_strings):
    """ASVS V16.5: every hostile string in every filter field of the comparison, its
    exports and the benchmark is a 200 or a 400 with the value shown escaped, never a 500."""
    auth.login(make_user("advisor", all_trusts=True))
    numbers = ["9" * 5000, "2" * 20, "\u00b3", "-1", "2026-02-30", "0000-00-00"]
    for value in [*hostile_strings, *numbers]:
        for field in ("region", "from", "to", "include_open", "sort"):
            for url in (
                "/compare/mini",
                "/compare/mini/export.csv",
                f"/rounds/{six[0][1]}/benchmark",
            ):
                response = client.get(url, query_string={field: value})
                assert response.status_code in (200, 400), (url, field, value)
                assert "<script>alert" not in response.get_data(as_text=True)
