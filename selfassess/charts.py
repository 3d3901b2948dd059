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
from statistics import fmean
from typing import Any

import matplotlib

matplotlib.use("Agg")

from matplotlib.figure import Figure

from selfassess.domain.questionnaire import PHASES
from selfassess.domain.results import RoundResults
from selfassess.domain.rounding import round_half_away
from selfassess.domain.text import clean_text

# Okabe–Ito: told apart by colour-blind readers; shapes and line styles tell series apart
# in greyscale too (no series is told by colour alone).
TRUST_COLOUR = "#0072B2"
TARGET_COLOUR = "#000000"
PARTNER_COLOURS = (
    "#E69F00",
    "#56B4E9",
    "#009E73",
    "#D55E00",
    "#CC79A7",
    "#F0E442",
    "#000000",
)
MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*", "<", ">", "h", "p")
LINE_STYLES = ("-", "--", "-.", ":")
MIN_FONT = 8  # points at printed size: the PDF prints charts at the size they are drawn
# Text stays text in SVG (searchable, accessible); the hash salt makes ids reproducible.
STYLE = {
    "svg.hashsalt": "selfassess",
    "svg.fonttype": "none",
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "legend.fontsize": MIN_FONT,
    "xtick.labelsize": MIN_FONT,
    "ytick.labelsize": MIN_FONT,
}


def label(text: str, width: int = 22) -> str:
    """Chart-safe text: one line of plain characters, wrapped for axis labels."""
    plain = clean_text(text, 10_000, single_line=True)[:120]
    return "\n".join(textwrap.wrap(plain, width)) or "–"


def _drawn(series: list[float | None]) -> bool:
    """A series is drawn (and in the legend) only when it has a value."""
    return any(v is not None for v in series)


def radar_spec(results: RoundResults, partners: list[str]) -> dict[str, Any]:
    """What the radar shows, as plain data (also the cache key)."""
    items = results.questionnaire.items
    chosen = [
        [label(name, 40), [results.scores.partners[name].items[i.slug] for i in items]]
        for name in partners
        if name in results.scores.partners
    ]
    return {
        "axes": [label(i.title) for i in items],
        "trust": [results.scores.trust.items[i.slug] for i in items],
        "targets": [results.targets.get(i.slug, 3) for i in items],
        "partners": [pair for pair in chosen if _drawn(pair[1])],
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
    out = io.BytesIO()
    with matplotlib.rc_context(STYLE), warnings.catch_warnings():
        # A name in a script the font lacks (CJK, emoji) draws as boxes: fine for a chart.
        warnings.filterwarnings("ignore", message="Glyph .* missing from font")
        draw = {"radar": _radar_figure, "phases": _phase_figure, "trend": _trend_figure}[kind]
        figure = draw(spec)
        if fmt == "svg":
            figure.savefig(out, format="svg", metadata={"Date": None})
        else:
            figure.savefig(out, format="png", dpi=200, metadata={"Software": None})
    return out.getvalue()


def _values(series: list[float | None]) -> list[float]:
    return [math.nan if v is None else v for v in series]


def _style(index: int) -> dict[str, Any]:
    """Colour, marker and line style of the n-th partner series: never colour alone."""
    return {
        "color": PARTNER_COLOURS[index % len(PARTNER_COLOURS)],
        "marker": MARKERS[index % len(MARKERS)],
        # Shifted each time the colours repeat, so that no two series look the same.
        "linestyle": LINE_STYLES[(index + 2 * (index // len(PARTNER_COLOURS))) % 4],
    }


def _legend(figure: Figure, axes: Any, columns: int) -> None:
    """The legend below the chart, its names drawn literally, only for what is drawn."""
    legend = figure.legend(
        *axes.get_legend_handles_labels(),
        loc="outside lower center",
        ncols=columns,
        frameon=False,
    )
    for text in legend.get_texts():
        text.set_parse_math(False)


def _radar_figure(spec: dict[str, Any]) -> Figure:
    count = len(spec["axes"])
    angles = [2 * math.pi * n / count for n in range(count)]
    closed = [*angles, angles[0]]
    figure = Figure(figsize=(7.0, 6.2), layout="constrained")
    axes = figure.add_subplot(projection="polar")
    axes.set_theta_offset(math.pi / 2)
    axes.set_theta_direction(-1)
    axes.set_ylim(1, 4)  # the scale runs from 1 to 4: nothing starts at 0
    axes.set_yticks([1, 2, 3, 4], ["1", "2", "3", "4"], parse_math=False)
    axes.set_xticks(angles, spec["axes"], parse_math=False)
    axes.tick_params(axis="x", pad=16)  # item names clear of the outer ring
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
            closed, [*values, values[0]], linewidth=1, markersize=4, label=name, **_style(index)
        )
    trust = _values(spec["trust"])
    axes.plot(
        closed,
        [*trust, trust[0]],
        color=TRUST_COLOUR,
        linewidth=2.5,
        marker="o",
        markersize=4,
        label="Trust",
    )
    axes.fill(closed, [*trust, trust[0]], color=TRUST_COLOUR, alpha=0.12)
    _legend(figure, axes, 3)
    return figure


def _phase_figure(spec: dict[str, Any]) -> Figure:
    figure = Figure(figsize=(7.0, 3.0 + 0.12 * len(spec["partners"])), layout="constrained")
    axes = figure.add_subplot()
    positions = list(range(len(spec["phases"])))
    trust = _values(spec["trust"])
    widths = [0 if math.isnan(v) else v - 1 for v in trust]
    axes.barh(positions, widths, left=1, color=TRUST_COLOUR, alpha=0.35, height=0.7, label="Trust")
    for index, (name, series) in enumerate(spec["partners"]):
        style = _style(index)
        # Each partner on its own line within the bar, so that equal scores do not hide.
        offset = (index + 0.5) / len(spec["partners"]) * 0.56 - 0.28
        axes.scatter(
            _values(series),
            [p + offset for p in positions],
            marker=style["marker"],
            s=30,
            color=style["color"],
            edgecolors="black",
            linewidths=0.5,
            label=name,
            zorder=3,
        )
    if "targets" in spec:
        axes.vlines(
            spec["targets"],
            [p - 0.38 for p in positions],
            [p + 0.38 for p in positions],
            colors=TARGET_COLOUR,
            linestyles="--",
            linewidth=1.5,
            label="Target",
            zorder=4,
        )
    _value_labels(axes, positions, trust)
    axes.set_yticks(positions, spec["phases"], parse_math=False)
    axes.invert_yaxis()
    axes.set_xlim(1, 4)
    axes.set_xticks([1, 2, 3, 4])
    axes.set_xlabel("Score (1 Not yet in place – 4 Exemplary)")
    _legend(figure, axes, 2)
    return figure


def _value_labels(axes: Any, positions: list[int], trust: list[float]) -> None:
    """Values sit beside the plot, where no mark can be drawn over them."""
    for position, value in zip(positions, trust, strict=True):
        text = "–" if math.isnan(value) else f"{round_half_away(value, 1):.1f}"
        axes.text(
            1.01,
            position,
            f"Trust {text}",
            va="center",
            parse_math=False,
            transform=axes.get_yaxis_transform(),
        )


def _trend_figure(spec: dict[str, Any]) -> Figure:
    figure = Figure(figsize=(7.0, 3.6), layout="constrained")
    axes = figure.add_subplot()
    positions = list(range(len(spec["rounds"])))
    for index, (name, series) in enumerate(spec["series"]):
        style = {"color": TRUST_COLOUR, "marker": "o", "linestyle": "-"}
        axes.plot(
            positions,
            _values(series),
            label=name,
            linewidth=2.5 if index == 0 else 1.2,
            **(style if index == 0 else _style(index - 1)),
        )
    axes.set_xticks(positions, spec["rounds"], parse_math=False)
    axes.set_ylim(1, 4)
    axes.set_yticks([1, 2, 3, 4])
    axes.set_ylabel("Trust score")
    _legend(figure, axes, 2)
    return figure
