"""Tracktry's API at /tracktry/v1: key in `Tracktry-Api-Key`, every answer in
`{"meta": {"code", "type", "message"}, "data": ...}` with Tracktry's meta codes, and trackings
addressed by (carrier_code, tracking_number)."""

from __future__ import annotations

from api.authentication import HeaderKeyAuthentication
from api.dialect import Dialect
from api.paging import NumberedPage, PageNumberPaging
from core.errors import ServiceError
from dialects.tracktry import tables
from dialects.tracktry.tables import meta_for


def tracktry_message(error: ServiceError) -> str:
    """The message naming every field that failed and why (Tracktry's meta has no field list)."""
    details = [f"{e.field}: {e.message}" for e in error.errors if e.field and e.message != error.message]
    return error.message + (" " + "; ".join(details) if details else "")


def tracktry_error(error: ServiceError) -> dict:
    code, kind = meta_for(error)
    return {"meta": {"code": code, "type": kind, "message": tracktry_message(error)}, "data": {}}


SUCCESS = {"code": 200, "type": "Success", "message": "Success"}


def tracktry_page(items: list, page: NumberedPage, name: str) -> dict:
    """The success envelope around `{"page", "limit", "total", "items"}` (no page count)."""
    return {"meta": SUCCESS, "data": {"page": page.page, "limit": page.limit, "total": page.total, name: items}}


TRACKTRY = Dialect(
    name="tracktry",
    authenticators=lambda: [HeaderKeyAuthentication("Tracktry-Api-Key")],
    render_error=tracktry_error,
    missing_key_message="Send your API key in the Tracktry-Api-Key header.",
    auth_header='Tracktry-Api-Key realm="tracktry"',
    paging=PageNumberPaging(default_limit=100, max_limit=200, shape=tracktry_page),
    field_names=tables.FIELD_NAMES,
    hints=tables.HINTS,
)
