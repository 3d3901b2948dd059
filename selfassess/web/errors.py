"""Error pages by status code, and service errors turned into them."""

from __future__ import annotations

from flask import Flask, current_app, render_template, request
from flask_login import current_user
from sqlalchemy.exc import DBAPIError
from werkzeug.exceptions import HTTPException

from selfassess.services import Forbidden, NotFound
from selfassess.services.transactions import release_session
from selfassess.web import typed
from selfassess.web.proof import PROOF_FIELD, proof_owner
from selfassess.web.security import audit

TITLES = {
    400: "There is a problem with the request",
    403: "You do not have access to this page",
    404: "Page not found",
    405: "Page not found",
    413: "What you sent is too large",
    429: "Too many attempts",
    500: "Sorry, there is a problem with the service",
}


def init_app(app: Flask) -> None:
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(DBAPIError, _database_unavailable)
    app.register_error_handler(NotFound, _not_found)
    app.register_error_handler(Forbidden, lambda exc: error_page(403))


def error_page(code: int) -> tuple[str, int]:
    title = TITLES.get(code, TITLES[500])
    return render_template("errors/error.html", code=code, title=title), code


def _http_error(exc: HTTPException) -> tuple[str, int]:
    return error_page(exc.code or 500)


def _not_found(exc: NotFound) -> tuple[str, int]:
    """A service refused an object: it does not exist, or belongs to another trust."""
    audit("not_found", target=request.path, endpoint=request.endpoint)
    return error_page(404)


def _database_unavailable(exc: DBAPIError) -> tuple[str, int]:
    """The database is busy or out of reach: 503, logged, and what was posted is kept on
    the page to send again (nothing typed is lost). Bound parameters are hidden from the
    log (``hide_parameters``), so no answer reaches it."""
    current_app.logger.error("database unavailable on %s: %s", request.endpoint, exc)
    release_session()
    kept = []
    labels = typed.declared()
    if _proven_page_post():
        kept = [(k, v) for k, v in request.form.items(multi=True) if k != "csrf_token"]
    elif labels is not None and typed.proven_for_current_user():
        kept = typed.typed(labels)
    return render_template("errors/unavailable.html", kept=kept), 503


def _proven_page_post() -> bool:
    """Only a questionnaire post from the signed-in person's own page comes back (never a
    forged one: see web/proof.py)."""
    if request.method != "POST" or request.endpoint != "assess.page" or not request.view_args:
        return False
    person = current_user if current_user.is_authenticated else None
    owner = proof_owner(request.form.get(PROOF_FIELD), request.view_args["response_id"])
    return person is not None and owner == person.user_id
