"""Commands that set up an installation: schema, questionnaire files, demo data."""

from __future__ import annotations

import json
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup, with_appcontext
from flask_migrate import upgrade

from selfassess.cli.errors import reported
from selfassess.domain import (
    Questionnaire,
    QuestionnaireError,
    dump_questionnaire,
    load_questionnaire,
)
from selfassess.services import demo
from selfassess.services import questionnaires as questionnaire_service


@click.command("init-db")
@with_appcontext
@reported
def init_db() -> None:
    """Create or upgrade the schema, then load or refresh the questionnaires."""
    upgrade()
    directory = Path(current_app.config["QUESTIONNAIRE_DIR"])
    for result in questionnaire_service.sync(directory):
        state = "new version" if result.created else "unchanged"
        if not result.current:
            state += ", not current (an uploaded version is current)"
        click.echo(f"{result.slug}: version {result.version} ({state})")
    click.echo("Database ready.")


@click.group("questionnaires", cls=AppGroup)
def questionnaires() -> None:
    """Check and show questionnaire definitions."""


def _summary(path: Path, questionnaire: Questionnaire) -> str:
    statements = sum(1 for _ in questionnaire.statements())
    return (
        f"{path}: ok: {questionnaire.slug} version {questionnaire.version}, "
        f"{len(questionnaire.sections)} section(s), {len(questionnaire.items)} items, "
        f"{statements} statements"
    )


@questionnaires.command("check")
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
def check(files: tuple[Path, ...]) -> None:
    """Validate definition files (default: every shipped file). Needs no database."""
    directory = Path(current_app.config["QUESTIONNAIRE_DIR"])
    paths = list(files) or questionnaire_service.shipped_files(directory)
    failed = False
    for path in paths:
        try:
            click.echo(_summary(path, load_questionnaire(path)))
        except QuestionnaireError as exc:
            failed = True
            for line in exc.errors:
                click.echo(line, err=True)
    if failed:
        raise click.exceptions.Exit(1)


@questionnaires.command("show")
@click.argument("slug", metavar="ID")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "yaml"]), default="text")
@reported
def show(slug: str, fmt: str) -> None:
    """Show the current version of a questionnaire. ``--format yaml`` writes a definition
    file that loads as the same version; ``json`` is the same content with its version."""
    questionnaire = questionnaire_service.current(slug)
    if fmt == "yaml":
        click.echo(dump_questionnaire(questionnaire), nl=False)
        return
    if fmt == "json":
        full = {"version": questionnaire.version, **questionnaire.definition()}
        click.echo(json.dumps(full, indent=2, ensure_ascii=False))
        return
    click.echo(f"{questionnaire.slug} version {questionnaire.version}: {questionnaire.title}")
    for section in questionnaire.sections:
        click.echo(f"\n{section.slug}: {section.title}")
        for item in section.items:
            stages = f"; stages {', '.join(item.stages)}" if item.stages else ""
            click.echo(
                f"  {item.slug}: {item.title} (phases "
                f"{', '.join(map(str, item.phases))}{stages}; source "
                f"{item.source.document} {item.source.section})"
            )
            for statement in item.statements:
                click.echo(f"    {statement.slug}: {statement.text}")


@click.command("seed-demo")
@with_appcontext
@click.option("--trusts", "count", type=int, default=6, show_default=True)
@click.option("--seed", type=int, default=2009, show_default=True)
@click.option("--questionnaire", default="csp", show_default=True)
@click.option("--partners", type=int, help="Partners per trust (default: 4 to 10).")
@click.option("--respondents", type=int, help="Respondents per partner (default: 2 to 5).")
@reported
def seed_demo(
    count: int,
    seed: int,
    questionnaire: str,
    partners: int | None,
    respondents: int | None,
) -> None:
    """Create reproducible demo data and print the demo logins."""
    summary = demo.seed_demo(count, seed, questionnaire, partners, respondents)
    if summary.trusts:
        click.echo(
            f"Created {summary.trusts} trusts, {summary.rounds} rounds, {summary.answers} answers."
        )
    else:
        click.echo("Demo data already present.")
    click.echo(f"Demo logins (password for all: {demo.DEMO_PASSWORD}):")
    for login in summary.logins:
        click.echo(f"  {login.role:<11} {login.email}")
    click.echo(
        "The admin and advisor logins set up two-factor sign-in at first sign-in: add the key\n"
        "shown to an authenticator app, or print a code with (see README, Demo):\n"
        "  .venv/bin/python -c 'import pyotp,sys; print(pyotp.TOTP(sys.argv[1]).now())' KEY"
    )
