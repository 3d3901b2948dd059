"""Feedback shown beside the form it answers rather than at the top of the page."""

from __future__ import annotations

from flask import get_flashed_messages

# Flash categories for feedback shown beside the form it answers, not at the top of the page
# (base.html leaves them out): "here:<anchor>" for success, "here-error:<anchor>" for errors.
HERE, HERE_ERROR = "here:", "here-error:"


def here_notices() -> dict[str, tuple[bool, str]]:
    """Flashed feedback by the anchor it belongs to: (is an error, message)."""
    notices: dict[str, tuple[bool, str]] = {}
    flashed: list[tuple[str, str]] = get_flashed_messages(with_categories=True)  # type: ignore[assignment]
    for category, message in flashed:
        for prefix, error in ((HERE_ERROR, True), (HERE, False)):
            if category.startswith(prefix):
                notices[category.removeprefix(prefix)] = (error, message)
                break
    return notices
