"""Commands for the people who run the service: the audit trail, backups, restores and
retention."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import click
from flask.cli import with_appcontext

from selfassess.cli.errors import reported
from selfassess.policy import SYSTEM
from selfassess.services import audit, backup, retention


@click.command("audit-log")
@click.option("--since", type=click.DateTime(formats=["%Y-%m-%d"]), help="First day (UTC).")
@click.option("--event", type=click.Choice(audit.EVENTS), help="Only this event.")
@click.option("--format", "output", type=click.Choice(["json", "text"]), default="text")
@with_appcontext
@reported
def audit_log(since: dt.datetime | None, event: str | None, output: str) -> None:
    """Print the audit trail, oldest first (json: one object a line)."""
    filters = audit.AuditFilter(event=event, since=since.date() if since else None)
    for row in audit.export(SYSTEM, filters):
        if output == "json":
            click.echo(json.dumps(row, ensure_ascii=False))
        else:
            click.echo(
                f"{row['at']} {row['event']} user={row['user'] or '-'} trust={row['trust'] or '-'}"
                f" ip={row['ip'] or '-'} target={row['target'] or '-'} {row['detail'] or ''}"
            )


@click.command("backup")
@click.argument("destination", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
@reported
def backup_command(destination: Path) -> None:
    """Write a consistent copy of the database to DESTINATION while people keep working."""
    how = backup.backup(destination)
    click.echo(f"Backup written to {destination} ({how}).")


@click.command("restore")
@click.argument("source", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Replace a database that already holds data.")
@with_appcontext
@reported
def restore_command(source: Path, force: bool) -> None:
    """Put a backup made by `backup` back into this database."""
    how = backup.restore(source, force)
    click.echo(f"Database {how}: {source}.")


@click.command("retention")
@click.option("--dry-run", is_flag=True, help="Say what would be done; change nothing.")
@with_appcontext
@reported
def retention_command(dry_run: bool) -> None:
    """Enforce the retention periods (docs/data-protection.md): anonymise answers and notes
    of rounds closed longer ago than the period, delete old sign-in sessions and audit
    records. Run daily (cron, or the job queue)."""
    report = retention.run_retention(SYSTEM, dry_run=dry_run)
    verb = "Would anonymise" if dry_run else "Anonymised"
    click.echo(
        f"{verb} {report.responses_anonymised} responses and blanked "
        f"{report.notes_blanked} evidence notes; "
        f"{'would delete' if dry_run else 'deleted'} {report.sessions_deleted} sign-in "
        f"sessions and {report.audit_deleted} audit records."
    )
