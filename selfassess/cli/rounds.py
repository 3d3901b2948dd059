"""Commands for trusts, partners, rounds, and the import and export of answers and results."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import click
from flask.cli import with_appcontext

from selfassess import clock, exports
from selfassess.cli.errors import reported
from selfassess.domain.organisation import PARTNER_TYPES
from selfassess.exports import comparison as compare_exports
from selfassess.policy import SYSTEM
from selfassess.report import board
from selfassess.services import compare as compare_service
from selfassess.services import imports, reports, rounds, tallies, trusts

# Whoever runs a command has the database: they act as an administrator who sees every trust.


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
@click.option(
    "--carry-forward",
    is_flag=True,
    help="Start from each respondent's answers to the trust's last round (docs/scoring.md §10).",
)
@reported
def open_round(
    trust: str,
    questionnaire: str,
    name: str,
    target: tuple[str, ...],
    closes: dt.datetime | None,
    carry_forward: bool,
) -> None:
    """Open an assessment round for TRUST; prints the round id on the last line."""
    round_id = rounds.open_round(
        SYSTEM,
        trust,
        questionnaire,
        name,
        _parse_targets(target),
        closes_on=closes.date() if closes else None,
        carry_forward=carry_forward,
    )
    click.echo(f"Opened round '{name}' on {questionnaire}.")
    click.echo(str(round_id))


@click.command("close-round")
@with_appcontext
@click.argument("round_id", type=int)
@reported
def close_round(round_id: int) -> None:
    """Close a round: no more answers are accepted."""
    rounds.close_round(SYSTEM, round_id)
    click.echo(f"Closed round {round_id}.")


@click.command("reopen-round")
@with_appcontext
@click.argument("round_id", type=int)
@reported
def reopen_round(round_id: int) -> None:
    """Reopen a closed round."""
    rounds.reopen_round(SYSTEM, round_id)
    click.echo(f"Reopened round {round_id}.")


@click.command("import-responses")
@with_appcontext
@click.argument("round_id", type=int)
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@reported
def import_responses(round_id: int, file: Path) -> None:
    """Import submitted responses from a CSV (partner,respondent,statement,answer,evidence)."""
    try:
        data = file.read_bytes()
    except OSError as exc:
        raise click.ClickException(f"{file}: cannot read the file ({exc.strerror})") from exc
    # The service detects the encoding (UTF-8 with or without BOM, UTF-16, Windows-1252).
    summary = imports.import_responses(SYSTEM, round_id, data, str(file))
    click.echo(
        f"Imported {summary.answers} answers in {summary.responses} responses "
        f"({summary.replaced} replaced)."
    )
    for line in summary.report():
        click.echo(line)


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
    result = reports.round_report(SYSTEM, round_id)
    text = (
        json.dumps(exports.report_to_dict(result, now=clock.now()), indent=2, ensure_ascii=False)
        if fmt == "json"
        else exports.csv_file(exports.report_to_csv(result))
    )
    _write(text, output, newline=fmt == "json")


@click.command("export-tallies")
@with_appcontext
@click.argument("round_id", type=int)
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to this file instead of standard output.",
)
@reported
def export_tallies(round_id: int, output: Path | None) -> None:
    """Export the answers of a round counted per partner and statement (docs/scoring.md §7):
    partner,statement,n1,n2,n3,n4,dk,na."""
    text = exports.csv_file(exports.tallies_to_csv(tallies.round_tallies(SYSTEM, round_id)))
    _write(text, output, newline=False)


def _write(text: str, output: Path | None, newline: bool) -> None:
    """To the file if one is given (UTF-8, as is), else to standard output."""
    if output:
        output.write_text(text, encoding="utf-8", newline="")
    else:
        click.echo(text, nl=newline)


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


@click.command("report")
@with_appcontext
@click.argument("round_id", type=int)
@click.option(
    "--pdf",
    "pdf_path",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Where to write the board report.",
)
@click.option("--url", "online_url", help="Address of the round's online results, for the footer.")
@reported
def report(round_id: int, pdf_path: Path, online_url: str | None) -> None:
    """Write the board report of a round as PDF."""
    data = reports.round_report(SYSTEM, round_id)
    pdf_path.write_bytes(board.board_report(data, online_url=online_url))
    click.echo(
        f"Wrote {pdf_path} ({len(data.results.priorities)} priorities, "
        f"{'draft' if data.draft else 'ratified'})."
    )


@click.command("compare")
@with_appcontext
@click.option("--questionnaire", "slug", required=True, help="wcc, csp or jcp.")
@click.option("--region", help="Only trusts of this region (national spreads stay national).")
@click.option("--from", "start", type=click.DateTime(["%Y-%m-%d"]), help="Rounds opened from.")
@click.option("--to", "end", type=click.DateTime(["%Y-%m-%d"]), help="Rounds opened until.")
@click.option("--include-open", is_flag=True, help="Let open rounds stand (provisional).")
@click.option("--format", "fmt", type=click.Choice(["csv", "json"]), default="csv")
@reported
def compare(
    slug: str,
    region: str | None,
    start: dt.datetime | None,
    end: dt.datetime | None,
    include_open: bool,
    fmt: str,
) -> None:
    """Compare every trust's latest closed round of a questionnaire. Operators run this
    with the database at hand, so it names every trust and withholds nothing (the
    small-numbers rule protects people who may not see every trust: docs/comparison.md)."""
    filters = compare_service.Filters(
        region, start and start.date(), end and end.date(), include_open
    )
    result = compare_service.compare(slug, SYSTEM, filters)
    if fmt == "json":
        click.echo(json.dumps(compare_exports.to_dict(result), indent=2, ensure_ascii=False))
    else:
        click.echo(compare_exports.to_csv(result), nl=False)
