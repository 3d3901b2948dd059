"""`send-reminders`: the lead's reminder for a scheduler (cron), acting as the command line."""

from __future__ import annotations

import click
from flask import current_app, url_for
from flask.cli import with_appcontext

from selfassess import clock
from selfassess.cli.errors import reported
from selfassess.policy import SYSTEM
from selfassess.services import reminders


def answer_link() -> str:
    """The respondents' page under the configured BASE_URL (never a request's host)."""
    with current_app.test_request_context():
        path = url_for("assess.dashboard")
    return str(current_app.config["BASE_URL"]).rstrip("/") + path


@click.command("send-reminders")
@with_appcontext
@click.argument("round_id", type=int, required=False)
@click.option("--due", is_flag=True, help="Every open round closing in 7 or 2 days (UK date).")
@click.option("--dry-run", is_flag=True, help="List who would be reminded; send nothing.")
@reported
def send_reminders(round_id: int | None, due: bool, dry_run: bool) -> None:
    """Remind everyone invited or active for ROUND_ID who has not submitted (nobody twice
    in one day); with --due, every round that is due a reminder today."""
    if (round_id is None) == (not due):
        raise click.UsageError("Give either ROUND_ID or --due")
    ids = reminders.due_rounds(clock.uk_today()) if due else [round_id]
    if due and not ids:
        click.echo("No round is due a reminder today.")
    link = answer_link()
    for number in ids:
        outcome = reminders.send(SYSTEM, int(number or 0), link, dry_run=dry_run)
        verb = "would remind" if dry_run else "reminded"
        click.echo(f"Round {number}: {verb} {len(outcome.sent)}")
        for email in outcome.sent:
            click.echo(f"  {email}")
        if outcome.not_sent:
            click.echo(f"  not e-mailed (mail not set up or failed): {', '.join(outcome.not_sent)}")
        if outcome.skipped:
            click.echo(f"  already reminded today: {', '.join(outcome.skipped)}")
