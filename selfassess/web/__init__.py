"""Web blueprints, templates and security wiring, registered on the app by :func:`init_app`."""

from __future__ import annotations

from flask import Flask, before_render_template
from flask_wtf.csrf import CSRFError
from jinja2 import ChoiceLoader, PackageLoader, PrefixLoader

from selfassess.extensions import login_manager
from selfassess.services.transactions import end_read
from selfassess.web import (
    about,
    account,
    admin,
    agreement,
    assess,
    audit,
    auth,
    catalogue,
    compare,
    directory,
    errors,
    health,
    home,
    lifecycle,
    manage,
    reminders,
    reset,
    results,
    security,
    sso,
    stash,
    typed,
    uploads,
    validation,
    workbooks,
)
from selfassess.web.converters import IdConverter
from selfassess.web.filters import FILTERS, nav_links

BLUEPRINTS = (
    health.bp,
    home.bp,
    about.bp,
    auth.bp,
    sso.bp,
    reset.bp,
    account.bp,
    assess.bp,
    manage.bp,
    reminders.bp,
    lifecycle.bp,
    directory.bp,
    admin.bp,
    audit.bp,
    catalogue.bp,
    results.bp,
    compare.bp,
    validation.bp,
    agreement.bp,
    workbooks.bp,
    uploads.bp,
)


def init_app(app: Flask) -> None:
    """Register blueprints, error pages, template helpers and the sign-in wiring."""
    app.jinja_loader = ChoiceLoader(
        [
            PackageLoader("selfassess"),
            PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja")}),
        ]
    )
    app.jinja_env.filters.update(FILTERS)
    app.jinja_env.globals["nav_links"] = nav_links
    app.jinja_env.globals["form_proof_field"] = typed.form_proof_field
    # Replaces Werkzeug's int converter for every <int:…> route: one place for id bounds.
    app.url_map.converters["int"] = IdConverter
    security.init_app(app)
    # No page is rendered inside a read transaction (WAL readers never block a save, and
    # nothing holds a snapshot while templates run).
    before_render_template.connect(_end_read, app)
    account.init_app(app)
    sso.init_app(app)
    login_manager.unauthorized_handler(stash.unauthorized)
    app.register_error_handler(CSRFError, stash.csrf_failed)
    errors.init_app(app)
    for blueprint in BLUEPRINTS:
        app.register_blueprint(blueprint)


def _end_read(sender: Flask, **_extra: object) -> None:
    end_read()
