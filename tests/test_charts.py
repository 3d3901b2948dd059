"""Charts: SVG and PNG bytes, literal text (no mathtext), cached by content."""

from __future__ import annotations

import dataclasses

import pytest

from selfassess import charts
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
