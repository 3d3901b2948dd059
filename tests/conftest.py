"""Fixtures: a fresh app and database per test, clients, and builders of test data."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pyotp
import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import func, select
from werkzeug.security import generate_password_hash

from selfassess import create_app
from selfassess.extensions import db
from selfassess.models import Partner, User
from selfassess.services import imports, rounds, trusts
from selfassess.services import questionnaires as questionnaire_service

DATA = Path(__file__).parent / "data"
SHIPPED = Path(__file__).parent.parent / "questionnaires"
WORKED_PARTNERS = (
    ("Council", "local_authority"),
    ("PCT", "primary_care_trust"),
    ("Schools", "school_or_college"),
    ("Police", "police"),
)


def build_app(database: Path, questionnaires: Path, create: bool = True, **config) -> Flask:
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}",
            "WTF_CSRF_ENABLED": False,
            "QUESTIONNAIRE_DIR": str(questionnaires),
            **config,
        }
    )
    if create:
        with app.app_context():
            db.create_all()
            questionnaire_service.sync(questionnaires)
    return app


@pytest.fixture
def questionnaire_dir(tmp_path: Path) -> Path:
    """A copy of the shipped files plus the worked-example questionnaire."""
    folder = tmp_path / "questionnaires"
    folder.mkdir()
    for path in [*SHIPPED.glob("*.yaml"), DATA / "questionnaires" / "mini.yaml"]:
        (folder / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    return folder


@pytest.fixture
def app(tmp_path: Path, questionnaire_dir: Path) -> Iterator[Flask]:
    """A fresh app on a temporary SQLite file (a file, so locking is real)."""
    app = build_app(tmp_path / "test.sqlite", questionnaire_dir)
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def app_factory(tmp_path: Path, questionnaire_dir: Path) -> Iterator[Callable[..., Flask]]:
    """Make further apps, each on its own database file: app_factory("second")."""
    made: list[Flask] = []

    def make(name: str, **config) -> Flask:
        made.append(build_app(tmp_path / f"{name}.sqlite", questionnaire_dir, **config))
        return made[-1]

    yield make
    for app in made:
        with app.app_context():
            db.engine.dispose()


@pytest.fixture
def bare_app(tmp_path: Path, questionnaire_dir: Path) -> Iterator[Flask]:
    """An app whose database does not exist yet (for init-db and migrations)."""
    app = build_app(tmp_path / "bare.sqlite", questionnaire_dir, create=False)
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def bare_runner(bare_app: Flask) -> FlaskCliRunner:
    return bare_app.test_cli_runner()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()


@pytest.fixture
def make_trust(app: Flask) -> Callable[..., int]:
    """Build a trust with partners: make_trust("Name", [("Council", "local_authority")])."""

    def build(name: str = "Ashvale", partners=WORKED_PARTNERS, region: str | None = None) -> int:
        with app.app_context():
            trust_id = trusts.create_trust(name, region)
            for partner, kind in partners:
                trusts.add_partner(str(trust_id), partner, kind)
            return trust_id

    return build


@pytest.fixture
def make_round(app: Flask) -> Callable[..., int]:
    """Open a round: make_round(trust_id, "mini", targets={"i2": 2})."""

    def build(
        trust_id: int,
        questionnaire: str = "mini",
        name: str = "Baseline",
        targets: dict[str, int] | None = None,
    ) -> int:
        with app.app_context():
            return rounds.open_round(str(trust_id), questionnaire, name, targets)

    return build


@pytest.fixture
def import_csv(app: Flask) -> Callable[[int, str], imports.ImportSummary]:
    """Import CSV text into a round through the service."""

    def run(round_id: int, text: str) -> imports.ImportSummary:
        with app.app_context():
            return imports.import_responses(round_id, text, "answers.csv")

    return run


@pytest.fixture
def worked_round(make_trust, make_round, import_csv) -> int:
    """The worked example of docs/scoring.md, imported: returns the round id."""
    trust_id = make_trust()
    round_id = make_round(trust_id, targets={"i2": 2, "i3": 4})
    import_csv(round_id, (DATA / "worked_example.csv").read_text(encoding="utf-8"))
    return round_id


PASSWORD = "correct horse battery staple"
# Fast to check in tests; the app itself keeps Werkzeug's default (scrypt).
FAST_HASH = generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000")


@pytest.fixture(scope="session")
def hostile_strings() -> list[str]:
    """The hostile-string corpus: markup, template and SQL injection, formulas, mathtext,
    bidi overrides, emoji, right-to-left scripts, control characters."""
    return json.loads((DATA / "hostile.json").read_text(encoding="utf-8"))


@pytest.fixture
def password() -> str:
    """The password of every user made by make_user."""
    return PASSWORD


@pytest.fixture
def make_user(app: Flask) -> Callable[..., int]:
    """make_user("lead", trust_id) or make_user("respondent", trust_id, partner="Council")."""

    def build(
        role: str,
        trust_id: int | None = None,
        partner: str | None = None,
        email: str | None = None,
        name: str | None = None,
        **extra,
    ) -> int:
        with app.app_context():
            partner_id = None
            if partner is not None:
                partner_id = db.session.scalars(
                    select(Partner.pk).where(Partner.trust_id == trust_id, Partner.name == partner)
                ).one()
            count = db.session.scalar(select(func.count()).select_from(User))
            user = User(
                email=(email or f"{role}{count}@example.org").lower(),
                name=name or f"{role} {count}",
                role=role,
                password_hash=FAST_HASH,
                trust_id=trust_id,
                partner_id=partner_id,
                **extra,
            )
            db.session.add(user)
            db.session.commit()
            return user.pk

    return build


class Auth:
    """Sign in and out through the real forms, as flaskr's AuthActions does."""

    def __init__(self, app: Flask, client: FlaskClient) -> None:
        self._app, self._client = app, client

    def login(self, user_id: int, password: str = PASSWORD):
        """Password, then (administrators and advisors, or anyone who turned it on) the
        second factor through the real pages: enrolment the first time, a code after."""
        with self._app.app_context():
            email = db.session.get(User, user_id).email
        response = self._client.post("/sign-in", data={"email": email, "password": password})
        page = response.get_data(as_text=True)
        if response.status_code == 302 and "/sign-in/two-factor" in response.headers["Location"]:
            page = self._client.get(response.headers["Location"]).get_data(as_text=True)
            secret = re.search(r'id="totp-secret"[^>]*>([A-Z2-7]+)<', page).group(1)
            response = self._client.post(
                "/sign-in/two-factor", data={"code": pyotp.TOTP(secret).now()}
            )
            assert "Your recovery codes" in response.get_data(as_text=True)
            return response
        if 'name="code"' in page:
            response = self._client.post("/sign-in/code", data={"code": self._code(user_id)})
        assert response.status_code == 302, response.get_data(as_text=True)
        return response

    def _code(self, user_id: int) -> str:
        """The app's current code; a code is accepted once, so when this person's current
        step was already used (a second sign-in within 30 s) the helper stands in for the
        wait by forgetting that step."""
        with self._app.app_context():
            user = db.session.get(User, user_id)
            totp = pyotp.TOTP(user.totp_secret)
            if user.totp_last_step is not None and user.totp_last_step >= totp.timecode(
                dt.datetime.now()
            ):
                user.totp_last_step = None
                db.session.commit()
            return totp.now()

    def logout(self):
        return self._client.post("/sign-out")


@pytest.fixture
def auth(app: Flask, client: FlaskClient) -> Auth:
    return Auth(app, client)


@pytest.fixture
def six_trusts(make_trust, make_round, import_csv) -> list[tuple[int, int]]:
    """Six trusts ("Trust 0" to "Trust 5"; 0-2 North, 3-5 South), each with one partner
    that answered every statement with level 1 + k % 4: (trust id, round id) pairs."""
    ids = []
    for k in range(6):
        trust_id = make_trust(
            f"Trust {k}", [("Council", "local_authority")], region="North" if k < 3 else "South"
        )
        round_id = make_round(trust_id, name="Baseline")
        import_csv(
            round_id,
            "partner,respondent,statement,answer,evidence\n"
            + "".join(f"Council,r,q{q},{1 + k % 4},\n" for q in range(1, 6)),
        )
        ids.append((trust_id, round_id))
    return ids
