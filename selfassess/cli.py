"""Command line: parse arguments, call a service, echo. ``flask --app selfassess --help``."""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext
from flask_migrate import upgrade

from selfassess import exports
from selfassess.domain import Questionnaire, QuestionnaireError, load_questionnaire
from selfassess.domain.organisation import PARTNER_TYPES
from selfassess.services import (
    Invalid,
    ServiceError,
    demo,
    imports,
    results,
    rounds,
    trusts,
)
from selfassess.services import questionnaires as questionnaire_service

F = TypeVar("F", bound=Callable[..., Any])


def reported(command: F) -> F:
    """Turn service errors into one line each on stderr and exit status 1, never a traceback."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except Invalid as exc:
            for line in exc.errors[:-1]:
                click.echo(line, err=True)
            raise click.ClickException(exc.errors[-1]) from exc
        except (ServiceError, QuestionnaireError) as exc:
            raise click.ClickException(str(exc)) from exc

    return wrapper  # type: ignore[return-value]


@click.command("init-db")
@with_appcontext
@reported
def init_db() -> None:
    """Create or upgrade the schema, then load or refresh the questionnaires."""
    upgrade()
    directory = Path(current_app.config["QUESTIONNAIRE_DIR"])
    for result in questionnaire_service.sync(directory):
        state = "new version" if result.created else "unchanged"
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
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@reported
def show(slug: str, fmt: str) -> None:
    """Show the current version of a questionnaire."""
    questionnaire = questionnaire_service.current(slug)
    if fmt == "json":
        click.echo(json.dumps(_show_dict(questionnaire), indent=2, ensure_ascii=False))
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


def _show_dict(questionnaire: Questionnaire) -> dict[str, Any]:
    full = questionnaire.to_dict()
    for section in full["sections"]:
        for item in section["items"]:
            del item["summary"], item["descriptors"]
            if not item["stages"]:
                del item["stages"]
    return {
        "id": full["id"],
        "version": full["version"],
        "title": full["title"],
        "sections": full["sections"],
    }


@click.command("create-trust")
@with_appcontext
@click.argument("name")
@click.option("--region", help="Region of England, for comparisons.")
@reported
def create_trust(name: str, region: str | None) -> None:
    """Create a Children's Trust."""
    trust_id = trusts.create_trust(name, region)
    click.echo(f"Created trust {trust_id}: {name}")


@click.command("add-partner")
@with_appcontext
@click.argument("trust")
@click.argument("name")
@click.option(
    "--type",
    "partner_type",
    required=True,
    type=click.Choice(list(PARTNER_TYPES)),
    help="Kind of organisation.",
)
@reported
def add_partner(trust: str, name: str, partner_type: str) -> None:
    """Add a partner organisation to TRUST (its name or id)."""
    partner_id = trusts.add_partner(trust, name, partner_type)
    click.echo(f"Added partner {partner_id}: {name}")


def _parse_targets(values: tuple[str, ...]) -> dict[str, int]:
    targets: dict[str, int] = {}
    for value in values:
        item, _, level = value.partition("=")
        if not item or not level.strip().isdigit():
            raise click.BadParameter(f"'{value}' is not ITEM=LEVEL", param_hint="--target")
        targets[item.strip()] = int(level)
    return targets


@click.command("open-round")
@with_appcontext
@click.argument("trust")
@click.option("--questionnaire", "questionnaire", required=True, help="wcc, csp or jcp.")
@click.option("--name", required=True, help="Name of the round, e.g. 'Baseline 2009'.")
@click.option(
    "--target",
    "target",
    multiple=True,
    metavar="ITEM=LEVEL",
    help="Target level for an item (default 3); repeat for more items.",
)
@click.option("--closes", type=click.DateTime(["%Y-%m-%d"]), help="Closing date.")
@reported
def open_round(
    trust: str,
    questionnaire: str,
    name: str,
    target: tuple[str, ...],
    closes: dt.datetime | None,
) -> None:
    """Open an assessment round for TRUST; prints the round id on the last line."""
    round_id = rounds.open_round(
        trust,
        questionnaire,
        name,
        _parse_targets(target),
        closes_on=closes.date() if closes else None,
    )
    click.echo(f"Opened round '{name}' on {questionnaire}.")
    click.echo(str(round_id))


@click.command("close-round")
@with_appcontext
@click.argument("round_id", type=int)
@reported
def close_round(round_id: int) -> None:
    """Close a round: no more answers are accepted."""
    rounds.close_round(round_id)
    click.echo(f"Closed round {round_id}.")


@click.command("reopen-round")
@with_appcontext
@click.argument("round_id", type=int)
@reported
def reopen_round(round_id: int) -> None:
    """Reopen a closed round."""
    rounds.reopen_round(round_id)
    click.echo(f"Reopened round {round_id}.")


@click.command("import-responses")
@with_appcontext
@click.argument("round_id", type=int)
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@reported
def import_responses(round_id: int, file: Path) -> None:
    """Import submitted responses from a CSV (partner,respondent,statement,answer,evidence)."""
    try:
        text = file.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise click.ClickException(f"{file}: not UTF-8 text ({exc.reason})") from exc
    summary = imports.import_responses(round_id, text, str(file))
    click.echo(
        f"Imported {summary.answers} answers in {summary.responses} responses "
        f"({summary.replaced} replaced)."
    )


@click.command("export-results")
@with_appcontext
@click.argument("round_id", type=int)
@click.option("--format", "fmt", type=click.Choice(["json", "csv"]), default="json")
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to this file instead of standard output.",
)
@reported
def export_results(round_id: int, fmt: str, output: Path | None) -> None:
    """Export every figure of a round (see docs/scoring.md for the method)."""
    result = results.round_results(round_id)
    text = (
        json.dumps(exports.results_to_dict(result), indent=2, ensure_ascii=False)
        if fmt == "json"
        else exports.results_to_csv(result)
    )
    if output:
        output.write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=fmt == "json")


@click.command("trusts")
@with_appcontext
@reported
def list_trusts() -> None:
    """List trusts with their rounds."""
    for trust in trusts.list_trusts():
        click.echo(
            f"{trust.trust_id}\t{trust.name}\t{trust.region or '-'}\t{trust.partners} partners"
        )
        for round_id, name, questionnaire, status in trust.rounds:
            click.echo(f"\tround {round_id}\t{name}\t{questionnaire}\t{status}")


@click.command("seed-demo")
@with_appcontext
@click.option("--trusts", "count", type=int, default=3, show_default=True)
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


def init_app(app: Flask) -> None:
    """Register every command on the app."""
    for command in (
        init_db,
        questionnaires,
        create_trust,
        add_partner,
        open_round,
        close_round,
        reopen_round,
        import_responses,
        export_results,
        list_trusts,
        seed_demo,
    ):
        app.cli.add_command(command)
