"""Charts of a round's results as SVG or PNG bytes, drawn with matplotlib's object API.

Never pyplot: it keeps global state that threads share (PITFALLS P5). Text is drawn
literally (no mathtext: ``$`` stays a dollar sign) after removing control and bidi-override
characters. Charts are cached by the content they show, so an unchanged chart is not redrawn.
"""

from __future__ import annotations

import io
import json
import math
import textwrap
import warnings
from functools import lru_cache
from typing import Any

import matplotlib

matplotlib.use("Agg")

from matplotlib.figure import Figure

from selfassess.domain.questionnaire import PHASES
from selfassess.domain.results import RoundResults
from selfassess.domain.text import clean_text

TRUST_COLOUR = "#1d70b8"
TARGET_COLOUR = "#505a5f"
PARTNER_COLOURS = (
    "#d4351c",
    "#00703c",
    "#f47738",
    "#4c2c92",
    "#b58840",
    "#28a197",
    "#912b88",
    "#85994b",
    "#5694ca",
    "#6f777b",
)
# Text stays text in SVG (searchable, accessible); the hash salt makes ids reproducible.
STYLE = {
    "svg.hashsalt": "selfassess",
    "svg.fonttype": "none",
    "font.family": "DejaVu Sans",
    "font.size": 9,
}


def label(text: str, width: int = 22) -> str:
    """Chart-safe text: one line of plain characters, wrapped for axis labels."""
    plain = clean_text(text, 10_000, single_line=True)[:120]
    return "\n".join(textwrap.wrap(plain, width)) or "–"


def radar_spec(results: RoundResults, partners: list[str]) -> dict[str, Any]:
    """What the radar shows, as plain data (also the cache key)."""
    items = results.questionnaire.items
    return {
        "axes": [label(i.title) for i in items],
        "trust": [results.scores.trust.items[i.slug] for i in items],
        "targets": [results.targets.get(i.slug, 3) for i in items],
        "partners": [
            [label(name, 40), [results.scores.partners[name].items[i.slug] for i in items]]
            for name in partners
            if name in results.scores.partners
        ],
    }


def phase_spec(results: RoundResults) -> dict[str, Any]:
    return {
        "phases": [label(f"{p}. {name}", 28) for p, name in PHASES.items()],
        "trust": [results.scores.trust.phases[p] for p in PHASES],
        "partners": [
            [label(name, 40), [f.phases[p] for p in PHASES]]
            for name, f in results.scores.partners.items()
        ],
    }


def radar(results: RoundResults, partners: list[str] | None = None, fmt: str = "svg") -> bytes:
    """One axis per item: the trust, the chosen partners and the target ring."""
    spec = json.dumps(radar_spec(results, partners or []), sort_keys=True)
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
    figure = {"radar": _radar_figure, "phases": _phase_figure, "trend": _trend_figure}[kind](spec)
    out = io.BytesIO()
    with matplotlib.rc_context(STYLE), warnings.catch_warnings():
        # A name in a script the font lacks (CJK, emoji) draws as boxes: fine for a chart.
        warnings.filterwarnings("ignore", message="Glyph .* missing from font")
        if fmt == "svg":
            figure.savefig(out, format="svg", metadata={"Date": None})
        else:
            figure.savefig(out, format="png", dpi=200, metadata={"Software": None})
    return out.getvalue()


def _values(series: list[float | None]) -> list[float]:
    return [math.nan if v is None else v for v in series]


def _legend(axes: Any, right: float) -> None:
    """The legend beside the chart, its names drawn literally."""
    legend = axes.legend(loc="upper left", bbox_to_anchor=(right, 1.0), fontsize=7, frameon=False)
    for text in legend.get_texts():
        text.set_parse_math(False)


def _radar_figure(spec: dict[str, Any]) -> Figure:
    count = len(spec["axes"])
    angles = [2 * math.pi * n / count for n in range(count)]
    closed = [*angles, angles[0]]
    figure = Figure(figsize=(8, 7.5), layout="constrained")
    axes = figure.add_subplot(projection="polar")
    axes.set_theta_offset(math.pi / 2)
    axes.set_theta_direction(-1)
    axes.set_ylim(0, 4)
    axes.set_yticks([1, 2, 3, 4], ["1", "2", "3", "4"], parse_math=False)
    axes.set_xticks(angles, spec["axes"], parse_math=False, fontsize=7)
    targets = spec["targets"]
    axes.plot(
        closed,
        [*targets, targets[0]],
        color=TARGET_COLOUR,
        linestyle="--",
        linewidth=1.2,
        label="Target",
    )
    for index, (name, series) in enumerate(spec["partners"]):
        values = _values(series)
        axes.plot(
            closed,
            [*values, values[0]],
            linewidth=1,
            color=PARTNER_COLOURS[index % len(PARTNER_COLOURS)],
            label=name,
        )
    trust = _values(spec["trust"])
    axes.plot(closed, [*trust, trust[0]], color=TRUST_COLOUR, linewidth=2.5, label="Trust")
    axes.fill(closed, [*trust, trust[0]], color=TRUST_COLOUR, alpha=0.12)
    _legend(axes, 1.05)
    return figure


def _phase_figure(spec: dict[str, Any]) -> Figure:
    figure = Figure(figsize=(8, 3.2), layout="constrained")
    axes = figure.add_subplot()
    positions = list(range(len(spec["phases"])))
    trust = _values(spec["trust"])
    bars = axes.barh(
        positions,
        [0 if math.isnan(v) else v for v in trust],
        color=TRUST_COLOUR,
        height=0.55,
        label="Trust",
    )
    for bar, value in zip(bars, trust, strict=True):
        text = "–" if math.isnan(value) else f"{value:.1f}"
        axes.text(
            bar.get_width() + 0.05,
            bar.get_y() + bar.get_height() / 2,
            text,
            va="center",
            parse_math=False,
        )
    for index, (name, series) in enumerate(spec["partners"]):
        axes.scatter(
            _values(series),
            positions,
            marker="|",
            s=250,
            linewidths=2,
            color=PARTNER_COLOURS[index % len(PARTNER_COLOURS)],
            label=name,
        )
    axes.set_yticks(positions, spec["phases"], parse_math=False)
    axes.invert_yaxis()
    axes.set_xlim(0, 4.4)
    axes.set_xticks([1, 2, 3, 4])
    axes.set_xlabel("Score (1 Not yet in place – 4 Exemplary)")
    _legend(axes, 1.01)
    return figure


def _trend_figure(spec: dict[str, Any]) -> Figure:
    figure = Figure(figsize=(8, 3.6), layout="constrained")
    axes = figure.add_subplot()
    positions = list(range(len(spec["rounds"])))
    for index, (name, series) in enumerate(spec["series"]):
        axes.plot(
            positions,
            _values(series),
            marker="o",
            label=name,
            linewidth=2.5 if index == 0 else 1.2,
            color=TRUST_COLOUR if index == 0 else PARTNER_COLOURS[index - 1],
        )
    axes.set_xticks(positions, spec["rounds"], parse_math=False)
    axes.set_ylim(1, 4)
    axes.set_yticks([1, 2, 3, 4])
    axes.set_ylabel("Trust score")
    _legend(axes, 1.01)
    return figure
