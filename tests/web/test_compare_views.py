"""Comparison, profile, progress and benchmark pages, and the compare command."""

from __future__ import annotations

import csv
import io
import json

import pytest

HEADER = "partner,respondent,statement,answer,evidence\n"


@pytest.fixture
def six(six_trusts):
    return six_trusts


def test_advisor_comparison_table_and_exports(client, auth, make_user, six):
    auth.login(make_user("advisor", all_trusts=True))
    page = client.get("/compare/mini?sort=overall").get_data(as_text=True)
    assert page.count("Trust 5") >= 1
    assert "All trusts: median" in page
    data = json.loads(client.get("/compare/mini/export.json").data)
    assert len(data["trusts"]) == 6
    assert data["national"]["overall"] == {"trusts": 6, "lower": 1.25, "median": 2.0, "upper": 2.75}
    rows = list(
        csv.DictReader(
            io.StringIO(
                client.get("/compare/mini/export.csv?region=South").data.decode("utf-8-sig")
            )
        )
    )
    assert {r["trust"] for r in rows if r["scope"] == "trust"} == {"Trust 3", "Trust 4", "Trust 5"}
    assert any(r["scope"] == "region" for r in rows)


def test_trust_profile_and_progress(client, auth, make_user, six, make_round, import_csv):
    trust_id, _ = six[0]
    follow = make_round(trust_id, name="Follow-up")
    import_csv(follow, HEADER + "".join(f"Council,r,q{q},3,\n" for q in range(1, 6)))
    auth.login(make_user("advisor", all_trusts=True))
    profile = client.get(f"/compare/mini/trusts/{trust_id}").get_data(as_text=True)
    assert "Median" in profile
    assert "Follow-up" in profile
    assert client.get(f"/compare/mini/trusts/{trust_id}/radar.svg").mimetype == "image/svg+xml"
    progress = client.get(f"/trusts/{trust_id}/progress/mini").get_data(as_text=True)
    assert "Improved" in progress
    assert "+2.0" in progress


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
    assert "Trust 3" not in csv_out.output.split("scope,trust")[1].split("national")[0]
