"""Service errors as command-line messages: one line each, exit status 1, no traceback."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

import click

from selfassess.domain import QuestionnaireError
from selfassess.services import Invalid, ServiceError

F = TypeVar("F", bound=Callable[..., Any])


def reported(command: F) -> F:
    """Turn service errors into one line each on stderr and exit status 1, never a traceback."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except Invalid as exc:
            for line in exc.errors[:-1]:
                click.echo(line, err=True)
            raise click.ClickException(exc.errors[-1]) from exc
        except (ServiceError, QuestionnaireError) as exc:
            raise click.ClickException(str(exc)) from exc

    return wrapper  # type: ignore[return-value]
