"""A round's agreed actions as exported: the results JSON's "actions" and
"actions_from_last_round" lists and the actions CSV (docs/exports.md describes the fields)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Final

from selfassess.domain.actions import ActionView, FollowUp, ProgressNote
from selfassess.domain.report import RoundReport
from selfassess.exports.common import write_csv

ACTIONS_HEADER: Final = (
    "trust",
    "round",
    "from_round",
    "item",
    "item_title",
    "action",
    "owner",
    "due_on",
    "status",
    "score_before",
    "score_after",
    "change",
    "progress_notes",
)


def _notes(notes: tuple[ProgressNote, ...]) -> list[dict[str, str]]:
    return [{"on": n.noted_on.isoformat(), "text": n.text, "by": n.author} for n in notes]


def action_to_dict(action: ActionView | FollowUp) -> dict[str, Any]:
    """One action: item, text, owner, due date, status (its stored value) and notes."""
    return {
        "item": action.item,
        "action": action.action,
        "owner": action.owner,
        "due_on": action.due_on.isoformat() if action.due_on else None,
        "status": action.status.value,
        "notes": _notes(action.notes),
    }


def actions_to_list(report: RoundReport) -> list[dict[str, Any]]:
    """This round's actions in the questionnaire's item order."""
    order = [i.slug for i in report.results.questionnaire.items]
    return [action_to_dict(report.actions[i]) for i in order if i in report.actions]


def follow_ups_to_list(report: RoundReport) -> list[dict[str, Any]]:
    """The previous round's actions, each with the item's shown score then and now."""
    return [
        {**action_to_dict(f), "score_before": f.before, "score_after": f.after, "change": f.change}
        for f in report.last_actions
    ]


def actions_to_csv(report: RoundReport) -> str:
    """One row per action: this round's, then the previous round's with the score change.
    Progress notes go in one cell, one "date: text" line each."""
    return write_csv(ACTIONS_HEADER, action_rows(report))


def action_rows(report: RoundReport) -> Iterator[list[object]]:
    """The rows of the actions table (the CSV and the workbook share them)."""
    info = report.results.info
    titles = {i.slug: i.title for i in report.results.questionnaire.items}
    last = report.previous.info.name if report.previous else None
    for action in actions_to_list(report):
        yield _row(info.trust, info.name, info.name, titles.get(action["item"], ""), action)
    for follow in report.last_actions:
        row = _row(info.trust, info.name, last, follow.title, action_to_dict(follow))
        row[9:12] = [follow.before, follow.after, follow.change]
        yield row


def _row(trust: str, name: str, source: str | None, title: str, a: dict[str, Any]) -> list[object]:
    notes = "\n".join(f"{n['on']}: {n['text']}" for n in a["notes"])
    return [
        trust,
        name,
        source,
        a["item"],
        title,
        a["action"],
        a["owner"],
        a["due_on"],
        a["status"],
        None,
        None,
        None,
        notes,
    ]
