"""Real-browser fixtures: the app served on 127.0.0.1 in a thread, Debian's Chromium driven by
Playwright (never `playwright install`), and axe-core from npm injected into each page."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from browser_helpers import PASSWORD
from flask import Flask
from werkzeug.security import generate_password_hash
from werkzeug.serving import make_server

from selfassess.extensions import db
from selfassess.models import User
from selfassess.policy import SYSTEM
from selfassess.services import rounds, trusts

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": "/usr/bin/chromium",
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture
def live_app(app_factory) -> Flask:
    """An app with CSRF on, a trust with partners, a lead and an open round."""
    app = app_factory("live", WTF_CSRF_ENABLED=True, TESTING=False)
    with app.app_context():
        trust_id = trusts.create_trust("Ashvale")
        for name, kind in (
            ("Ashvale Council", "local_authority"),
            ("Ashvale PCT", "primary_care_trust"),
        ):
            trusts.add_partner(str(trust_id), name, kind)
        rounds.open_round(SYSTEM, str(trust_id), "mini", "Baseline 2009")
        db.session.add(
            User(
                email="lead@example.org",
                name="Lee Lead",
                role="lead",
                trust_id=trust_id,
                password_hash=generate_password_hash(PASSWORD, "pbkdf2:sha256:1000"),
            )
        )
        db.session.commit()
    return app


@pytest.fixture
def live_server(live_app: Flask) -> Iterator[str]:
    server = make_server("127.0.0.1", 0, live_app, threaded=True)
    live_app.config["BASE_URL"] = f"http://127.0.0.1:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield live_app.config["BASE_URL"]
    server.shutdown()
    thread.join()


@pytest.fixture
def context(browser, live_server: str):
    """A fresh browser context per test whose relative URLs go to this test's server."""
    context = browser.new_context(base_url=live_server)
    yield context
    context.close()


@pytest.fixture
def check_accessibility() -> Callable[..., None]:
    """Run axe-core (pinned, from npm) on the current page: no serious or critical issues.

    Injected with evaluate(), which the page's Content-Security-Policy does not block."""
    source = AXE.read_text(encoding="utf-8")

    def check(page, label: str) -> None:
        page.evaluate(source)
        result = page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG
        )
        bad = [
            f"{v['id']} ({v['impact']}): {v['help']} - {[n['target'] for n in v['nodes']][:3]}"
            for v in result["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        assert bad == [], f"{label}: {bad}"

    return check
