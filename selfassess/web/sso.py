"""Sign-in with an OpenID Connect provider (Authlib's Flask client): authorisation code
flow with PKCE (S256), state and nonce kept server-side for one use (services/sso.py), the
ID token's issuer, tenant and e-mail checked (domain/identity.py), then the same second
step and finish as a password sign-in (web/signin.py), and RP-initiated logout."""

from __future__ import annotations

import secrets
from typing import Any
from urllib.parse import urlsplit

from authlib.integrations.flask_client import OAuth
from flask import Blueprint, Flask, abort, current_app, flash, redirect, request, session, url_for
from flask.typing import ResponseReturnValue

from selfassess.domain import identity
from selfassess.services import accounts, sso, throttle
from selfassess.web import signin
from selfassess.web.security import safe_next

bp = Blueprint("sso", __name__)
REFUSED = "You could not be signed in with {title}. Ask your administrator to invite you."


def init_app(app: Flask) -> None:
    """Register every configured provider with Authlib (one registry per app: Authlib
    caches each provider's metadata in its client)."""
    oauth = OAuth(app)
    app.extensions["selfassess_sso"] = oauth
    for provider in app.config["SSO_PROVIDERS"]:
        oauth.register(
            provider["name"],
            client_id=provider["client_id"],
            client_secret=provider.get("client_secret"),
            server_metadata_url=provider["metadata_url"],
            client_kwargs={"scope": "openid email profile", "code_challenge_method": "S256"},
        )
    app.config["SSO_ORIGINS"] = origins(app.config["SSO_PROVIDERS"])
    app.jinja_env.globals["sign_in_providers"] = providers


def _client(name: str) -> Any:
    return current_app.extensions["selfassess_sso"].create_client(name)


def providers() -> list[dict[str, Any]]:
    return list(current_app.config["SSO_PROVIDERS"])


def origins(configured: list[dict[str, Any]]) -> list[str]:
    """Where sign-in and logout redirects go (the CSP's form-action must allow them)."""
    found = []
    for provider in configured:
        parts = urlsplit(provider["metadata_url"])
        found.append(f"{parts.scheme}://{parts.netloc}")
        found.extend(provider.get("origins", []))
    return found


def _provider(name: str) -> dict[str, Any]:
    for provider in providers():
        if provider["name"] == name:
            return provider
    abort(404)


def _rules(provider: dict[str, Any]) -> identity.Rules:
    metadata = _client(provider["name"]).load_server_metadata()
    return identity.Rules(
        issuer=str(provider.get("issuer") or metadata["issuer"]),
        tenants=frozenset(provider.get("tenants", [])),
        domains=frozenset(provider.get("domains", [])),
    )


@bp.post("/sign-in/with/<name>")
def start(name: str) -> ResponseReturnValue:
    """Send the browser to the provider; the form carried (answers typed before the session
    ended) and the next page wait server-side until it comes back."""
    _provider(name)
    client = _client(name)
    nonce = secrets.token_urlsafe(32)
    made = client.create_authorization_url(
        url_for("sso.callback", name=name, _external=True), nonce=nonce
    )
    sso.begin(
        name,
        made["state"],
        nonce,
        made["code_verifier"],
        safe_next(request.form.get("next"), ""),
        request.form.get("carried", ""),
    )
    return redirect(made["url"])


def _refused(
    provider: dict[str, Any], reason: str, email: str | None = None
) -> ResponseReturnValue:
    if email is not None or reason in {"state", "token", "issuer", "tenant", "subject", "domain"}:
        sso.refuse(provider["name"], reason, email)
    flash(REFUSED.format(title=provider["title"]), "error")
    return redirect(url_for("auth.login"))


@bp.get("/sign-in/with/<name>/callback")
def callback(name: str) -> ResponseReturnValue:
    """The provider's answer: one use of the state, then the token's checks, then the person."""
    provider = _provider(name)
    started = sso.take(name, request.args.get("state", ""))
    if started is None or "code" not in request.args:
        return _refused(provider, "state")
    client = _client(name)
    try:
        token = client.fetch_access_token(
            url_for("sso.callback", name=name, _external=True),
            code=request.args["code"],
            code_verifier=started.code_verifier,
        )
        # The issuer is checked below (Entra's per-tenant issuers fail a plain check).
        claims = dict(
            client.parse_id_token(token, started.nonce, claims_options={"iss": {"essential": True}})
        )
    except Exception as exc:  # any provider or token failure refuses alike
        current_app.logger.warning("OpenID sign-in with %s failed: %s", name, exc)
        return _refused(provider, "token")
    rules = _rules(provider)
    reason = identity.refusal(rules, claims)
    if reason:
        return _refused(provider, reason)
    email = identity.verified_email(claims)
    if email and not identity.domain_allowed(email, rules.domains):
        return _refused(provider, "domain", email)
    user_id, why = sso.resolve(name, str(claims["iss"]), str(claims["sub"]), email)
    if user_id is None:
        flash(REFUSED.format(title=provider["title"]), "error")
        return redirect(url_for("auth.login"))
    return _finish(user_id, identity.provider_mfa(claims), started, name)


def _finish(user_id: int, mfa: bool, started: sso.Started, name: str) -> ResponseReturnValue:
    step = accounts.second_step_for(user_id)
    response: ResponseReturnValue
    if mfa or not step:
        response = signin.complete(user_id, None, started.next_url, started.carried)
        session[signin.SSO_PROVIDER] = name
        return response
    response = signin.after_password(
        user_id, throttle.Slot(user_id, None), step, started.next_url, started.carried
    )
    session[signin.PENDING] = {**session[signin.PENDING], "sso": name}
    return response


@bp.get("/signed-out/<name>")
def ended(name: str) -> ResponseReturnValue:
    """After the local sign-out: end the provider's session too, where it offers that."""
    _provider(name)
    client = _client(name)
    if not client.load_server_metadata().get("end_session_endpoint"):
        return redirect(url_for("auth.login"))
    back = url_for("auth.login", _external=True)
    made = client.create_logout_url(post_logout_redirect_uri=back, client_id=client.client_id)
    return redirect(made["url"])
