"""Pure checks of OpenID sign-in (ASVS V10.5.3, V10.6.1, V6.3.3)."""

from selfassess.domain import identity

ENTRA = "https://login.microsoftonline.com/{tenantid}/v2.0"
TID = "11111111-2222-3333-4444-555555555555"


def claims(**extra):
    return {"iss": f"https://login.microsoftonline.com/{TID}/v2.0", "sub": "s", "tid": TID, **extra}


def test_entra_issuer_is_the_template_filled_with_the_tenant():
    rules = identity.Rules(ENTRA, frozenset({TID}))
    assert identity.refusal(rules, claims()) is None
    assert identity.refusal(rules, claims(iss=ENTRA)) == "issuer"
    other = "99999999-0000-0000-0000-000000000000"
    forged = claims(tid=other, iss=f"https://login.microsoftonline.com/{other}/v2.0")
    assert identity.refusal(rules, forged) == "tenant"
    assert identity.refusal(rules, claims(tid=other)) == "issuer"  # iss and tid disagree


def test_multi_tenant_without_allowed_tenants_allows_none():
    assert identity.refusal(identity.Rules(ENTRA), claims()) == "tenant"


def test_plain_issuer_and_subject():
    rules = identity.Rules("https://id.example")
    assert identity.refusal(rules, {"iss": "https://id.example", "sub": "a"}) is None
    assert identity.refusal(rules, {"iss": "https://evil.example", "sub": "a"}) == "issuer"
    assert identity.refusal(rules, {"iss": "https://id.example", "sub": ""}) == "subject"


def test_email_only_when_verified_and_in_domain():
    assert identity.verified_email({"email": "A@X.org", "email_verified": True}) == "a@x.org"
    assert identity.verified_email({"email": "a@x.org", "email_verified": "true"}) is None
    assert identity.verified_email({"email": "a@x.org"}) is None
    assert identity.domain_allowed("a@x.org", {"X.org"})
    assert not identity.domain_allowed("a@x.org.evil", {"x.org"})
    assert identity.domain_allowed("a@y.org", set())


def test_second_factor_decision():
    assert identity.provider_mfa({"amr": ["pwd", "mfa"]})
    assert not identity.provider_mfa({"amr": "mfa"})
    assert identity.needs_local_code(True, False, mfa=False)
    assert not identity.needs_local_code(True, True, mfa=True)
    assert identity.needs_local_code(False, True, mfa=False)
    assert not identity.needs_local_code(False, False, mfa=False)
