"""`make bench` and `make loadtest` each rewrite only their own part of docs/performance.md."""

from __future__ import annotations

import importlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_bench_and_loadtest_keep_each_others_sections(tmp_path, monkeypatch):
    # bench/ is a folder of the repository, not part of the installed package.
    monkeypatch.syspath_prepend(str(ROOT))
    common = importlib.import_module("bench.common")
    report = tmp_path / "performance.md"
    monkeypatch.setattr(common, "REPORT", report)
    monkeypatch.setattr(common, "machine", lambda: "test machine")
    common.write_load_section("## Load\n\nfirst load figures\n")
    common.write_report([common.Section("Scoring", "method", [("floor", "1 ms", "-")])])
    text = report.read_text(encoding="utf-8")
    assert "## Scoring" in text
    assert "first load figures" in text
    common.write_load_section("## Load\n\nsecond load figures\n")
    common.write_report([common.Section("Rendering", "method", [("floor", "2 ms", "-")])])
    text = report.read_text(encoding="utf-8")
    assert "## Rendering" in text
    assert "## Scoring" not in text
    assert "second load figures" in text
    assert "first load figures" not in text
    assert text.count(common.LOAD_BEGIN) == text.count(common.LOAD_END) == 1
