"""Charts of a round's results as SVG or PNG bytes, drawn with matplotlib's object API.

Never pyplot: it keeps global state that threads share (docs/pitfalls.md P5). Text is drawn
literally (no mathtext: ``$`` stays a dollar sign) after removing control and bidi-override
characters. Charts are cached by the content they show, so an unchanged chart is not redrawn.
"""

from __future__ import annotations

import io
import json
import textwrap
import warnings
from collections.abc import Sequence
from functools import lru_cache
from statistics import fmean
from typing import Any

import matplotlib

matplotlib.use("Agg")


from selfassess.domain.questionnaire import PHASES
from selfassess.domain.results import RoundResults
from selfassess.domain.rounding import round_half_away
from selfassess.domain.text import clean_text
from selfassess.report.charts.figures import STYLE, phase_figure, radar_figure, trend_figure


def label(text: str, width: int = 22) -> str:
    """Chart-safe text: one line of plain characters, wrapped for axis labels."""
    plain = clean_text(text, 10_000, single_line=True)[:120]
    return "\n".join(textwrap.wrap(plain, width)) or "–"


def _drawn(series: Sequence[object]) -> bool:
    """A series is drawn (and in the legend) only when it has a value."""
    return any(v is not None for v in series)


def radar_spec(
    results: RoundResults, partners: list[str], numbered: bool = False
) -> dict[str, Any]:
    """What the radar shows, as plain data (also the cache key). ``numbered`` names the
    axes 1, 2, … (for a page that lists the items by number beside the chart)."""
    items = results.questionnaire.items
    chosen = [
        [label(name, 40), [results.scores.partners[name].items[i.slug] for i in items]]
        for name in partners
        if name in results.scores.partners
    ]
    return {
        "axes": [str(n) if numbered else label(i.title) for n, i in enumerate(items, start=1)],
        "trust": [results.scores.trust.items[i.slug] for i in items],
        "targets": [results.targets.get(i.slug, 3) for i in items],
        "partners": [pair for pair in chosen if _drawn(pair[1])],
        "numbered": numbered,
    }


def phase_spec(results: RoundResults) -> dict[str, Any]:
    """Trust and partner phase scores; the target of a phase is its items' targets averaged,
    as a whole level. Partners with no score are neither drawn nor in the legend."""
    items = results.questionnaire.items
    targets = [
        fmean([results.targets.get(i.slug, 3) for i in items if p in i.phases] or [3])
        for p in PHASES
    ]
    partners = [
        [label(name, 40), [f.phases[p] for p in PHASES]]
        for name, f in results.scores.partners.items()
    ]
    return {
        "phases": [label(f"{p}. {name}", 28) for p, name in PHASES.items()],
        "trust": [results.scores.trust.phases[p] for p in PHASES],
        "targets": [round_half_away(t, 0) for t in targets],
        "partners": [pair for pair in partners if _drawn(pair[1])],
    }


def radar(
    results: RoundResults,
    partners: list[str] | None = None,
    fmt: str = "svg",
    numbered: bool = False,
) -> bytes:
    """One axis per item: the trust, the chosen partners and the target ring."""
    spec = json.dumps(radar_spec(results, partners or [], numbered), sort_keys=True)
    return _draw("radar", fmt, spec)


def radar_against(
    results: RoundResults, name: str, medians: dict[str, float | None], fmt: str = "svg"
) -> bytes:
    """The trust's radar with a comparison series (e.g. the median of all trusts)."""
    spec = radar_spec(results, [])
    spec["partners"] = [
        [label(name, 40), [medians.get(i.slug) for i in results.questionnaire.items]]
    ]
    return _draw("radar", fmt, json.dumps(spec, sort_keys=True))


def trend(rounds: list[RoundResults], fmt: str = "svg") -> bytes:
    """Overall and phase scores of a trust over its rounds."""
    spec = {
        "rounds": [label(r.info.name, 16) for r in rounds],
        "series": [["Overall", [r.scores.trust.overall for r in rounds]]]
        + [
            [label(f"Phase {p}. {name}", 40), [r.scores.trust.phases[p] for r in rounds]]
            for p, name in PHASES.items()
        ],
    }
    return _draw("trend", fmt, json.dumps(spec, sort_keys=True))


def phase_bars(results: RoundResults, fmt: str = "svg") -> bytes:
    """Trust score per commissioning phase, with each partner's score marked."""
    return _draw("phases", fmt, json.dumps(phase_spec(results), sort_keys=True))


@lru_cache(maxsize=256)
def _draw(kind: str, fmt: str, spec_json: str) -> bytes:
    spec = json.loads(spec_json)
    out = io.BytesIO()
    style: Any = STYLE  # rc names, which the stubs list as literals
    with matplotlib.rc_context(style), warnings.catch_warnings():
        draw = {"radar": radar_figure, "phases": phase_figure, "trend": trend_figure}[kind]
        figure = draw(spec)
        if fmt == "svg":
            figure.savefig(out, format="svg", metadata={"Date": None})
        else:
            figure.savefig(out, format="png", dpi=200, metadata={"Software": None})
    return out.getvalue()
