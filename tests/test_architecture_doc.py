"""docs/architecture.md stays true to the tree: it names every package, and every path it
names exists in the repository (issue 18: the page had said five blueprints and one renderer)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).parent.parent
DOC = ROOT / "docs" / "architecture.md"
PACKAGE = ROOT / "selfassess"


def packages() -> list[str]:
    """Every package folder of the app (migrations' versions folder aside)."""
    return sorted(
        str(p.parent.relative_to(ROOT))
        for p in PACKAGE.rglob("__init__.py")
        if "versions" not in p.parts and p.parent != PACKAGE
    )


def test_the_page_names_every_package():
    text = DOC.read_text(encoding="utf-8")
    missing = [
        p
        for p in packages()
        if f"`{p}/`" not in text and f"`{Path(p).name}/`" not in text and f"{p}/" not in text
    ]
    assert missing == []


def test_every_path_the_page_names_exists():
    text = DOC.read_text(encoding="utf-8")
    named = set(re.findall(r"`((?:selfassess|docs|tests)/[\w/.]*)`", text))
    assert named, "the page names no path"
    assert sorted(n for n in named if not (ROOT / n).exists()) == []


def test_no_document_points_outside_the_repository():
    """Docs and code cite files of this repository only (../shared is not shipped)."""
    offenders = []
    for path in [*ROOT.glob("*.md"), *(ROOT / "docs").glob("*.md"), *PACKAGE.rglob("*.py")]:
        if "../shared" in path.read_text(encoding="utf-8"):
            offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []
