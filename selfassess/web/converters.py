"""The URL converter for ids: ASCII digits that fit a 64-bit column, anything else is 404.

Werkzeug's ``int`` converter accepts any length, and an id of 2**63 or more raised
OverflowError in the SQLite driver: a 500 for a mistyped address (ASVS V16.5).
"""

from __future__ import annotations

from typing import Any

from werkzeug.routing import IntegerConverter, Map

LARGEST_ID = 2**63 - 1


class IdConverter(IntegerConverter):
    """``<int:…>`` bounded to what the database stores."""

    regex = r"[0-9]{1,19}"

    def __init__(self, url_map: Map, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", LARGEST_ID)
        super().__init__(url_map, *args, **kwargs)
