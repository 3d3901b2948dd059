"""Charts: SVG and PNG bytes, literal text (no mathtext), cached by content."""

from __future__ import annotations

import dataclasses
import re

import matplotlib
import pytest

from selfassess.report import charts
from selfassess.report.charts import figures as chart_figures
from selfassess.report.pdf import sections as pdf_sections
from selfassess.services.results import round_results


@pytest.fixture
def results(app, worked_round):
    with app.app_context():
        return round_results(worked_round)


def test_radar_svg_shows_items_partners_and_target(results):
    svg = charts.radar(results, ["Council", "Schools"]).decode("utf-8")
    assert svg.startswith("<?xml")
    for text in ("Item one", "Item three", "Council", "Schools", "Trust", "Target"):
        assert text in svg
    assert "PCT" not in svg


def test_png_is_an_image_and_reproducible(results):
    first = charts.phase_bars(results, fmt="png")
    charts._draw.cache_clear()
    assert first.startswith(b"\x89PNG\r\n\x1a\n")
    assert charts.phase_bars(results, fmt="png") == first


def test_unchanged_chart_is_not_redrawn(results):
    charts._draw.cache_clear()
    charts.radar(results, ["PCT"])
    charts.radar(results, ["PCT"])
    info = charts._draw.cache_info()
    assert (info.misses, info.hits) == (1, 1)


def test_hostile_names_draw_literally(results, hostile_strings):
    for text in hostile_strings:
        partners = dict(results.scores.partners)
        partners[text] = partners.pop("Council")
        scores = dataclasses.replace(results.scores, partners=partners)
        hostile = dataclasses.replace(results, scores=scores)
        svg = charts.radar(hostile, [text]).decode("utf-8")
        assert svg.startswith("<?xml")
    dollars = dataclasses.replace(
        results,
        scores=dataclasses.replace(
            results.scores, partners={"Cost $5 to $10": results.scores.partners["Council"]}
        ),
    )
    assert "Cost $5 to $10" in charts.radar(dollars, ["Cost $5 to $10"]).decode("utf-8")


def test_bidi_override_is_removed_from_labels():
    assert charts.label("\u202eevil.exe\u202d") == "evil.exe"


def test_legend_lists_only_partners_that_are_drawn(results):
    silent = [name for name, f in results.scores.partners.items() if f.overall is None]
    assert silent == ["Police"]  # invited, submitted nothing
    for svg in (charts.phase_bars(results), charts.radar(results, ["Council", "Police"])):
        text = svg.decode("utf-8")
        assert "Police" not in text
        assert "Target" in text
    assert "Council" in charts.phase_bars(results).decode("utf-8")


def test_colour_blind_safe_palette_with_shapes_and_line_styles(results):
    svg = charts.phase_bars(results).decode("utf-8").lower()
    assert "#e69f00" in svg
    assert "#56b4e9" in svg
    for old in ("#d4351c", "#00703c", "#f47738"):
        assert old not in svg
    styles = [chart_figures._style(n) for n in range(10)]
    assert len({s["marker"] for s in styles}) == 10  # ten partners, ten shapes
    assert len({(s["color"], s["linestyle"]) for s in styles}) == 10


def test_scales_run_from_one_to_four_with_the_target_and_labels_off_the_marks(results):
    spec = charts.phase_spec(results)
    with matplotlib.rc_context(chart_figures.STYLE):
        figure = chart_figures.phase_figure(spec)
        axes = figure.axes[0]
        assert axes.get_xlim() == (1.0, 4.0)
        bars = [p for p in axes.patches if p.get_width() > 0]
        assert bars
        assert all(bar.get_x() == 1 for bar in bars)
        assert "Target" in axes.get_legend_handles_labels()[1]
        labels = [t for t in axes.texts if t.get_text().startswith("Trust")]
        assert len(labels) == 3
        # Value labels sit right of the plotting area (x in axes units > 1): no mark there.
        assert all(t.get_position()[0] > 1 for t in labels)
        radar = chart_figures.radar_figure(charts.radar_spec(results, []))
        assert radar.axes[0].get_ylim() == (1.0, 4.0)


def test_chart_text_is_at_least_seven_points_as_printed(results):
    for png, svg in (
        (charts.radar(results, fmt="png"), charts.radar(results)),
        (charts.phase_bars(results, fmt="png"), charts.phase_bars(results)),
    ):
        text = svg.decode("utf-8")
        width = float(re.search(r'<svg[^>]* width="([0-9.]+)pt"', text).group(1))
        sizes = [float(s) for s in re.findall(r"font-size: ([0-9.]+)px", text)]
        printed = pdf_sections.chart(png).drawWidth  # points on the page
        assert printed == pytest.approx(width, abs=0.5)  # printed at the size it is drawn
        assert min(sizes) * printed / width >= 7
