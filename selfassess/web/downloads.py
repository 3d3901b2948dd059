"""Sending an export as a file: audited, as an attachment, with its media type."""

from __future__ import annotations

import io

from flask import send_file
from flask.typing import ResponseReturnValue

from selfassess.web.security import audit

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def download(body: str | bytes, mimetype: str, name: str) -> ResponseReturnValue:
    """The file ``name`` for the browser to save; every download is an audit event."""
    audit("export", target=name)
    data = body.encode("utf-8") if isinstance(body, str) else body
    return send_file(io.BytesIO(data), mimetype=mimetype, as_attachment=True, download_name=name)
