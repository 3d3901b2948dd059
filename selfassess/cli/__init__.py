"""Command line: parse arguments, call a service, echo. ``flask --app selfassess --help``."""

from __future__ import annotations

from flask import Flask

from selfassess.cli import operations, reminders, rounds, setup, users, worker

COMMANDS = (
    setup.init_db,
    setup.questionnaires,
    setup.seed_demo,
    rounds.create_trust,
    rounds.add_partner,
    rounds.open_round,
    rounds.close_round,
    rounds.reopen_round,
    rounds.import_responses,
    rounds.export_results,
    rounds.export_tallies,
    rounds.list_trusts,
    rounds.report,
    rounds.compare,
    reminders.send_reminders,
    operations.audit_log,
    operations.backup_command,
    operations.restore_command,
    operations.retention_command,
    users.create_user,
    users.set_password,
    users.deactivate_user,
    users.reset_two_factor,
    worker.worker,
    worker.queue_status,
)


def init_app(app: Flask) -> None:
    """Register every command on the app."""
    for command in COMMANDS:
        app.cli.add_command(command)
