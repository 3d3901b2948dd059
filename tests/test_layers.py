"""The import rule of docs/architecture.md, checked by reading each module's imports."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parent.parent / "selfassess"
OUTWARD = (
    "flask",
    "werkzeug",
    "wtforms",
    "sqlalchemy",
    "matplotlib",
    "reportlab",
    "alembic",
    "click",
    "jinja2",
)

# Cross-cutting modules at the top of the package: they may import each other, nothing above.
CROSS_CUTTING = (
    "selfassess.config",
    "selfassess.clock",
    "selfassess.extensions",
    "selfassess.database",
    "selfassess.logbook",
)

# docs/architecture.md section 2: what each package may import inside selfassess. A module is
# ruled by its package, so a new module is covered by its folder without being listed.
ALLOWED = {
    "selfassess.domain": ("selfassess.domain",),
    "selfassess.policy": ("selfassess.policy", "selfassess.domain"),
    "selfassess.report": ("selfassess.report", "selfassess.domain"),
    "selfassess.exports": ("selfassess.exports", "selfassess.domain"),
    "selfassess.models": (
        "selfassess.models",
        "selfassess.extensions",
        "selfassess.domain",
        "selfassess.clock",
    ),
    **dict.fromkeys(CROSS_CUTTING, CROSS_CUTTING),
    "selfassess.services": (
        "selfassess.services",
        "selfassess.models",
        "selfassess.domain",
        "selfassess.policy",
        "selfassess.report",
        "selfassess.exports",
        *CROSS_CUTTING,
    ),
    "selfassess.jobs": (
        "selfassess.jobs",
        "selfassess.services",
        "selfassess.domain",
        "selfassess.policy",
        *CROSS_CUTTING,
    ),
    "selfassess.web": (
        "selfassess.web",
        "selfassess.services",
        "selfassess.policy",
        "selfassess.domain",
        "selfassess.report",
        "selfassess.exports",
        *CROSS_CUTTING,
    ),
    "selfassess.cli": (
        "selfassess.cli",
        "selfassess.services",
        "selfassess.domain",
        "selfassess.policy",
        "selfassess.report",
        "selfassess.exports",
        "selfassess.jobs",
        *CROSS_CUTTING,
    ),
}
# Third-party code the pure layers never touch.
PURE_FORBIDDEN = {
    "selfassess.domain": OUTWARD,
    "selfassess.policy": ("flask", "sqlalchemy", "werkzeug"),
    "selfassess.report": ("flask", "sqlalchemy", "werkzeug"),
    "selfassess.exports": ("flask", "sqlalchemy", "werkzeug"),
}


def package_of(module: str) -> str | None:
    """The ALLOWED key that rules ``module`` (the app factory, ``selfassess``, has none)."""
    for prefix in sorted(ALLOWED, key=len, reverse=True):
        if module == prefix or module.startswith(prefix + "."):
            return prefix
    return None


def modules() -> list[tuple[str, Path]]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found.append((name, path))
    return found


def imports_of(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def breaks(imported: str, rule: str) -> bool:
    if rule.endswith("."):
        return imported.startswith(rule)
    return imported == rule or imported.startswith(rule + ".")


@pytest.mark.parametrize(("module", "path"), modules(), ids=[m for m, _ in modules()])
def test_module_imports_follow_the_layer_rule(module, path):
    """Every module belongs to a package of the rule, and imports only what it allows."""
    if module == "selfassess":
        return  # the app factory wires everything together
    package = package_of(module)
    assert package, f"{module} is in no package of the layer rule (docs/architecture.md)"
    inside = {i for i in imports_of(path) if i.startswith("selfassess.")}
    # "from selfassess.models import Trust" yields both the module and the name: judge modules
    bad = sorted(
        i
        for i in inside
        if not any(i == a or i.startswith(a + ".") for a in ALLOWED[package])
        and not _is_name_in_allowed(i, ALLOWED[package])
    )
    outward = sorted(
        i for i in imports_of(path) for r in PURE_FORBIDDEN.get(package, ()) if breaks(i, r)
    )
    assert not bad + outward, f"{module} must not import {bad + outward}"


def _is_name_in_allowed(imported: str, allowed: tuple[str, ...]) -> bool:
    """``from selfassess import clock`` is recorded as selfassess.clock: judged as a module."""
    return imported.count(".") == 1 and imported in allowed


def blueprint_modules() -> set[str]:
    return {
        name
        for name, path in modules()
        if name.startswith("selfassess.web.") and "Blueprint(" in path.read_text(encoding="utf-8")
    }


def test_no_blueprint_imports_another_blueprint():
    blueprints = blueprint_modules()
    assert len(blueprints) > 10
    crossing = {
        name: sorted(i for i in imports_of(path) if i in blueprints and i != name)
        for name, path in modules()
        if name in blueprints
    }
    assert {k: v for k, v in crossing.items() if v} == {}


def test_the_package_rule_catches_an_upward_import(tmp_path):
    """The checker itself: database importing a service breaks the cross-cutting row."""
    assert package_of("selfassess.database") == "selfassess.database"
    assert not any(
        "selfassess.services.transactions".startswith(a) for a in ALLOWED["selfassess.database"]
    )
    assert package_of("selfassess.report.pdf.fonts") == "selfassess.report"
    assert package_of("selfassess.newthing") is None


def test_only_services_commit():
    offenders = [
        str(p.relative_to(PACKAGE))
        for _, p in modules()
        if re.search(r"\.commit\(", p.read_text(encoding="utf-8")) and "services" not in p.parts
    ]
    assert offenders == []


def test_services_never_read_the_request():
    for _, path in modules():
        if "services" in path.parts:
            found = imports_of(path) & {"flask.request", "flask.session", "flask.g"}
            assert not found, f"{path.name} imports {found}"


def test_the_rule_catches_a_violation(tmp_path):
    """The checker itself: a domain module importing Flask is reported."""
    sample = tmp_path / "bad.py"
    sample.write_text("from flask import request\nimport sqlalchemy.orm\n", encoding="utf-8")
    found = imports_of(sample)
    assert any(breaks(i, "flask") for i in found)
    assert any(breaks(i, "sqlalchemy") for i in found)


@pytest.mark.parametrize(("module", "path"), modules(), ids=[m for m, _ in modules()])
def test_modules_stay_small(module, path):
    assert len(path.read_text(encoding="utf-8").splitlines()) <= 300, module


def test_functions_stay_short():
    long = []
    for _, path in modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > 50:
                    long.append(f"{path.name}:{node.name} ({length} lines)")
    assert long == []


def test_every_service_that_commits_takes_the_write_lock_up_front():
    """Only writing transactions take SQLite's write lock, and they take it at BEGIN
    (services.transactions.writes), never by upgrading a read (docs/pitfalls.md P6)."""
    missing = []
    for name, path in modules():
        if not name.startswith("selfassess.services.") or name.endswith("transactions"):
            continue
        source = path.read_text(encoding="utf-8")
        for node in ast.parse(source).body:
            if not isinstance(node, ast.FunctionDef):
                continue
            body = ast.get_source_segment(source, node) or ""
            marked = any(getattr(d, "id", None) == "writes" for d in node.decorator_list)
            begins = "begin_write()" in body
            if "db.session.commit()" in body and not (marked or begins):
                missing.append(f"{name}.{node.name}")
    assert missing == ["selfassess.services.responses._commit_or_conflict"]
