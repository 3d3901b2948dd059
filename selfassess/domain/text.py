"""The one input gate for user text: Unicode normalisation and control characters."""

from __future__ import annotations

import re
import unicodedata
from typing import Final

# C0 controls except tab, newline and carriage return; DEL; C1 controls.
_CONTROLS: Final = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Bidirectional overrides and isolates can reverse the text around them in charts and PDFs.
_BIDI: Final = re.compile(r"[\u202a-\u202e\u2066-\u2069]")
_SURROGATES: Final = re.compile(r"[\ud800-\udfff]")


class InvalidText(ValueError):
    """Text that cannot be stored as typed (too long)."""


def clean_text(text: str, max_length: int, *, single_line: bool = False) -> str:
    """Normalise typed text (NFC, no control or bidi-override characters, no lone
    surrogates); with ``single_line`` collapse all whitespace, as for names.

    :raises InvalidText: when the cleaned text is longer than ``max_length``.
    """
    text = _SURROGATES.sub("\ufffd", text)
    text = unicodedata.normalize("NFC", text)
    text = _BIDI.sub("", _CONTROLS.sub("", text))
    text = " ".join(text.split()) if single_line else text.replace("\r\n", "\n").strip()
    if len(text) > max_length:
        raise InvalidText(f"is {len(text)} characters long; the limit is {max_length}")
    return text


def control_characters(text: str) -> int:
    """How many control and bidi-override characters :func:`clean_text` would remove, so
    that an import can say which rows lost some."""
    return len(_CONTROLS.findall(text)) + len(_BIDI.findall(text))
