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


def _load_report(monkeypatch):
    monkeypatch.syspath_prepend(str(ROOT))
    return importlib.import_module("bench.load_report")


def _step(users, save_p95, healthz_p95=10.0, failed=0):
    return {
        "times": {"save": [save_p95] * 20, "healthz": [healthz_p95] * 20},
        "failures": {"save": failed} if failed else {},
    }


def _run(report, engine, raw):
    saves = importlib.import_module("bench.load_data").SaveCheck(40, 400, 0, 0)
    return report.EngineRun(engine, report.steps_of(raw), saves, 0, 120.0)


def test_load_report_capacity_ratios_and_picture(tmp_path, monkeypatch):
    report = _load_report(monkeypatch)
    sqlite = _run(
        report,
        "SQLite",
        {"250": _step(250, 40.0), "750": _step(750, 120.0), "2500": _step(2500, 900.0)},
    )
    postgres = _run(
        report, "PostgreSQL", {"250": _step(250, 30.0), "750": _step(750, 60.0, failed=1)}
    )
    # The largest step under 150 ms with no errors; a failing step ends the count.
    assert sqlite.capacity() == 750
    assert postgres.capacity() == 250
    text = report.markdown([sqlite, postgres])
    # Each time as a ratio to the /healthz floor of the same step.
    assert "| SQLite | 2,500 | 83 | 10 ms | 90.0× (900 ms) |" in text
    assert "| SQLite | 750 users (25 saves/s) | 0 of 40 (400 values checked) |" in text
    assert "Locust and the server share the same 2 cores" in text
    picture = report.picture([sqlite, postgres], tmp_path / "curve.png")
    assert picture.read_bytes().startswith(b"\x89PNG")
    assert report.targets_met([sqlite, postgres])


def test_load_report_no_capacity_when_the_first_step_fails(monkeypatch):
    report = _load_report(monkeypatch)
    run = _run(report, "SQLite", {"250": _step(250, 400.0)})
    assert run.capacity() is None
    assert not report.targets_met([run])
