"""A real OpenID provider (oidc-provider-mock, served by Werkzeug on a free loopback port)
for the sign-in tests, in front of which a small WSGI layer can act as Microsoft Entra ID's
multi-tenant endpoint: the discovery document names the issuer as a ``{tenantid}``
template, and each token is issued by that template filled with the tenant (here
``http://<tid>.127.0.0.1:port``, as Entra's ``https://login.microsoftonline.com/<tid>/v2.0``)."""

from __future__ import annotations

import json
import threading
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from urllib.parse import quote, urlsplit

import requests
from werkzeug.serving import make_server

with warnings.catch_warnings():
    # The provider (a test tool) still imports authlib.jose, which Authlib 1.9 deprecates.
    warnings.simplefilter("ignore", DeprecationWarning)
    import oidc_provider_mock


@dataclass
class Provider:
    url: str
    tenant: list[str] = field(default_factory=list)  # set: act as Entra for this tenant

    def person(self, sub: str, **claims: object) -> None:
        """Set what the provider says about ``sub`` (its ID token claims)."""
        answer = requests.put(f"{self.url}/users/{quote(sub)}", json=claims, timeout=5)
        assert answer.status_code == 204, answer.text

    def authorise(self, location: str, sub: str) -> str:
        """Press "authorise" as ``sub`` on the provider's page; returns the callback path."""
        answer = requests.post(location, data={"sub": sub}, allow_redirects=False, timeout=5)
        assert answer.status_code == 302, answer.text
        parts = urlsplit(answer.headers["Location"])
        return f"{parts.path}?{parts.query}"


def _entra(app, provider: Provider):
    def layer(environ, start_response):
        path = environ.get("PATH_INFO", "")
        if provider.tenant and path == "/oauth2/token":
            # The provider names its host as the issuer: a per-tenant host stands in for
            # Entra's per-tenant path (a Host header cannot carry a path).
            environ["HTTP_HOST"] = f"{provider.tenant[0]}.{environ['HTTP_HOST']}"
        if not (provider.tenant and path == "/.well-known/openid-configuration"):
            return app(environ, start_response)
        captured: list = []
        body = b"".join(app(environ, lambda status, headers, *a: captured.append(status)))
        document = json.loads(body)
        document["issuer"] = provider.url.replace("//", "//{tenantid}.")
        out = json.dumps(document).encode()
        start_response(captured[0], [("Content-Type", "application/json")])
        return [out]

    return layer


@contextmanager
def running() -> Iterator[Provider]:
    provider = Provider("")
    app = oidc_provider_mock.app(require_nonce=True)
    server = make_server("127.0.0.1", 0, _entra(app, provider), threaded=True)
    provider.url = f"http://127.0.0.1:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield provider
    finally:
        server.shutdown()
        thread.join()
