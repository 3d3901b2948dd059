"""The advisors' comparison at national scale: view and export, warm, with peak memory, each
against a raw SQL aggregate over the same answers. Runs in a child process so that its peak
memory is its own."""

from __future__ import annotations

import json
import re
import resource
import subprocess
import sys
from pathlib import Path

import pyotp
from sqlalchemy import select, text

from bench.common import NATIONAL, ROOT, Section, dispose, median_seconds, national_app
from bench.scoring import FLOOR_SQL
from selfassess.domain.rounding import shown_text
from selfassess.extensions import db
from selfassess.models import User


def peak_rss_mb() -> float:
    """This process's peak resident memory. VmHWM starts afresh at exec, unlike ru_maxrss,
    which a child process inherits from the large parent that forked it."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def sign_in_advisor(app, client) -> None:
    """Sign in as the demo advisor, with the second factor advisors must use (enrolled on
    the first run, a code from the stored key on later runs of the kept data set)."""
    response = client.post(
        "/sign-in", data={"email": "advisor@demo.example", "password": "selfassess-demo"}
    )
    if response.headers.get("Location") == "/sign-in/two-factor":
        page = client.get("/sign-in/two-factor").get_data(as_text=True)
        secret = re.search(r'id="totp-secret"[^>]*>([A-Z2-7]+)<', page).group(1)
        response = client.post("/sign-in/two-factor", data={"code": pyotp.TOTP(secret).now()})
    elif 'name="code"' in response.get_data(as_text=True):
        with app.app_context():
            secret = db.session.scalars(
                select(User.totp_secret).where(User.email == "advisor@demo.example")
            ).one()
        response = client.post("/sign-in/code", data={"code": pyotp.TOTP(secret).now()})
    assert client.get("/account/").status_code == 200, response.status_code


def measure() -> dict[str, float]:
    """Figures of one run (called in the child process)."""
    app = national_app()
    app.add_url_rule("/bench-bare", "bench_bare", lambda: "ok")
    client = app.test_client()
    sign_in_advisor(app, client)
    with app.app_context():
        ids = ",".join(
            str(r)
            for r in db.session.scalars(
                text("SELECT id FROM assessment_round WHERE status = 'closed'")
            )
        )
        floor_sql = text(FLOOR_SQL.format(ids=ids))
        floor = median_seconds(lambda: db.session.execute(floor_sql).all(), repeat=5)
        db.session.rollback()
    view_url, csv_url, json_url, open_url = (
        "/compare/csp",
        "/compare/csp/export.csv",
        "/compare/csp/export.json",
        "/compare/csp?include_open=y&region=London",
    )
    assert client.get(view_url).status_code == 200
    assert client.get(open_url).status_code == 200
    exported = client.get(json_url).get_json()
    figures = {
        "floor": floor,
        "view": median_seconds(lambda: client.get(view_url), repeat=7),
        "open_view": median_seconds(lambda: client.get(open_url), repeat=5),
        "csv": median_seconds(lambda: client.get(csv_url), repeat=5),
        "json": median_seconds(lambda: client.get(json_url), repeat=5),
        "trusts": float(len(exported["trusts"])),
        "median": exported["national"]["overall"]["median"],
        "lower": exported["national"]["overall"]["lower"],
        "upper": exported["national"]["overall"]["upper"],
        "peak_mb": peak_rss_mb(),
    }
    dispose(app)
    return figures


def run() -> Section:
    national_app()  # build the data set first, outside the measured child
    child = subprocess.run(
        [sys.executable, "-m", "bench.compare"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    f = json.loads(child.stdout.strip().splitlines()[-1])
    floor = f["floor"]
    section = Section(
        "Comparing trusts at national scale",
        f"{NATIONAL['trusts']} trusts x {NATIONAL['partners']} partners x "
        f"{NATIONAL['respondents']} respondents on `csp` (seed-demo), the advisor who sees all "
        "trusts, through the Flask test client in a child process, warm (after one request). "
        "Each trust stands with its latest closed round (docs/scoring.md §6); the filtered view "
        "adds every trust's open follow-up (provisional) and a region. Floor: the raw SQL "
        "`GROUP BY` (round, partner, statement) over the same answers. Peak memory is the "
        f"child process's maximum resident set size. National overall score over "
        f"{f['trusts']:.0f} trusts: median {shown_text(f['median'], 2)}, quartiles "
        f"{shown_text(f['lower'], 2)}–{shown_text(f['upper'], 2)} (shown figures, inclusive "
        "method).",
    )
    section.rows += [
        ("raw SQL aggregate (floor)", f"{floor * 1000:.0f} ms", "–"),
        (
            "comparison view, warm",
            f"{f['view'] * 1000:.0f} ms = {f['view'] / floor:.2f}x floor",
            "< 500 ms",
        ),
        (
            "comparison view, open rounds and a region, warm",
            f"{f['open_view'] * 1000:.0f} ms = {f['open_view'] / floor:.2f}x floor",
            "< 500 ms",
        ),
        ("CSV export, warm", f"{f['csv'] * 1000:.0f} ms = {f['csv'] / floor:.2f}x floor", "< 2 s"),
        (
            "JSON export, warm",
            f"{f['json'] * 1000:.0f} ms = {f['json'] / floor:.2f}x floor",
            "< 2 s",
        ),
        ("process peak RSS", f"{f['peak_mb']:.0f} MB", "< 300 MB"),
    ]
    return section


if __name__ == "__main__":
    print(json.dumps(measure()))
