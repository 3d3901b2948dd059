"""Completing the questionnaire: dashboard, pages, review, submit (respondents)."""

from __future__ import annotations

from collections.abc import Mapping

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from markupsafe import Markup

from selfassess.domain.organisation import RESPONDENT
from selfassess.domain.pages import Page, minutes_to_answer, paginate, progress_of, unanswered
from selfassess.domain.scale import DESCRIPTORS, LABELS
from selfassess.policy import Actor
from selfassess.services import Invalid, NotFound, assignments, responses
from selfassess.services.responses import Conflict, Reason, ResponseView, RoundClosed, Saved
from selfassess.web.forms import PagePost, page_field, read_page, whole_number
from selfassess.web.proof import issue_proof
from selfassess.web.security import actor, roles

bp = Blueprint("assess", __name__)
# (value, id suffix, label) of each radio button; ids end -1 to -4, -dk and -na.
CHOICES = tuple(
    (
        value,
        str(index) if value in "1234" else value,
        f"{value} {LABELS[value]}" if value in "1234" else LABELS[value],
    )
    for index, value in enumerate(("1", "2", "3", "4", "dk", "na"), start=1)
)
LEVEL_LABELS = tuple((level, LABELS[str(level)]) for level in (1, 2, 3, 4))
ROUND_CLOSED = (
    "This round has closed, so your answers below were not saved. Copy anything you need "
    "and contact your trust lead, who can extend the closing date or reopen the round."
)


@bp.get("/assess")
@roles(RESPONDENT)
def dashboard() -> ResponseReturnValue:
    """The respondent's rounds with progress and closing dates."""
    return render_template("assess/dashboard.html", rows=assignments.assignments(actor()))


@bp.post("/assess/rounds/<int:round_id>/start")
@roles(RESPONDENT)
def start(round_id: int) -> ResponseReturnValue:
    """Start (or resume) the respondent's response in a round."""
    try:
        response_id = responses.start_response(actor(), round_id)
    except RoundClosed as exc:
        flash(f"{exc}; it no longer accepts answers.", "info")
        return redirect(url_for("assess.dashboard"))
    view = responses.load_response(actor(), response_id)
    missing = unanswered(view.questionnaire, view.answers)
    number = missing[0][0].number if missing else 1
    return redirect(url_for("assess.page", response_id=response_id, number=number))


@bp.get("/responses/<int:response_id>")
@roles(RESPONDENT)
def overview(response_id: int) -> ResponseReturnValue:
    """Every page with its progress; a submitted response is shown read-only."""
    view = responses.load_response(actor(), response_id)
    return render_template("assess/overview.html", view=view, **_context(view))


@bp.route("/responses/<int:response_id>/pages/<int:number>", methods=["GET", "POST"])
@roles(RESPONDENT)
def page(response_id: int, number: int) -> ResponseReturnValue:
    """One page of questions: save and continue, previous, save as draft, review."""
    if request.method == "POST":
        return save(actor(), response_id, number, read_page(request.form))
    view = responses.load_response(actor(), response_id)
    if not 1 <= number <= len(paginate(view.questionnaire)):
        raise NotFound(f"no page {number}")
    return render_page(view, number)


def save(person: Actor, response_id: int, number: int, post: PagePost) -> ResponseReturnValue:
    """Save a page with one service call; whatever the outcome, nothing typed is lost: a
    page that was not saved comes back with exactly what was typed."""
    outcome = responses.save_page(
        person, response_id, post.revision, number, post.answers, post.notes
    )
    if isinstance(outcome, Saved):
        return _after_save(response_id, number, outcome.pages, post.action)
    if outcome.reason is Reason.INVALID:
        errors = {page_field(p.part, p.slug): p.text for p in outcome.problems}
        return render_page(outcome.view, number, post, errors=errors, status=400)
    return render_page(
        outcome.view,
        number,
        post,
        message=NOT_SAVED[outcome.reason].format(reason=outcome.message),
        status=409,
        revision=outcome.revision,
    )


# What a respondent is told when a page was not saved, by reason.
NOT_SAVED = {
    Reason.CONFLICT: "{reason}. Your answers on this page have not been saved yet: check them "
    "and press a save button again to keep them.",
    Reason.CLOSED: ROUND_CLOSED,
    Reason.SUBMITTED: "This response has been submitted, so your answers below were not saved.",
}


def _after_save(response_id: int, number: int, last: int, action: str) -> ResponseReturnValue:
    if action == "carried":
        flash("You are signed in again and the answers you sent have been saved.", "success")
        return redirect(url_for("assess.page", response_id=response_id, number=number))
    if action == "draft":
        flash("Your answers are saved as a draft. You can come back at any time.", "success")
        return redirect(url_for("assess.dashboard"))
    if action == "previous" and number > 1:
        target = number - 1
    elif action in ("review", "continue") and (action == "review" or number == last):
        return redirect(url_for("assess.review", response_id=response_id))
    else:
        target = min(number + 1, last)
    return redirect(url_for("assess.page", response_id=response_id, number=target))


def render_page(
    view: ResponseView,
    number: int,
    post: PagePost | None = None,
    errors: dict[str, str] | None = None,
    message: str | None = None,
    status: int = 200,
    revision: int | None = None,
) -> ResponseReturnValue:
    """The page with stored answers, or with what was posted when saving failed."""
    pages = paginate(view.questionnaire)
    # Last round's answers (docs/scoring.md §10) are pre-selected until saved; they are
    # never counted in the progress, which reads the stored answers only.
    carried = {k: v for k, v in view.carried.items() if k not in view.answers}
    stored = {**carried, **view.answers} if view.editable else dict(view.answers)
    kept_notes = {**view.carried_notes, **view.notes} if view.editable else dict(view.notes)
    values = stored if post is None else {**stored, **post.answers}
    notes = kept_notes if post is None else {**kept_notes, **post.notes}
    page_errors = errors or {}
    page = pages[number - 1]
    # Stored answers of a response that cannot change are text; posted ones stay editable
    # so that nothing typed disappears.
    readonly = post is None and not view.editable
    items_html = _items_html(view, page, values, notes, page_errors, readonly, carried)
    return render_template(
        "assess/page.html",
        view=view,
        page=page,
        pages=pages,
        errors=page_errors,
        message=message,
        items_html=items_html,
        revision=view.revision if revision is None else revision,
        proof=issue_proof(actor().user_id, view.response_id),
        progress=progress_of(
            view.questionnaire, view.answers if post is None else {**view.answers, **post.answers}
        ),
        page_has_errors=bool(page_errors),
        readonly=readonly,
        levels=LEVEL_LABELS,
        descriptors=DESCRIPTORS,
        item_rated=view.questionnaire.item_rated,
        minutes=minutes_to_answer(view.questionnaire),
    ), status


def _items_html(
    view: ResponseView,
    page: Page,
    values: Mapping[str, str],
    notes: Mapping[str, str],
    errors: Mapping[str, str],
    readonly: bool,
    carried: Mapping[str, str],
) -> Markup:
    # The partial is rendered by Jinja with autoescaping on, so it is already safe HTML.
    return Markup(  # noqa: S704
        render_template(
            "assess/_items.html",
            page=page,
            values=values,
            notes=notes,
            errors=errors,
            choices=CHOICES,
            levels=LEVEL_LABELS,
            descriptors=DESCRIPTORS,
            readonly=readonly,
            answer_labels=LABELS,
            item_rated=view.questionnaire.item_rated,
            carried=carried,
        )
    )


def _context(view: ResponseView) -> dict[str, object]:
    missing = unanswered(view.questionnaire, view.answers)
    texts = {statement.slug: statement.text for _, statement in view.questionnaire.statements()}
    return {
        "pages": paginate(view.questionnaire),
        "labels": LABELS,
        "progress": progress_of(view.questionnaire, view.answers),
        "missing": missing,
        "missing_rows": [(page, slug, texts[slug]) for page, slug in missing],
    }


@bp.get("/responses/<int:response_id>/review")
@roles(RESPONDENT)
def review(response_id: int) -> ResponseReturnValue:
    """Check answers before submitting: unanswered statements link to their page."""
    view = responses.load_response(actor(), response_id)
    return render_template("assess/review.html", view=view, **_context(view))


@bp.post("/responses/<int:response_id>/submit")
@roles(RESPONDENT)
def submit(response_id: int) -> ResponseReturnValue:
    """Submit: the response becomes read-only and counts in the trust's results."""
    revision = whole_number(request.form.get("revision"))
    try:
        responses.submit_response(actor(), response_id, -1 if revision is None else revision)
    except (Invalid, Conflict, RoundClosed) as exc:
        view = responses.load_response(actor(), response_id)
        return render_template(
            "assess/review.html",
            view=view,
            submit_error=ROUND_CLOSED if isinstance(exc, RoundClosed) else str(exc),
            page_has_errors=True,
            **_context(view),
        ), 409
    flash("Your self-assessment has been submitted. Thank you.", "success")
    return redirect(url_for("assess.overview", response_id=response_id))
