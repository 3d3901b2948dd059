"""Service errors as command-line messages: one line each, exit status 1, no traceback."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

import click

from selfassess.domain import QuestionnaireError
from selfassess.services import Invalid, ServiceError

P = ParamSpec("P")
R = TypeVar("R")


def reported(command: Callable[P, R]) -> Callable[P, R]:
    """Turn service errors into one line each on stderr and exit status 1, never a traceback."""

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except Invalid as exc:
            for line in exc.errors[:-1]:
                click.echo(line, err=True)
            raise click.ClickException(exc.errors[-1]) from exc
        except (ServiceError, QuestionnaireError) as exc:
            raise click.ClickException(str(exc)) from exc

    return wrapper
