"""Commands for accounts: create the first administrator (or anyone), set a password,
deactivate. Passwords come from standard input (one line) or a prompt that does not echo,
never from an argument, which would stay in the shell history and the process list."""

from __future__ import annotations

import sys

import click
from flask.cli import with_appcontext
from sqlalchemy.exc import DBAPIError

from selfassess.cli.errors import reported
from selfassess.domain.organisation import ROLES
from selfassess.services import accounts, notices, totp, users


class OneLine(click.Command):
    """A command whose argument errors are one line (no usage block) and exit status 2."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except click.UsageError as exc:
            # Without a context click prints "Error: ..." alone, not the usage and a hint.
            raise click.UsageError(exc.format_message()) from None

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except DBAPIError as exc:  # e.g. no tables yet: still one line, no traceback
            raise click.ClickException(
                f"the database is not ready (run init-db first): {type(exc.orig).__name__}"
            ) from None


def _password(from_stdin: bool) -> str:
    if from_stdin:
        line = sys.stdin.readline()
        if not line:
            raise click.ClickException("no password on standard input")
        return line.rstrip("\r\n")
    return str(click.prompt("Password", hide_input=True, confirmation_prompt="Repeat the password"))


@click.command("create-user", cls=OneLine)
@with_appcontext
@click.argument("email")
@click.option("--name", required=True, help="The person's name.")
@click.option("--role", required=True, type=click.Choice([str(r) for r in ROLES]))
@click.option("--trust", help="Trust (name or id) of a lead, board member or respondent.")
@click.option("--partner", help="Partner organisation a respondent answers for.")
@click.option("--advisor-trust", "advised", multiple=True, help="A trust an advisor supports.")
@click.option("--all-trusts", is_flag=True, help="An advisor who supports every trust.")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@reported
def create_user(
    email: str,
    name: str,
    role: str,
    trust: str | None,
    partner: str | None,
    advised: tuple[str, ...],
    all_trusts: bool,
    password_stdin: bool,
) -> None:
    """Create an account for EMAIL (e.g. the first administrator)."""
    password = _password(password_stdin)
    user = users.create_user(email, name, role, password, trust, partner, advised, all_trusts)
    click.echo(f"Created {ROLES[user.role].lower()} {user.email} (account {user.pk}).")


@click.command("set-password", cls=OneLine)
@with_appcontext
@click.argument("email")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@reported
def set_password(email: str, password_stdin: bool) -> None:
    """Set the password of EMAIL; every session of that person ends."""
    user = accounts.set_password(email, _password(password_stdin))
    click.echo(f"Password set for {user.email}; their sessions have ended.")


@click.command("deactivate-user", cls=OneLine)
@with_appcontext
@click.argument("email")
@reported
def deactivate_user(email: str) -> None:
    """Stop EMAIL signing in; their sessions end at once."""
    user = accounts.deactivate(email)
    click.echo(f"Deactivated {user.email}.")


@click.command("reset-two-factor", cls=OneLine)
@with_appcontext
@click.argument("email")
@reported
def reset_two_factor(email: str) -> None:
    """Remove EMAIL's second factor (a lost phone): they set it up again at next sign-in."""
    address = totp.reset_by_email(email)
    sent = notices.two_factor_reset(address)
    click.echo(f"Two-factor sign-in reset for {address}; sessions ended; e-mailed: {sent}.")
