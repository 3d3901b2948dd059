"""Two-factor sign-in (ASVS V6.3.3, V6.5, V6.6): required of administrators and advisors,
offered to everyone else; enrolment, codes, recovery codes, replay, an administrator's reset."""

from __future__ import annotations

import re
import time

import pyotp
import pytest
from mailserver import smtp_server
from sqlalchemy import select

from selfassess.extensions import db
from selfassess.models import User
from selfassess.models.accounts import RecoveryCode
from selfassess.services import invitations
from selfassess.services.accounts import actor_of


def sign_in(client, email, password):
    return client.post("/sign-in", data={"email": email, "password": password})


def enrol(client) -> tuple[str, list[str]]:
    """Go through the enrolment page; returns the key and the recovery codes shown."""
    page = client.get("/sign-in/two-factor").get_data(as_text=True)
    secret = re.search(r'id="totp-secret"[^>]*>([A-Z2-7]+)<', page).group(1)
    shown = client.post("/sign-in/two-factor", data={"code": pyotp.TOTP(secret).now()})
    codes = re.findall(r"<li><code>([a-z2-9-]+)</code></li>", shown.get_data(as_text=True))
    return secret, codes


def forget_step(app, user_id):
    """Stand in for waiting 30 s: the code of the current step was already used."""
    with app.app_context():
        db.session.get(User, user_id).totp_last_step = None
        db.session.commit()


@pytest.fixture
def ada(make_user):
    return make_user("admin", email="ada@example.org", name="Ada Admin")


def test_an_administrator_enrols_at_first_sign_in(app, client, ada, password):
    """ASVS V6.3.3: administrators must use a second factor; enrolment is at first sign-in,
    with a QR code (inline SVG) and the key as text; ten recovery codes, stored hashed."""
    step = sign_in(client, "ada@example.org", password)
    assert step.headers["Location"] == "/sign-in/two-factor"
    assert client.get("/admin/").status_code == 302  # not signed in yet
    page = client.get("/sign-in/two-factor").get_data(as_text=True)
    assert "<svg" in page
    assert 'id="totp-secret"' in page
    wrong = client.post("/sign-in/two-factor", data={"code": "000000"})
    assert wrong.status_code == 400
    secret, codes = enrol(client)
    assert len(codes) == len(set(codes)) == 10
    assert client.get("/admin/").status_code == 200
    with app.app_context():
        stored = db.session.scalars(select(RecoveryCode.code_hash)).all()
        user = db.session.get(User, ada)
    assert len(stored) == 10
    assert not any(c in h or c.replace("-", "") in h for c in codes for h in stored)
    assert user.totp_secret == secret
    assert user.totp_confirmed_at is not None


def test_later_sign_ins_ask_for_a_code_and_a_code_is_used_once(app, client, ada, password):
    """ASVS V6.5.1: a time-based code is accepted once: replayed within its window it fails."""
    sign_in(client, "ada@example.org", password)
    secret, _ = enrol(client)
    client.post("/sign-out")
    forget_step(app, ada)
    asked = sign_in(client, "ada@example.org", password)
    assert asked.status_code == 200
    assert 'name="code"' in asked.get_data(as_text=True)
    assert client.get("/admin/").status_code == 302
    code = pyotp.TOTP(secret).now()
    assert client.post("/sign-in/code", data={"code": "123456"}).status_code == 200
    assert client.post("/sign-in/code", data={"code": code}).status_code == 302
    client.post("/sign-out")
    sign_in(client, "ada@example.org", password)
    replay = client.post("/sign-in/code", data={"code": code})
    assert replay.status_code == 200
    assert "Enter a correct code" in replay.get_data(as_text=True)


def test_a_recovery_code_works_once(app, client, ada, password):
    """ASVS V6.5.1, V6.5.2: recovery codes are single use and stored hashed."""
    sign_in(client, "ada@example.org", password)
    _, codes = enrol(client)
    client.post("/sign-out")
    sign_in(client, "ada@example.org", password)
    assert client.post("/sign-in/code", data={"code": codes[3].upper()}).status_code == 302
    client.post("/sign-out")
    sign_in(client, "ada@example.org", password)
    assert client.post("/sign-in/code", data={"code": codes[3]}).status_code == 200


def test_wrong_codes_send_the_person_back_to_the_password(client, ada, password):
    """ASVS V6.3.1: guessing codes is bounded: after five wrong codes the password is
    needed again (and those attempts count on the account's throttle)."""
    sign_in(client, "ada@example.org", password)
    enrol(client)
    client.post("/sign-out")
    sign_in(client, "ada@example.org", password)
    for _ in range(5):
        client.post("/sign-in/code", data={"code": "000000"})
    assert client.post("/sign-in/code", data={"code": "000000"}).headers["Location"] == "/sign-in"


def test_a_pending_sign_in_expires(client, ada, password, monkeypatch):
    """ASVS V6.5.5: the half-signed-in state after the password lasts ten minutes."""
    sign_in(client, "ada@example.org", password)
    enrol(client)
    client.post("/sign-out")
    sign_in(client, "ada@example.org", password)
    later = time.time() + 601
    monkeypatch.setattr("selfassess.web.signin.time.time", lambda: later)
    assert client.post("/sign-in/code", data={"code": "000000"}).status_code == 302


def test_others_are_offered_two_factor_from_their_account(app, client, make_user, auth, password):
    """ASVS V6.3.3: offered to every role; once on, it is asked for at sign-in."""
    lee = make_user("lead", email="lee@example.org")
    auth.login(lee)
    page = client.get("/account/").get_data(as_text=True)
    assert "Turn on two-factor sign-in" in page
    setup = client.get("/account/two-factor").get_data(as_text=True)
    secret = re.search(r'id="totp-secret"[^>]*>([A-Z2-7]+)<', setup).group(1)
    shown = client.post("/account/two-factor", data={"code": pyotp.TOTP(secret).now()})
    assert "Your recovery codes" in shown.get_data(as_text=True)
    assert "10 unused recovery code(s)" in client.get("/account/").get_data(as_text=True)
    client.post("/sign-out")
    forget_step(app, lee)
    assert 'name="code"' in sign_in(client, "lee@example.org", password).get_data(as_text=True)
    auth.login(lee)  # the helper answers with a code from the app


def test_an_administrator_resets_a_lost_second_factor(app, client, make_user, auth, caplog):
    """ASVS V6.4.4 (lost factor): an administrator's reset is audited, ends the person's
    sessions, and the person enrols again at their next sign-in."""
    advisor = make_user("advisor", email="val@example.org")
    ada = make_user("admin", email="ada@example.org")
    val_client = app.test_client()
    type(auth)(app, val_client).login(advisor)  # enrols
    auth.login(ada)
    caplog.set_level("INFO")
    with smtp_server() as (inbox, port):
        app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port)
        assert client.post(f"/account/people/{advisor}/two-factor/reset").status_code == 302
    (notice,) = inbox.messages
    assert notice["To"] == "val@example.org"  # ASVS V6.3.7: told of the change
    assert any("event=two_factor_reset" in r.getMessage() for r in caplog.records)
    assert val_client.get("/account/").status_code == 302  # signed out
    with app.app_context():
        assert db.session.get(User, advisor).totp_secret is None
        assert (
            db.session.scalars(select(RecoveryCode).where(RecoveryCode.user_id == advisor)).all()
            == []
        )
    type(auth)(app, val_client).login(advisor)  # enrols again


def test_only_administrators_reset_a_second_factor(client, make_user, auth):
    """ASVS V8.2.1 (function-level access): a lead cannot remove anyone's second factor."""
    lee = make_user("lead", email="lee@example.org")
    other = make_user("admin", email="ada@example.org")
    auth.login(lee)
    assert client.post(f"/account/people/{other}/two-factor/reset").status_code == 403


def test_reset_two_factor_from_the_command_line(app, runner, make_user):
    """ASVS V6.4.4: the operator can restore access when the only administrator lost it."""
    ada = make_user("admin", email="ada@example.org")
    with app.app_context():
        db.session.get(User, ada).totp_secret = "JBSWY3DPEHPK3PXP"
        db.session.commit()
    result = runner.invoke(args=["reset-two-factor", "ADA@example.org"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert db.session.get(User, ada).totp_secret is None
    assert runner.invoke(args=["reset-two-factor", "who@example.org"]).exit_code == 1


def test_an_invited_advisor_enrols_on_accepting(app, client, make_user):
    """ASVS V6.3.3: an advisor's account is never used without its second factor."""
    ada = make_user("admin", email="ada@example.org")
    with app.app_context():
        token = invitations.invite(
            actor_of(db.session.get(User, ada)), None, "advisor", "Val", "val@example.org"
        )
    strong = "juniper canal tortoise lantern"
    done = client.post(
        f"/invitations/{token}", data={"name": "Val", "password": strong, "confirm": strong}
    )
    assert done.headers["Location"] == "/sign-in/two-factor"
    assert client.get("/compare/").status_code in (302, 404)
    _, codes = enrol(client)
    assert len(codes) == 10
