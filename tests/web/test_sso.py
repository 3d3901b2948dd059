"""Sign-in with an OpenID Connect provider against a real provider process on loopback
(tests/oidc_provider.py): code flow with PKCE, state and nonce, links by (issuer, subject),
Entra ID tenants, second factor, passwords off per trust, RP-initiated logout."""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qs, urlsplit

import pytest
from oidc_provider import running
from sqlalchemy import select
from werkzeug.security import generate_password_hash

from selfassess.extensions import db
from selfassess.models import Invitation, Trust, User
from selfassess.models.audit import AuditEvent
from selfassess.models.identity import IdentityLink, SsoRequest

PASSWORD = "correct horse battery staple"
TENANT = "11111111-2222-3333-4444-555555555555"


@pytest.fixture
def provider():
    with running() as started:
        yield started


@pytest.fixture
def sso_app(app_factory, provider):
    rules = {
        "name": "idp",
        "title": "Council ID",
        "client_id": "selfassess",
        "client_secret": "s3cret",
    }
    return app_factory(
        "sso",
        SSO_PROVIDERS=[
            {**rules, "metadata_url": f"{provider.url}/.well-known/openid-configuration"},
        ],
    )


@pytest.fixture
def entra_app(app_factory, provider, monkeypatch):
    # The per-tenant host is not loopback by name, so the provider must allow plain HTTP.
    monkeypatch.setenv("AUTHLIB_INSECURE_TRANSPORT", "1")
    provider.tenant.append(TENANT)
    return app_factory(
        "entra",
        SSO_PROVIDERS=[
            {
                "name": "entra",
                "title": "Microsoft",
                "client_id": "selfassess",
                "client_secret": "s3cret",
                "metadata_url": f"{provider.url}/.well-known/openid-configuration",
                "tenants": [TENANT],
                "domains": ["council.example"],
            }
        ],
    )


def invited(app, email="sam@council.example", role="lead", active=True) -> int:
    """A person who accepted an invitation to ``email`` (in a trust)."""
    with app.app_context():
        trust = Trust(name=f"Trust of {email}")
        db.session.add(trust)
        db.session.flush()
        user = User(
            email=email, name="Sam", role=role, password_hash="x", trust_id=trust.pk, active=active
        )
        db.session.add(user)
        db.session.flush()
        db.session.add(
            Invitation(
                token_hash=email[:60],
                role=role,
                email=email,
                name="Sam",
                trust_id=trust.pk,
                expires_at=dt.datetime(2030, 1, 1),
                accepted_at=dt.datetime(2026, 1, 1),
                user_id=user.pk,
            )
        )
        db.session.commit()
        return user.pk


def sign_in(client, provider, sub, name="idp", **form):
    start = client.post(f"/sign-in/with/{name}", data=form)
    assert start.status_code == 302
    location = start.headers["Location"]
    assert location.startswith(provider.url)
    query = parse_qs(urlsplit(location).query)
    assert query["code_challenge_method"] == ["S256"]
    assert query["nonce"]
    assert query["state"]
    callback = provider.authorise(location, sub)
    return client.get(callback), callback


def events(app, name):
    with app.app_context():
        return db.session.scalars(select(AuditEvent).where(AuditEvent.event == name)).all()


def test_sign_in_page_offers_the_provider_and_csp_allows_it(sso_app, provider):
    """ASVS V3.4.3: the form-action of the CSP allows the provider, and nothing else new."""
    page = sso_app.test_client().get("/sign-in")
    assert "Sign in with Council ID" in page.get_data(as_text=True)
    assert f"form-action 'self' {provider.url};" in page.headers["Content-Security-Policy"]


def test_happy_path_links_then_matches_by_subject(sso_app, provider):
    """ASVS V6.8.2, V10.1.2: first sign-in links the invited person by verified e-mail;
    later sign-ins find them by (issuer, subject) even when the e-mail claim changes."""
    user_id = invited(sso_app)
    provider.person("sub-1", email="sam@council.example", email_verified=True)
    client = sso_app.test_client()
    answer, _ = sign_in(client, provider, "sub-1")
    assert answer.status_code == 302
    assert urlsplit(answer.headers["Location"]).path == "/"
    assert client.get("/account/").status_code == 200
    with sso_app.app_context():
        link = db.session.scalars(select(IdentityLink)).one()
        assert (link.user_id, link.subject, link.issuer) == (user_id, "sub-1", provider.url)
    assert events(sso_app, "sso_linked")
    provider.person("sub-1", email="someone.else@council.example", email_verified=True)
    again = sso_app.test_client()
    answer, _ = sign_in(again, provider, "sub-1")
    assert again.get("/account/").status_code == 200
    assert events(sso_app, "sso_sign_in")


def test_replayed_state_is_refused(sso_app, provider):
    """ASVS V10.1.2: a state is used once (kept server-side, deleted when used)."""
    invited(sso_app)
    provider.person("sub-1", email="sam@council.example", email_verified=True)
    client = sso_app.test_client()
    _, callback = sign_in(client, provider, "sub-1")
    other = sso_app.test_client()
    replay = other.get(callback)
    assert replay.status_code == 302
    assert replay.headers["Location"].endswith("/sign-in")
    assert other.get("/account/").status_code == 302
    assert any("state" in (e.detail or "") for e in events(sso_app, "sso_refused"))


def test_wrong_nonce_is_refused(sso_app, provider):
    """ASVS V10.5.1: the ID token's nonce must be the one this sign-in sent."""
    invited(sso_app)
    provider.person("sub-1", email="sam@council.example", email_verified=True)
    client = sso_app.test_client()
    start = client.post("/sign-in/with/idp")
    with sso_app.app_context():
        row = db.session.scalars(select(SsoRequest)).one()
        row.nonce = "another-nonce"
        db.session.commit()
    answer = client.get(provider.authorise(start.headers["Location"], "sub-1"))
    assert answer.headers["Location"].endswith("/sign-in")
    assert client.get("/account/").status_code == 302
    assert any("token" in (e.detail or "") for e in events(sso_app, "sso_refused"))


@pytest.mark.parametrize(
    ("claims", "reason"),
    [
        ({"email": "sam@council.example", "email_verified": False}, "not verified"),
        ({"email": "nobody@council.example", "email_verified": True}, "not invited"),
    ],
)
def test_unverified_or_uninvited_is_refused(sso_app, provider, claims, reason):
    """ASVS V6.8.2: no link without a verified e-mail equal to an invitation's."""
    invited(sso_app)
    provider.person("sub-1", **claims)
    client = sso_app.test_client()
    answer, _ = sign_in(client, provider, "sub-1")
    assert answer.headers["Location"].endswith("/sign-in")
    assert client.get("/account/").status_code == 302
    with sso_app.app_context():
        assert db.session.scalars(select(IdentityLink)).all() == []
    assert any(reason in (e.detail or "") for e in events(sso_app, "sso_refused"))


def test_disabled_person_is_refused(sso_app, provider):
    """ASVS V6.1.2 (deactivated accounts): a provider's sign-in does not revive them."""
    invited(sso_app, active=False)
    provider.person("sub-1", email="sam@council.example", email_verified=True)
    client = sso_app.test_client()
    sign_in(client, provider, "sub-1")
    assert client.get("/account/").status_code == 302
    assert any("deactivated" in (e.detail or "") for e in events(sso_app, "sso_refused"))


def test_entra_tenant_allowed_and_wrong_tenant_refused(entra_app, provider):
    """ASVS V10.6.1: Entra's per-tenant issuer is checked against the {tenantid} template
    and the tenant against the allowed list."""
    invited(entra_app)
    provider.person("sub-1", email="sam@council.example", email_verified=True, tid=TENANT)
    client = entra_app.test_client()
    sign_in(client, provider, "sub-1", name="entra")
    assert client.get("/account/").status_code == 200
    provider.tenant[0] = "99999999-0000-0000-0000-000000000000"
    provider.person(
        "sub-1", email="sam@council.example", email_verified=True, tid=provider.tenant[0]
    )
    other = entra_app.test_client()
    sign_in(other, provider, "sub-1", name="entra")
    assert other.get("/account/").status_code == 302
    assert any("tenant" in (e.detail or "") for e in events(entra_app, "sso_refused"))


def test_advisor_without_mfa_is_asked_for_the_local_code(sso_app, provider):
    """ASVS V6.3.3: an advisor's provider sign-in without amr "mfa" goes on to the local
    second factor (enrolment the first time)."""
    invited(sso_app, role="advisor")
    provider.person("sub-1", email="sam@council.example", email_verified=True, amr=["pwd"])
    client = sso_app.test_client()
    answer, _ = sign_in(client, provider, "sub-1")
    assert "/sign-in/two-factor" in answer.headers["Location"]
    assert client.get("/account/").status_code == 302


def test_advisor_with_provider_mfa_is_not_asked(sso_app, provider):
    """ASVS V6.3.3: the provider's multi-factor sign-in (RFC 8176 amr "mfa") counts."""
    invited(sso_app, role="advisor")
    provider.person("sub-1", email="sam@council.example", email_verified=True, amr=["mfa"])
    client = sso_app.test_client()
    answer, _ = sign_in(client, provider, "sub-1")
    assert urlsplit(answer.headers["Location"]).path == "/"
    assert client.get("/account/").status_code == 200


def test_passwords_off_for_a_trust_refuses_password_sign_in(sso_app):
    """ASVS V6.1.3: with passwords off for the trust, a correct password signs no one in."""
    user_id = invited(sso_app)
    with sso_app.app_context():
        user = db.session.get(User, user_id)
        user.password_hash = generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000")
        db.session.get(Trust, user.trust_id).passwords_allowed = False
        db.session.commit()
    client = sso_app.test_client()
    data = {"email": "sam@council.example", "password": PASSWORD}
    assert client.post("/sign-in", data=data).status_code == 200
    assert client.get("/account/").status_code == 302
    with sso_app.app_context():
        db.session.get(Trust, db.session.get(User, user_id).trust_id).passwords_allowed = True
        db.session.commit()
    assert client.post("/sign-in", data=data).status_code == 302


def test_logout_ends_local_session_and_goes_to_the_provider(sso_app, provider):
    """ASVS V7.4.1, V7.4.3: sign-out ends the local session and the provider's."""
    invited(sso_app)
    provider.person("sub-1", email="sam@council.example", email_verified=True)
    client = sso_app.test_client()
    sign_in(client, provider, "sub-1")
    out = client.post("/sign-out")
    assert out.headers["Location"].endswith("/signed-out/idp")
    assert client.get("/account/").status_code == 302
    ended = client.get("/signed-out/idp")
    assert ended.headers["Location"].startswith(f"{provider.url}/oauth2/end_session?")
    assert "client_id=selfassess" in ended.headers["Location"]


def test_concurrent_first_link_gives_the_same_person_not_an_error(sso_app, monkeypatch):
    """ASVS V2.3.3 (no 500 on a race): when another worker made the link between our
    lookup and our insert, the unique constraint fires and the lookup is retried."""
    from selfassess.services import sso

    user_id = invited(sso_app)
    with sso_app.app_context():
        db.session.add(IdentityLink(user_id=user_id, issuer="https://id.example", subject="s"))
        db.session.commit()
        real, misses = sso._linked, []

        def late(issuer, subject):  # the other worker's link is not seen the first time
            if not misses:
                misses.append(1)
                return None
            return real(issuer, subject)

        monkeypatch.setattr(sso, "_linked", late)
        found = sso.resolve("idp", "https://id.example", "s", "sam@council.example")
        assert found == (user_id, "")
        assert len(db.session.scalars(select(IdentityLink)).all()) == 1


def test_carried_answers_survive_an_sso_sign_in(sso_app, provider):
    """Nothing typed is lost: the carried form goes through the provider (kept server-side)
    and comes back to the same restore step as a password sign-in (web/stash.py)."""
    invited(sso_app)
    provider.person("sub-1", email="sam@council.example", email_verified=True)
    client = sso_app.test_client()
    answer, _ = sign_in(client, provider, "sub-1", carried="not-a-signed-stash")
    # A forged stash is refused by the same check as after a password (flash, home page).
    assert urlsplit(answer.headers["Location"]).path == "/"
    with client.session_transaction() as cookie:
        flashes = [text for _, text in cookie.get("_flashes", [])]
    assert any("could not be restored" in text for text in flashes)
