"""Fixtures: a fresh app and database per test, clients, and builders of test data."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pyotp
import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import Engine, create_engine, func, make_url, select, text
from sqlalchemy.pool import NullPool
from werkzeug.security import generate_password_hash

from selfassess import create_app
from selfassess.extensions import db
from selfassess.models import Partner, User
from selfassess.policy import SYSTEM
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


ENGINE = os.environ.get("SELFASSESS_TEST_ENGINE", "sqlite")


def pytest_configure(config) -> None:
    config.addinivalue_line("markers", "sqlite_only(why): meaningful on SQLite only (says why)")
    config.addinivalue_line("markers", "postgresql_only(why): meaningful on PostgreSQL only")
    if ENGINE not in ("sqlite", "postgresql"):
        raise pytest.UsageError(f"SELFASSESS_TEST_ENGINE={ENGINE}: use sqlite or postgresql")
    if ENGINE == "postgresql" and not os.environ.get("SELFASSESS_TEST_DATABASE_URL"):
        raise pytest.UsageError(
            "SELFASSESS_TEST_DATABASE_URL is not set: run the suite with `make test`, "
            "which starts a throwaway PostgreSQL (scripts/pg_up.sh)"
        )


def pytest_collection_modifyitems(items) -> None:
    """A test that only makes sense on the other engine is skipped, saying why."""
    other = "postgresql_only" if ENGINE == "sqlite" else "sqlite_only"
    for item in items:
        marker = item.get_closest_marker(other)
        if marker:
            why = marker.args[0] if marker.args else ""
            item.add_marker(pytest.mark.skip(reason=f"{other.replace('_', ' ')}: {why}"))


class Databases:
    """Fresh, empty databases for one test on the engine under test; dropped afterwards."""

    def __init__(self, folder: Path) -> None:
        self._folder, self._made = folder, []

    def url(self, name: str) -> str:
        if ENGINE == "sqlite":
            return f"sqlite:///{self._folder / f'{name}.sqlite'}"
        admin = make_url(os.environ["SELFASSESS_TEST_DATABASE_URL"])
        database = f"t_{uuid.uuid4().hex[:16]}"
        with _admin_engine().connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{database}"'))
        self._made.append(database)
        return admin.set(database=database).render_as_string(hide_password=False)

    def drop(self) -> None:
        for database in self._made:
            with _admin_engine().connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))


_ADMIN: list[Engine] = []


def _admin_engine() -> Engine:
    if not _ADMIN:
        url = os.environ["SELFASSESS_TEST_DATABASE_URL"]
        _ADMIN.append(create_engine(url, isolation_level="AUTOCOMMIT", poolclass=NullPool))
    return _ADMIN[0]


@pytest.fixture
def databases(tmp_path: Path) -> Iterator[Databases]:
    made = Databases(tmp_path)
    yield made
    made.drop()


def build_app(url: str, questionnaires: Path, create: bool = True, **config) -> Flask:
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test",
            "SQLALCHEMY_DATABASE_URI": url,
            "WTF_CSRF_ENABLED": False,
            "BASE_URL": "https://selfassess.example.org",
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
def app(databases: Databases, questionnaire_dir: Path) -> Iterator[Flask]:
    """A fresh app on a fresh database of the engine under test (SQLite: a file, so locking
    is real; PostgreSQL: a new database on the throwaway cluster)."""
    app = build_app(databases.url("test"), questionnaire_dir)
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def app_factory(databases: Databases, questionnaire_dir: Path) -> Iterator[Callable[..., Flask]]:
    """Make further apps, each on its own database file: app_factory("second")."""
    made: list[Flask] = []

    def make(name: str, **config) -> Flask:
        made.append(build_app(databases.url(name), questionnaire_dir, **config))
        return made[-1]

    yield make
    for app in made:
        with app.app_context():
            db.engine.dispose()


@pytest.fixture
def bare_app(databases: Databases, questionnaire_dir: Path) -> Iterator[Flask]:
    """An app whose database is empty (for init-db and migrations)."""
    app = build_app(databases.url("bare"), questionnaire_dir, create=False)
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
            return rounds.open_round(SYSTEM, str(trust_id), questionnaire, name, targets)

    return build


@pytest.fixture
def import_csv(app: Flask) -> Callable[[int, str], imports.ImportSummary]:
    """Import CSV text into a round through the service."""

    def run(round_id: int, text: str) -> imports.ImportSummary:
        with app.app_context():
            return imports.import_responses(SYSTEM, round_id, text, "answers.csv")

    return run


@pytest.fixture
def item_rated(app: Flask, questionnaire_dir: Path) -> str:
    """The item-rated example questionnaire (docs/scoring.md §1) stored as a version beside
    the others: returns its slug, for make_round(trust_id, item_rated)."""
    example = DATA / "questionnaires" / "item_rated.yaml"
    (questionnaire_dir / example.name).write_text(example.read_text(encoding="utf-8"), "utf-8")
    with app.app_context():
        questionnaire_service.sync(questionnaire_dir)
    return "itemrated"


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
