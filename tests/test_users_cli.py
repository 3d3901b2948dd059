"""The account commands: create-user, set-password, deactivate-user (issue 11), through
app.test_cli_runner(), with the same password rules as the web."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from selfassess.extensions import db
from selfassess.models import User

STRONG = "tulip granite harbour violin"


def create(runner, *args, password=STRONG, stdin=True):
    flags = ["--password-stdin"] if stdin else []
    return runner.invoke(args=["create-user", *args, *flags], input=password + "\n")


def user(app, email):
    with app.app_context():
        return db.session.scalars(select(User).where(User.email == email)).one_or_none()


def one_line_error(result):
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert result.exit_code != 0
    assert "Traceback" not in result.output
    assert len(lines) == 1, result.output
    return lines[0]


def test_first_administrator_from_the_command_line_can_sign_in(app, runner, client, auth):
    """ASVS V6.3.2: no default account is needed; the operator creates the first
    administrator with a password of their own."""
    result = create(runner, "Ada@Example.org", "--name", "Ada Admin", "--role", "admin")
    assert result.exit_code == 0, result.output
    assert "Created administrator ada@example.org" in result.output
    made = user(app, "ada@example.org")
    assert (made.role, made.name, made.active) == ("admin", "Ada Admin", True)
    assert STRONG not in made.password_hash
    auth.login(made.pk, STRONG)
    assert "Administration" in client.get("/").get_data(as_text=True)


def test_password_prompt_asks_twice_without_echo(app, runner):
    """ASVS V6.2.6: the password is never shown (no echo), and typed twice."""
    result = runner.invoke(
        args=["create-user", "b@example.org", "--name", "B", "--role", "admin"],
        input=f"{STRONG}\n{STRONG}\n",
    )
    assert result.exit_code == 0, result.output
    assert "Password:" in result.output
    assert "Repeat the password:" in result.output
    assert STRONG not in result.output
    assert user(app, "b@example.org") is not None


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("aaaaaaaaaaaa", "repeated"),
        ("123456789012", "sequence"),
        ("password1234", "too common"),
        ("short", "12 characters or more"),
        ("Ada Lovelace 1815", "your name"),
    ],
)
def test_weak_passwords_are_refused_with_a_reason(app, runner, password, reason):
    """ASVS V6.2.4, V6.2.11: common, repetitive and personal passwords are refused, with
    one plain line that says why."""
    result = create(
        runner, "ada@example.org", "--name", "Ada Lovelace", "--role", "admin", password=password
    )
    assert reason in one_line_error(result)
    assert user(app, "ada@example.org") is None


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--role", "wizard", "--name", "X"], "Invalid value for '--role'"),
        (["--role", "admin"], "Missing option '--name'"),
        (["--role", "lead", "--name", "X"], "needs --trust"),
        (["--role", "admin", "--name", "X", "--trust", "Ashvale"], "has no --trust"),
        (["--role", "lead", "--name", "X", "--trust", "Nowhere"], "Nowhere"),
        (["--role", "respondent", "--name", "X", "--trust", "Ashvale"], "needs --partner"),
        (
            ["--role", "respondent", "--name", "X", "--trust", "Ashvale", "--partner", "Zoo"],
            "no partner called 'Zoo'",
        ),
        (["--role", "admin", "--name", "X", "--all-trusts"], "advisors only"),
    ],
)
def test_bad_arguments_are_one_line_and_a_non_zero_exit(runner, make_trust, args, message):
    """ASVS V16.5.1 (no internals in errors): one line and a non-zero exit, no traceback."""
    make_trust("Ashvale")
    result = create(runner, "x@example.org", *args)
    assert message in one_line_error(result)


def test_every_role_with_its_scope(app, runner, make_trust):
    ashvale = make_trust("Ashvale")
    make_trust("Brookfield")
    assert create(runner, "l@example.org", "--name", "L", "--role", "lead", "--trust", "Ashvale")
    result = create(
        runner,
        *("r@example.org", "--name", "R", "--role", "respondent"),
        *("--trust", str(ashvale), "--partner", "council"),
    )
    assert result.exit_code == 0, result.output
    result = create(
        runner,
        *("v@example.org", "--name", "V", "--role", "advisor"),
        *("--advisor-trust", "Ashvale", "--advisor-trust", "Brookfield"),
    )
    assert result.exit_code == 0, result.output
    assert (user(app, "r@example.org").trust_id, user(app, "r@example.org").partner_id) == (
        ashvale,
        1,
    )
    with app.app_context():
        advisor = db.session.scalars(select(User).where(User.email == "v@example.org")).one()
        assert sorted(t.name for t in advisor.advised_trusts) == ["Ashvale", "Brookfield"]
    again = create(runner, "L@example.org", "--name", "L2", "--role", "admin")
    assert "already has an account" in one_line_error(again)


def test_set_password_ends_sessions_and_the_old_password(app, runner, client, make_user, auth):
    """ASVS V7.4.3: setting a new password ends every session of the person."""
    user_id = make_user("lead", email="lee@example.org")
    auth.login(user_id)
    result = runner.invoke(
        args=["set-password", "LEE@example.org", "--password-stdin"], input=STRONG + "\n"
    )
    assert result.exit_code == 0, result.output
    assert client.get("/account/").status_code == 302  # signed out
    old = client.post("/sign-in", data={"email": "lee@example.org", "password": "x" * 12})
    assert old.status_code == 200
    auth.login(user_id, STRONG)
    weak = runner.invoke(args=["set-password", "lee@example.org", "--password-stdin"], input="a\n")
    assert "12 characters" in one_line_error(weak)
    unknown = runner.invoke(
        args=["set-password", "who@example.org", "--password-stdin"], input=STRONG + "\n"
    )
    assert "no account for who@example.org" in one_line_error(unknown)


def test_deactivate_user_signs_them_out_at_once(app, runner, client, make_user, auth, password):
    """ASVS V7.4.2: disabling an account ends its sessions."""
    user_id = make_user("lead", email="lee@example.org")
    auth.login(user_id)
    result = runner.invoke(args=["deactivate-user", "lee@example.org"])
    assert result.exit_code == 0, result.output
    assert client.get("/account/").status_code == 302
    again = client.post("/sign-in", data={"email": "lee@example.org", "password": password})
    assert again.status_code == 200
    assert "no account" in one_line_error(runner.invoke(args=["deactivate-user", "x@y.org"]))


def test_without_a_database_the_error_is_one_line(bare_runner):
    result = bare_runner.invoke(
        args=["create-user", "a@example.org", "--name", "A", "--role", "admin", "--password-stdin"],
        input=STRONG + "\n",
    )
    assert "run init-db first" in one_line_error(result)
