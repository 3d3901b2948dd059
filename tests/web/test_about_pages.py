"""The accessibility statement and privacy notice: open to everyone, linked from every page."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("path", "heading", "says"),
    [
        ("/accessibility", "Accessibility statement", "cannot produce a tagged PDF"),
        ("/accessibility", "Accessibility statement", "Reporting a problem"),
        ("/privacy", "Privacy notice", "Who sees what"),
        ("/privacy", "Privacy notice", "stops working after 14 days"),
    ],
)
def test_pages_are_public(client, path, heading, says):
    page = client.get(path).get_data(as_text=True)
    assert f'<h1 class="govuk-heading-l">{heading}</h1>' in page
    assert says in page


def test_every_page_links_both_from_its_footer(client, auth, make_user, worked_round):
    pages = [client.get("/sign-in"), client.get("/no-such-page")]
    auth.login(make_user("admin"))
    pages += [client.get("/"), client.get(f"/rounds/{worked_round}/results")]
    for response in pages:
        footer = response.get_data(as_text=True).split('<footer class="govuk-footer">', 1)[1]
        assert 'href="/accessibility"' in footer
        assert 'href="/privacy"' in footer
