"""Packy's Tracking API at /packy/v1: Bearer or X-API-Key, page-number lists, batch creates
with 201/207/422 `{data, errors}`, 32-hex tracking ids, integer webhook ids, and errors as
`{"code", "message"}`."""

from __future__ import annotations

from api.authentication import BearerKeyAuthentication, HeaderKeyAuthentication
from api.dialect import Dialect
from api.paging import PageNumberPaging
from core.errors import ServiceError

BAD_KEY = "Invalid or missing API key"


def packy_error(error: ServiceError) -> dict:
    """Packy's `{"code", "message"}`; field errors are spelled out in the message."""
    if error.code == "unauthorized":
        return {"code": error.code, "message": BAD_KEY}
    details = [f"{e.field}: {e.message}" for e in error.errors if e.field and e.message != error.message]
    message = error.message + (" " + "; ".join(details) if details else "")
    return {"code": error.code, "message": message}


PACKY = Dialect(
    name="packy",
    authenticators=lambda: [HeaderKeyAuthentication(), BearerKeyAuthentication()],
    render_error=packy_error,
    missing_key_message=BAD_KEY,
    paging=PageNumberPaging(),  # {"data": [...], "meta": {page, limit, total, pages}}
)
