"""How each chart is drawn with matplotlib's object API (never pyplot, docs/pitfalls.md P5): the
Okabe–Ito palette with marker shapes and line styles, scales from 1 to 4 with the target,
labels clear of the marks, legends only for what is drawn. Sizes are the printed sizes.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from matplotlib import font_manager
from matplotlib.figure import Figure

from selfassess.domain.rounding import round_half_away

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
# Debian's files (scripts/install_fonts.sh), registered by path: matplotlib's font cache may
# have been built before they were installed, and would then not know them.
FALLBACK_FONTS = (
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    "/usr/share/fonts/truetype/noto/NotoSansArabic-Regular.ttf",
    "/usr/share/fonts/truetype/noto/NotoSansHebrew-Regular.ttf",
    "/usr/share/fonts/truetype/nanum/NanumGothic.ttf",
    "/usr/share/fonts/truetype/ancient-scripts/Symbola_hint.ttf",
)


def fallback_families() -> list[str]:
    """The family names of the fallback fonts installed here, each registered once."""
    families = []
    for path in FALLBACK_FONTS:
        if Path(path).is_file():
            font_manager.fontManager.addfont(path)
            families.append(font_manager.FontProperties(fname=path).get_name())
    return families


LEGEND_CHARACTERS = 32  # a legend entry beyond this is cut at a word, with "…"
MIN_FONT = 8  # points at printed size: the PDF prints charts at the size they are drawn
# Text stays text in SVG (searchable, accessible); the hash salt makes ids reproducible.
STYLE = {
    "svg.hashsalt": "selfassess",
    "svg.fonttype": "none",
    # Fallback by family: a name in CJK, Arabic, Hebrew or emoji draws in a font that has it
    # (scripts/install_fonts.sh installs them), never as empty boxes.
    "font.family": ["DejaVu Sans", *fallback_families()],
    "font.size": 9,
    "legend.fontsize": MIN_FONT,
    "xtick.labelsize": MIN_FONT,
    "ytick.labelsize": MIN_FONT,
}


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


def _legend(figure: Figure, axes: Any, columns: int, loc: Any = "outside lower center") -> None:
    """The legend below the chart, its names drawn literally, only for what is drawn."""
    legend = figure.legend(
        *axes.get_legend_handles_labels(),
        loc=loc,
        ncols=columns,
        frameon=False,
    )
    for text in legend.get_texts():
        text.set_parse_math(False)
        text.set_text(shortened(text.get_text()))


def shortened(name: str, limit: int = LEGEND_CHARACTERS) -> str:
    """A legend name of at most ``limit`` characters, cut at a word with "…" when longer."""
    if len(name) <= limit:
        return name
    cut = name[: limit - 1]
    at_space = cut.rsplit(" ", 1)[0] if " " in cut.strip() else cut
    return at_space.rstrip(" ,;:-") + "…"


def radar_figure(spec: dict[str, Any]) -> Figure:
    count = len(spec["axes"])
    angles = [2 * math.pi * n / count for n in range(count)]
    closed = [*angles, angles[0]]
    # Placed by hand: constrained layout does not make room for polar tick labels.
    if spec.get("numbered"):  # short axis names: a smaller figure for a page
        figure = Figure(figsize=(7.0, 4.3))
        axes = figure.add_axes((0.2, 0.19, 0.6, 0.7), projection="polar")
    else:
        figure = Figure(figsize=(7.0, 6.0))
        axes = figure.add_axes((0.22, 0.14, 0.56, 0.74), projection="polar")
    polar: Any = axes  # a PolarAxes, which the stubs type as plain Axes
    polar.set_theta_offset(math.pi / 2)
    polar.set_theta_direction(-1)
    axes.set_ylim(1, 4)  # the scale runs from 1 to 4: nothing starts at 0
    # The rings carry no numbers (they would sit on the lines); the scale is told once.
    axes.set_yticks([1, 2, 3, 4], ["", "", "", ""])
    axes.set_xticks(angles, spec["axes"], parse_math=False)
    top = 0.98 if not spec.get("numbered") else 0.02
    figure.text(0.02, top, "Scale: centre 1 · rings 2 and 3 · edge 4", va="center")
    axes.tick_params(axis="x", pad=8)
    _clear_of_the_ring(axes, angles)
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
    _legend(figure, axes, 3, "lower right" if spec.get("numbered") else "lower center")
    return figure


def _clear_of_the_ring(axes: Any, angles: list[float]) -> None:
    """Item names grow away from the circle, never across it."""
    for text, angle in zip(axes.get_xticklabels(), angles, strict=True):
        across, up = math.sin(angle), math.cos(angle)  # clockwise from the top
        text.set_horizontalalignment(
            "left" if across > 0.1 else "right" if across < -0.1 else "center"
        )
        text.set_verticalalignment("bottom" if up > 0.9 else "top" if up < -0.9 else "center")


def phase_figure(spec: dict[str, Any]) -> Figure:
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


def trend_figure(spec: dict[str, Any]) -> Figure:
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
