"""Access rules live in policy.py, not in templates (issue 18 part 3): a template is told
what the person may do (``may_validate``, ``may_answer``, ...) and never compares roles
itself, so a rule changed in policy.py cannot be contradicted by a page."""

from __future__ import annotations

import re
from pathlib import Path

TEMPLATES = Path(__file__).parent.parent / "selfassess" / "templates"
# A role compared or looked up, or a policy input read directly.
ROLE_CHECK = re.compile(
    r"\.role\s*(==|!=|in\b|not in\b)|advised_trusts|\bis_advisor\b|\bis_admin\b"
)


def test_templates_take_access_booleans_from_policy():
    found = [
        f"{path.relative_to(TEMPLATES)}:{number}: {line.strip()[:80]}"
        for path in sorted(TEMPLATES.rglob("*.html"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if ROLE_CHECK.search(line)
    ]
    assert found == []
