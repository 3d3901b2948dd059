"""Helpers shared by the browser tests."""

from __future__ import annotations

PASSWORD = "correct horse battery staple"


def sign_in(page, email: str, password: str = PASSWORD) -> None:
    page.goto("/sign-in")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
