"""Pure decisions of OpenID Connect sign-in: whose issuer and tenant a token may come from,
which e-mail domains may link, and whether the provider's sign-in counts as a second factor.

Microsoft Entra ID's multi-tenant discovery document names the issuer as a template
(``https://login.microsoftonline.com/{tenantid}/v2.0``), so a plain equality check fails for
every real tenant: the template is filled with the token's ``tid`` and that tenant must be
one the operator allows (ASVS V10.5.3, V10.6.1).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

TENANT_PLACEHOLDER = "{tenantid}"


@dataclass(frozen=True)
class Rules:
    """What the operator allows for one identity provider."""

    issuer: str
    tenants: frozenset[str] = field(default_factory=frozenset)
    domains: frozenset[str] = field(default_factory=frozenset)


def expected_issuer(template: str, tenant: str | None) -> str | None:
    """The issuer a token must carry: the template filled with its tenant (None when the
    template needs a tenant and the token has none)."""
    if TENANT_PLACEHOLDER not in template:
        return template
    if not tenant:
        return None
    return template.replace(TENANT_PLACEHOLDER, tenant)


def refusal(rules: Rules, claims: Mapping[str, object]) -> str | None:
    """Why these ID token claims may not sign anyone in, or None when they may."""
    tenant = claims.get("tid")
    tenant_text = tenant if isinstance(tenant, str) else None
    wanted = expected_issuer(rules.issuer, tenant_text)
    if wanted is None or claims.get("iss") != wanted:
        return "issuer"
    if rules.tenants and tenant_text not in rules.tenants:
        return "tenant"
    if TENANT_PLACEHOLDER in rules.issuer and not rules.tenants:
        return "tenant"  # a multi-tenant provider with no allowed tenants allows none
    if not isinstance(claims.get("sub"), str) or not claims.get("sub"):
        return "subject"
    return None


def verified_email(claims: Mapping[str, object]) -> str | None:
    """The e-mail address the provider vouches for (``email_verified`` true), lower case."""
    email = claims.get("email")
    if not isinstance(email, str) or claims.get("email_verified") is not True:
        return None
    return email.strip().lower() or None


def domain_allowed(email: str, domains: Collection[str]) -> bool:
    """Whether an address is in one of the allowed domains (any domain when none is set)."""
    if not domains:
        return True
    domain = email.rpartition("@")[2].lower()
    return domain in {d.lower() for d in domains}


def provider_mfa(claims: Mapping[str, object]) -> bool:
    """Whether the provider says it used more than one factor (RFC 8176 ``amr`` "mfa")."""
    amr = claims.get("amr")
    return isinstance(amr, list) and "mfa" in amr


def needs_local_code(two_factor_role: bool, has_local_code: bool, mfa: bool) -> bool:
    """Whether the person must still give a local code after the provider (ASVS V6.3.3)."""
    return not mfa and (two_factor_role or has_local_code)
