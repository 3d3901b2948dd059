"""QR codes as inline SVG (segno): no image request, nothing for the CSP to allow."""

from __future__ import annotations

import segno
from markupsafe import Markup


def qr_svg(text: str) -> Markup:
    """The QR code of ``text`` as an <svg> element, titled for screen readers."""
    code = segno.make(text, error="m")
    # segno escapes the title; the SVG is built from the code's modules, not from user text.
    return Markup(code.svg_inline(scale=4, title="QR code of your key", dark="#0b0c0c"))  # noqa: S704
