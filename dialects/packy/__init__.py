"""Packy's Tracking API at /packy/v1: Bearer or X-API-Key, page-number lists (a `limit` above
the ceiling is served at the ceiling, and `meta` says so), batch creates with 201/207/422
`{data, errors}`, 32-hex tracking ids, integer webhook ids, and errors as `{"code", "message"}`."""

from __future__ import annotations

from api.authentication import BearerKeyAuthentication, HeaderKeyAuthentication
from api.dialect import Dialect
from api.paging import PageNumberPaging
from core.errors import ServiceError
from dialects.packy import tables

BAD_KEY = "Invalid or missing API key"


def packy_message(error: ServiceError) -> str:
    """The message with its field errors spelled out (Packy's errors have no field list)."""
    details = [f"{e.field}: {e.message}" for e in error.errors if e.field and e.message != error.message]
    return error.message + (" " + "; ".join(details) if details else "")


def packy_error(error: ServiceError) -> dict:
    """Packy's `{"code", "message"}`."""
    if error.code == "unauthorized":
        return {"code": error.code, "message": BAD_KEY}
    return {"code": error.code, "message": packy_message(error)}


PACKY = Dialect(
    name="packy",
    authenticators=lambda: [HeaderKeyAuthentication(), BearerKeyAuthentication()],
    render_error=packy_error,
    missing_key_message=BAD_KEY,
    # {"data": [...], "meta": {page, limit, total, pages}}; Packy documents no maximum limit.
    paging=PageNumberPaging(max_limit=tables.MAX_LIMIT, clamp=True),
    field_names=tables.FIELD_NAMES,
    hints=tables.HINTS,
)
