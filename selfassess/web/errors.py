"""Error pages by status code, and service errors turned into them."""

from __future__ import annotations

from flask import Flask, current_app, render_template, request
from werkzeug.exceptions import HTTPException

from selfassess.services import Forbidden, NotFound

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
    app.register_error_handler(NotFound, _not_found)
    app.register_error_handler(Forbidden, lambda exc: error_page(403))


def error_page(code: int) -> tuple[str, int]:
    title = TITLES.get(code, TITLES[500])
    return render_template("errors/error.html", code=code, title=title), code


def _http_error(exc: HTTPException) -> tuple[str, int]:
    return error_page(exc.code or 500)


def _not_found(exc: NotFound) -> tuple[str, int]:
    """A service refused an object: it does not exist, or belongs to another trust."""
    current_app.logger.info("audit event=not-found endpoint=%s", request.endpoint)
    return error_page(404)
