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

# Renderers and rules work from domain values: no database, no web.
PURE_RENDERER = (
    "selfassess.models",
    "selfassess.services",
    "selfassess.web",
    "selfassess.extensions",
    "flask",
    "sqlalchemy",
)

# module prefix -> what it must not import (selfassess.* prefixes or third-party roots)
FORBIDDEN = {
    "selfassess.domain": (
        "selfassess.extensions",
        "selfassess.models",
        "selfassess.services",
        "selfassess.web",
        "selfassess.cli",
        "selfassess.policy",
        "selfassess.charts",
        "selfassess.pdf",
        "selfassess.exports",
        "selfassess.config",
        "selfassess.database",
        *OUTWARD,
    ),
    "selfassess.policy": PURE_RENDERER,
    "selfassess.exports": PURE_RENDERER,
    "selfassess.compare_exports": PURE_RENDERER,
    "selfassess.exports_common": PURE_RENDERER,
    "selfassess.exports_results": PURE_RENDERER,
    "selfassess.exports_actions": PURE_RENDERER,
    "selfassess.charts": PURE_RENDERER,
    "selfassess.chart_figures": PURE_RENDERER,
    "selfassess.pdf": PURE_RENDERER,
    "selfassess.pdf_sections": PURE_RENDERER,
    "selfassess.pdf_style": PURE_RENDERER,
    "selfassess.pdf_method": PURE_RENDERER,
    "selfassess.pdf_labels": PURE_RENDERER,
    "selfassess.pdf_fonts": PURE_RENDERER,
    "selfassess.pdf_summary": PURE_RENDERER,
    "selfassess.pdf_appendix": PURE_RENDERER,
    "selfassess.board": PURE_RENDERER,
    "selfassess.models": ("selfassess.services", "selfassess.web", "selfassess.cli"),
    "selfassess.services": ("selfassess.web", "selfassess.cli"),
    "selfassess.config": ("selfassess.",),
    "selfassess.extensions": ("selfassess.",),
    "selfassess.web": ("selfassess.extensions.db",),
    "selfassess.cli": ("selfassess.web", "selfassess.extensions.db"),
}


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
    rules = [
        r
        for prefix, rs in FORBIDDEN.items()
        if module == prefix or module.startswith(prefix + ".")
        for r in rs
    ]
    bad = sorted(i for i in imports_of(path) for r in rules if breaks(i, r))
    assert not bad, f"{module} must not import {bad}"


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
    (services.transactions.writes), never by upgrading a read (PITFALLS P6)."""
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
