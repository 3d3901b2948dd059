"""Use cases over the database: the only layer that opens and commits transactions."""

from __future__ import annotations


class ServiceError(Exception):
    """A request the service cannot carry out; the message is fit to show a user."""


class NotFound(ServiceError):
    """The object does not exist (or is not visible to the caller)."""


class Invalid(ServiceError):
    """The input breaks a rule; ``errors`` lists every problem found."""

    def __init__(self, message: str, errors: list[str] | None = None) -> None:
        super().__init__(message)
        self.errors = errors or [message]


class Forbidden(ServiceError):
    """The caller may not do this."""
