"""Fonts of the board report: DejaVu (Latin, Greek, Cyrillic) and, by fallback, installed
fonts for other scripts (docs/deployment.md, "Fonts for other scripts").

ReportLab has no font fallback of its own: :func:`runs` splits text into runs that DejaVu
can set and runs set in the first fallback font that has every character of the run.
Fallback fonts are TrueType files (``.ttf``, ``.ttc``) in FALLBACK_DIRS, or in the folders
named by the ``SELFASSESS_PDF_FONT_DIRS`` environment variable (separated by ``:``), read
only when a text needs them.
"""

from __future__ import annotations

import os
from functools import cache, lru_cache
from pathlib import Path

import matplotlib
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

FONT_DIR = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
BODY_FONT = "DejaVu"
BOLD_FONT = "DejaVu-Bold"
# Debian's fonts-noto-core / fonts-noto-extra / fonts-noto-ui-* install TrueType files here.
FALLBACK_DIRS = ("/usr/share/fonts/truetype/noto", "/usr/share/fonts/truetype")
# Tried first, in this order (scripts/install_fonts.sh installs them): they cover what
# people type in names (CJK, Arabic, Hebrew, emoji) without opening hundreds of other files.
PREFERRED = (
    "DroidSansFallbackFull.ttf",
    "NotoSansArabic-Regular.ttf",
    "NotoSansHebrew-Regular.ttf",
    "NanumGothic.ttf",
    "NotoSans-Regular.ttf",
    "Symbola_hint.ttf",
)

_body = TTFont(BODY_FONT, str(FONT_DIR / "DejaVuSans.ttf"))
pdfmetrics.registerFont(_body)
pdfmetrics.registerFont(TTFont(BOLD_FONT, str(FONT_DIR / "DejaVuSans-Bold.ttf")))
pdfmetrics.registerFontFamily(BODY_FONT, normal=BODY_FONT, bold=BOLD_FONT)
_COVERED = frozenset(_body.face.charToGlyph) | {ord("\n")}


def _fonts_in(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(
        p
        for p in folder.rglob("*")
        if p.suffix.lower() in (".ttf", ".ttc") and not p.name.startswith("DejaVu")
    )


@lru_cache(maxsize=1)
def _candidates() -> tuple[Path, ...]:
    """The operator's folders first (SELFASSESS_PDF_FONT_DIRS), as found; then the system's,
    the PREFERRED files first."""
    extra = os.environ.get("SELFASSESS_PDF_FONT_DIRS", "")
    chosen = [p for folder in extra.split(":") if folder for p in _fonts_in(Path(folder))]
    system = [p for folder in FALLBACK_DIRS for p in _fonts_in(Path(folder))]
    rank = {name: n for n, name in enumerate(PREFERRED)}
    return tuple(dict.fromkeys(chosen + sorted(system, key=lambda p: rank.get(p.name, len(rank)))))


@cache
def _font(path: Path) -> tuple[str, frozenset[int]] | None:
    """Register a fallback font on first use; None when ReportLab cannot embed it."""
    name = "Fallback-" + path.stem
    try:
        font = TTFont(name, str(path), subfontIndex=0)
    except (TTFError, OSError, ValueError):
        return None  # e.g. CFF outlines, which ReportLab cannot embed
    pdfmetrics.registerFont(font)
    # One face for every style, so that a bold heading can use it too.
    pdfmetrics.registerFontFamily(name, normal=name, bold=name, italic=name, boldItalic=name)
    return name, frozenset(font.face.charToGlyph)


@lru_cache(maxsize=4096)
def font_for(codepoint: int) -> str | None:
    """The first fallback font that has the character, or None (it prints as a box)."""
    for path in _candidates():
        loaded = _font(path)
        if loaded and codepoint in loaded[1]:
            return loaded[0]
    return None


def runs(text: str) -> list[tuple[str | None, str]]:
    """``text`` as (font, run) pairs; font None means the body font."""
    if all(ord(c) in _COVERED for c in text):
        return [(None, text)]
    pairs: list[tuple[str | None, str]] = []
    for char in text:
        font = None if ord(char) in _COVERED else font_for(ord(char))
        if pairs and pairs[-1][0] == font:
            pairs[-1] = (font, pairs[-1][1] + char)
        else:
            pairs.append((font, char))
    return pairs


def reset() -> None:
    """Forget the fallback fonts found (after the font folders changed)."""
    _candidates.cache_clear()
    font_for.cache_clear()
