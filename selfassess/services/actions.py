"""Agreed actions as the lead follows them: status and dated progress notes, read for a
round's own report and for the next round's "Actions from the last round"."""

from __future__ import annotations

from sqlalchemy import select

from selfassess import clock
from selfassess.domain.actions import ActionView, FollowUp, ProgressNote, follow_ups
from selfassess.domain.results import RoundResults
from selfassess.domain.text import InvalidText, clean_text
from selfassess.extensions import db
from selfassess.models import PriorityAction, User
from selfassess.models.followup import ActionNote
from selfassess.policy import Actor
from selfassess.services import Invalid

NOTE_LIMIT = 2_000


def action_views(round_id: int) -> dict[str, ActionView]:
    """The round's actions by item, each with its progress notes, oldest note first."""
    notes: dict[str, list[ProgressNote]] = {}
    rows = db.session.execute(
        select(ActionNote, User.name)
        .outerjoin(User, ActionNote.written_by == User.pk)
        .where(ActionNote.round_id == round_id)
        .order_by(ActionNote.written_at, ActionNote.pk)
    ).all()
    for note, author in rows:
        noted_on = clock.to_uk(note.written_at).date()
        notes.setdefault(note.item, []).append(
            ProgressNote(noted_on, note.text, author or "Command line")
        )
    return {
        a.item: ActionView(
            a.item, a.action, a.owner, a.due_on, a.status, tuple(notes.get(a.item, ()))
        )
        for a in db.session.scalars(
            select(PriorityAction).where(PriorityAction.round_id == round_id)
        )
    }


def last_round(
    previous: int | None, before: RoundResults | None, after: RoundResults
) -> tuple[FollowUp, ...]:
    """The previous round's actions beside the change in their items' scores (or none)."""
    if previous is None or before is None:
        return ()
    return follow_ups(action_views(previous).values(), before, after)


def add_note(actor: Actor, action: PriorityAction, text: str) -> None:
    """Add a progress note to an action (inside the caller's writing transaction)."""
    try:
        text = clean_text(text, NOTE_LIMIT)
    except InvalidText as exc:
        raise Invalid(f"Progress note {exc}") from exc
    if text:
        db.session.add(
            ActionNote(
                round_id=action.round_id,
                item=action.item,
                text=text,
                written_by=actor.user_id or None,
            )
        )
