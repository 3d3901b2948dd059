"""Every service names the acting person (issue 18 part 3): no ``actor=None`` meaning
"unchecked". The command line and the builders pass ``policy.SYSTEM``, so each call goes
through the same policy check and the audit trail says who acted (ASVS 8.2.1, 16.2.1)."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest

import selfassess.services
from selfassess.policy import SYSTEM, Actor
from selfassess.services import NotFound, reports, rounds, tallies


def _services():
    for info in pkgutil.iter_modules(selfassess.services.__path__):
        module = importlib.import_module(f"selfassess.services.{info.name}")
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if function.__module__ == module.__name__ and not name.startswith("_"):
                yield f"{info.name}.{name}", inspect.signature(inspect.unwrap(function))


def test_no_service_has_an_optional_actor():
    optional = [
        name
        for name, signature in _services()
        for parameter in signature.parameters.values()
        if parameter.name in ("actor", "by") and parameter.default is not inspect.Parameter.empty
    ]
    assert optional == []


def test_the_command_line_actor_passes_the_same_checks(app, make_trust, make_round):
    """SYSTEM may act on any trust; a person of another trust gets NotFound, as on the web."""
    round_id = make_round(make_trust())
    stranger = Actor(1, "Lee", "lee@example.org", "lead", "t", trust_id=999)
    with app.app_context():
        with pytest.raises(NotFound):
            tallies.round_tallies(stranger, round_id)
        with pytest.raises(NotFound):
            reports.round_report(stranger, round_id)
        assert reports.round_report(SYSTEM, round_id).trust_id
        rounds.close_round(SYSTEM, round_id)
        with pytest.raises(NotFound):
            rounds.reopen_round(stranger, round_id)
