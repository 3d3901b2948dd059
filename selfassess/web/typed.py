"""The keeper of typed input for the lead's and administrators' forms (issue 18 part 2).

A view declares what people type into it with :func:`keeps_typed` (field name -> label), and
its form carries a *form proof* (:func:`form_proof_field`, a signed token of the person it was
rendered for). Then one mechanism serves every way a post can fail before the view runs:

- expired form token (CSRF): the signed-in person sees what they typed and sends it again;
- expired session: what was typed is carried, signed, through sign-in, then shown the same way;
- database busy (503): the busy page shows it back.

Typed text is only ever shown back to the person the form was rendered for (the proof must
name them), so a cross-site post cannot plant text in someone's page (ASVS V3.5). The
questionnaire's own pages use their page proof in :mod:`selfassess.web.stash`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from flask import current_app, g, render_template, request
from flask.typing import ResponseReturnValue
from flask_login import current_user
from itsdangerous import BadSignature
from markupsafe import Markup

from selfassess.web.signing import signer

F = TypeVar("F", bound=Callable[..., Any])
FORM_PROOF_SALT = "selfassess.form-proof"
CARRIED_SALT = "selfassess.carried-form"
FORM_PROOF = "form_proof"
MAX_AGE = 12 * 3600
LABELS = "kept_fields"


def keeps_typed(labels: Mapping[str, str]) -> Callable[[F], F]:
    """Declare the fields of a view whose typed text must never be lost, with their labels.
    (``functools.wraps`` in the outer decorators carries the declaration to the route.)"""

    def declare(view: F) -> F:
        setattr(view, LABELS, dict(labels))
        return view

    return declare


def declared() -> Mapping[str, str] | None:
    """The labels the current POST's view declared, or None."""
    if request.method != "POST" or request.endpoint is None:
        return None
    view = current_app.view_functions.get(request.endpoint)
    return getattr(view, LABELS, None)


def form_proof_field() -> Markup:
    """The hidden form-proof input for the signed-in person (a template global)."""
    if not current_user.is_authenticated:
        return Markup("")
    token = signer(FORM_PROOF_SALT).dumps({"user": current_user.user_id})
    return Markup('<input type="hidden" name="{}" value="{}">').format(FORM_PROOF, token)


def proof_owner(token: object) -> int | None:
    """The person a valid, unexpired form proof was issued to, else None."""
    if not isinstance(token, str) or not token:
        return None
    try:
        data: Any = signer(FORM_PROOF_SALT).loads(token, max_age=MAX_AGE)
    except BadSignature:
        return None
    owner = data.get("user") if isinstance(data, dict) else None
    return owner if isinstance(owner, int) else None


def label_of(name: str, labels: Mapping[str, str]) -> str | None:
    """A field's label; a declared name ending in ``*`` covers every field it starts
    (``rationale-*``: one per item), labelled with the rest of the name."""
    if name in labels:
        return labels[name]
    for key, label in labels.items():
        if key.endswith("*") and name.startswith(key[:-1]) and len(name) > len(key) - 1:
            return f"{label} ({name[len(key) - 1 :]})"
    return None


def typed(labels: Mapping[str, str]) -> list[tuple[str, str]]:
    """The declared fields of this post as typed (nothing else of the form)."""
    return [(k, v) for k, v in request.form.items(multi=True) if label_of(k, labels) is not None]


def proven_for_current_user() -> bool:
    """The post's form proof names the person signed in now."""
    person = current_user.user_id if current_user.is_authenticated else None
    return person is not None and proof_owner(request.form.get(FORM_PROOF)) == person


def resend_page(
    kept: list[tuple[str, str]], labels: Mapping[str, str], action: str
) -> ResponseReturnValue:
    """What was typed, to check and send again with a fresh form token."""
    shown = {name: label_of(name, labels) or name for name, _ in kept}
    return render_template("errors/resend.html", kept=kept, labels=shown, action=action), 400


def carry() -> str | None:
    """What was typed into a declared form whose session has ended, signed for the sign-in
    page to carry; None when there is nothing to keep or no valid proof."""
    labels = declared()
    owner = proof_owner(request.form.get(FORM_PROOF))
    if labels is None or owner is None:
        return None
    return signer(CARRIED_SALT).dumps(
        {"owner": owner, "endpoint": request.endpoint, "path": request.path, "form": typed(labels)}
    )


def resume(user_id: int, carried: str) -> ResponseReturnValue | None:
    """After sign-in: the resend page for a carried form of this person; None when
    ``carried`` is not a carried form (or not theirs)."""
    try:
        data: Any = signer(CARRIED_SALT).loads(carried, max_age=MAX_AGE)
    except BadSignature:
        return None
    if not isinstance(data, dict) or data.get("owner") != user_id:
        return None
    view = current_app.view_functions.get(str(data.get("endpoint")))
    labels = getattr(view, LABELS, None) or {}
    kept = [(str(k), str(v)) for k, v in data.get("form", []) if label_of(str(k), labels)]
    # Signing in started a new session: a form token cached for the old one would fail.
    g.pop("csrf_token", None)
    return resend_page(kept, labels, str(data.get("path", "/")))
