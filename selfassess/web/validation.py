"""Advisor validation ("confirm and challenge", docs/scoring.md §8): the assigned advisor's
page, item by item, and the trust lead's answer to each challenge.

The validation page has one set of fields per item, like a questionnaire page. This module
is the one place where item slugs become field names and back: :func:`read_validation`
reads the posted fields by item (bounded values; the service keeps only the questionnaire's
items) and :func:`problem_fields` puts each problem on its field. The lead's answer is a
Flask-WTF form. On any error or conflict the page comes back with exactly what was typed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from itsdangerous import BadSignature, URLSafeTimedSerializer

from selfassess.domain.organisation import ADVISOR, LEAD
from selfassess.domain.rounding import percent_text
from selfassess.domain.scale import LABELS
from selfassess.domain.validation import (
    LEVELS,
    NOTE_LENGTH,
    VERDICT_WORDS,
    Entry,
    ItemProblem,
    Part,
)
from selfassess.services import Invalid, NotFound, validation
from selfassess.services.outcomes import Closed, Conflict, Rejected, Saved
from selfassess.services.validation import ValidationPage
from selfassess.web.errors import error_page
from selfassess.web.forms import whole_number
from selfassess.web.notices import HERE
from selfassess.web.proof import MAX_AGE, PROOF_FIELD
from selfassess.web.result_forms import ChallengeAnswerForm, first_error
from selfassess.web.security import actor, roles
from selfassess.web.signing import signer

bp = Blueprint("validation", __name__)
# Longer than any note we keep: what was typed comes back for the person to shorten, while
# a hostile multi-megabyte field is not echoed (the request size limit bounds it anyway).
ECHO_LIMIT = NOTE_LENGTH * 4


def _proofs() -> URLSafeTimedSerializer:
    # Its own salt: a questionnaire page's proof never vouches for a validation page.
    return signer("selfassess.validation-proof")


def issue_proof(user_id: int, round_id: int) -> str:
    """Signed (person, round) of a rendered validation page, as web.proof does for
    questionnaire pages: only a post from the person's own page is ever shown back."""
    return _proofs().dumps({"user": user_id, "round": round_id})


def proven(token: object, user_id: int, round_id: int) -> bool:
    if not isinstance(token, str) or not token:
        return False
    try:
        data = _proofs().loads(token, max_age=MAX_AGE)
    except BadSignature:
        return False
    return data == {"user": user_id, "round": round_id}


def after_csrf_failure() -> ResponseReturnValue:
    """An expired form token on the validation page: the page comes back with what was
    typed (nothing saved) when the post carries the signed-in advisor's own page proof."""
    round_id = (request.view_args or {}).get("round_id")
    if not isinstance(round_id, int) or not proven(
        request.form.get(PROOF_FIELD), actor().user_id, round_id
    ):
        return error_page(400)
    try:
        page = validation.validation_page(actor(), round_id)
    except NotFound:
        return error_page(404)
    message = (
        "This page was open for a long time, so for your security nothing was saved yet. "
        "What you typed is below: press a save button again to keep it."
    )
    return render(page, read_validation(request.form), message=message, status=400, seen=True)


def _text(form: Mapping[str, str], name: str) -> str:
    value = form.get(name, "")
    return value[:ECHO_LIMIT] if isinstance(value, str) else ""


# Each item's fields are named "<part>-<item slug>"; the revision rides beside them.
PARTS = (*(str(part) for part in Part), "revision")


def _posted_items(names: Iterable[str]) -> set[str]:
    return {
        name.split("-", 1)[1] for name in names if name.split("-", 1)[0] in PARTS and "-" in name
    }


def read_validation(form: Mapping[str, str]) -> dict[str, Entry]:
    """Each posted item's verdict, level, note and revision; other fields are ignored and a
    revision that is not a bounded whole number reads as -1 (a conflict, not a 500)."""
    entries: dict[str, Entry] = {}
    for item in _posted_items(form):
        revision = whole_number(form.get(f"revision-{item}", "0") or "0")
        entries[item] = Entry(
            verdict=_text(form, f"verdict-{item}"),
            level=_text(form, f"level-{item}"),
            note=_text(form, f"note-{item}"),
            revision=-1 if revision is None else revision,
            score=_text(form, f"score-{item}"),
        )
    return entries


def problem_fields(problems: Iterable[ItemProblem]) -> dict[str, str]:
    """Each problem's message by the name of the field it concerns."""
    return {f"{p.part}-{p.item}": p.text for p in problems}


@bp.route("/rounds/<int:round_id>/validation", methods=["GET", "POST"])
@roles(ADVISOR)
def validate(round_id: int) -> ResponseReturnValue:
    """Agree or challenge each item, with a validated level and a note; saved as you go."""
    if request.method == "GET":
        return render(validation.validation_page(actor(), round_id))
    entries = read_validation(request.form)
    return _respond(round_id, entries, validation.save_validations(actor(), round_id, entries))


def _respond(
    round_id: int, entries: Mapping[str, Entry], outcome: validation.SaveOutcome
) -> ResponseReturnValue:
    """A saved page goes back to the item saved (post, redirect, get); any other outcome shows
    the page again with exactly what was typed."""
    match outcome:
        case Saved(changed):
            count = len(changed)
            done = f"Saved {count} item{'s' if count != 1 else ''}." if count else "No changes."
            flash(done, "success")
            anchor = request.form.get("next", "")
            anchor = anchor if anchor in entries else ""
            return redirect(url_for("validation.validate", round_id=round_id, _anchor=anchor))
        case Rejected(problems, page):
            # The revisions the page was loaded at stay: a stale page still gets its conflict.
            errors = problem_fields(problems)
            return render(page, entries, errors=errors, status=400, seen=True)
        case Conflict(message, page):
            message = (
                f"{message} since you opened this page, so nothing was saved. Your entries are "
                "below with what is saved now beside them: check them and save again to keep them."
            )
            return render(page, entries, message=message, status=409)
        case Closed(message, page):
            message = f"{message}. Nothing was saved."
            return render(page, entries, message=message, status=409, seen=True)


def render(
    page: ValidationPage,
    typed: Mapping[str, Entry] | None = None,
    errors: Mapping[str, str] | None = None,
    message: str | None = None,
    status: int = 200,
    seen: bool = False,
) -> ResponseReturnValue:
    """The page with the stored validations, or with what was typed when saving failed.
    The revisions are the stored ones (after a conflict, so that saving again is possible),
    or with ``seen`` the ones the typed page was loaded at."""
    values = {
        slug: Entry(v.verdict, str(v.level), v.note, v.revision)
        for slug, v in page.validations.items()
    }
    values.update({slug: e for slug, e in (typed or {}).items() if e.verdict or e.level or e.note})
    return render_template(
        "validation/page.html",
        page=page,
        r=page.results,
        signals={s.item: s for s in page.results.signals},
        values=values,
        revisions={
            **{slug: v.revision for slug, v in page.validations.items()},
            **({slug: e.revision for slug, e in (typed or {}).items()} if seen else {}),
        },
        errors=errors or {},
        message=message,
        levels=[(level, LABELS[str(level)]) for level in LEVELS],
        verdicts=VERDICT_WORDS,
        percent_text=percent_text,
        note_length=NOTE_LENGTH,
        proof=issue_proof(actor().user_id, page.round_id),
    ), status


@bp.post("/rounds/<int:round_id>/challenges")
@roles(LEAD)
def answer(round_id: int) -> ResponseReturnValue:
    """The trust lead answers a challenge; feedback beside it on the results page. On an
    error the answer page comes back with what was typed."""
    form = ChallengeAnswerForm()
    item = form.item.data or ""
    anchor = f"challenge-{item}"
    if not form.validate_on_submit():
        return _answer_again(round_id, form, first_error(form))
    try:
        validation.answer_challenge(actor(), round_id, item, form.answer.data or "")
    except Invalid as exc:
        return _answer_again(round_id, form, str(exc))
    flash("Answer saved.", f"{HERE}{anchor}")
    return redirect(url_for("results.round_results", round_id=round_id, _anchor=anchor))


def _answer_again(round_id: int, form: ChallengeAnswerForm, error: str) -> ResponseReturnValue:
    validation.check_answerable(actor(), round_id)
    return render_template("validation/answer.html", round_id=round_id, form=form, error=error), 400
