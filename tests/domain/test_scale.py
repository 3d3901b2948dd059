"""The answer scale and the text input gate."""

from __future__ import annotations

import pytest

from selfassess.domain.scale import LABELS, InvalidAnswer, level_of, parse_answer
from selfassess.domain.text import InvalidText, clean_text


@pytest.mark.parametrize(
    ("text", "value", "level"),
    [
        ("1", "1", 1),
        ("4", "4", 4),
        (" 3 ", "3", 3),
        ("DK", "dk", None),
        ("na", "na", None),
    ],
)
def test_parse_answer(text, value, level):
    assert parse_answer(text) == value
    assert level_of(value) == level


@pytest.mark.parametrize("text", ["0", "5", "3.0", "", "yes", "n/a", "1 2"])
def test_parse_answer_rejects_values_off_the_scale(text):
    with pytest.raises(InvalidAnswer):
        parse_answer(text)


def test_every_value_has_a_label():
    assert LABELS["1"] == "Not yet in place"
    assert LABELS["4"] == "Exemplary"
    assert LABELS["dk"] == "Don't know"


@pytest.mark.parametrize(
    ("raw", "single_line", "clean"),
    [
        ("a\x00b", False, "ab"),
        ("\u202eevil.exe\u202d", True, "evil.exe"),
        ("e\u0301", True, "\u00e9"),  # NFC
        ("  two\n\nlines \r\n", False, "two\n\nlines"),
        ("two\nlines", True, "two lines"),
        ("\ud800x", True, "\ufffdx"),  # lone surrogate
        ("שלום 😀", True, "שלום 😀"),
    ],
)
def test_clean_text(raw, single_line, clean):
    assert clean_text(raw, 100, single_line=single_line) == clean


def test_clean_text_refuses_text_over_the_limit():
    with pytest.raises(InvalidText):
        clean_text("a" * 11, 10)
