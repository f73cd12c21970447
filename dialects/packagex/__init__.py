"""PackageX's API (its trackers, its shipment and container updates) at /packagex/v1: key in
`PX-API-KEY`, ids `track_…`, answers as `{"data": …}` and errors as `{"error": {"code", "errors":
["field", …], "message", "status"}}`, every refusal a 400 as PackageX documents them."""

from __future__ import annotations

from api.authentication import HeaderKeyAuthentication
from api.dialect import Dialect, IdFormat
from api.paging import NumberedPage, PageNumberPaging
from core.errors import COURIER_LIST_HINT, ServiceError
from dialects.packagex import tables


def fields_at_fault(error: ServiceError) -> list[str]:
    """PackageX's `errors`: the names of the fields at fault (already in its words), without messages."""
    return [e.field for e in error.errors if e.field]


def packagex_error(error: ServiceError) -> dict:
    """PackageX's envelope: its code, `errors` naming the fields, the message saying what to do."""
    code = tables.error_code(error.code)
    return {"error": {"code": code, "errors": fields_at_fault(error), "message": error.message, "status": error.status}}


def packagex_page(items: list, page: NumberedPage, name: str) -> dict:
    """`{"data": [...], "pagination": {page, limit, total, pages}}`."""
    return {name: items, "pagination": page.meta()}


PACKAGEX = Dialect(
    name="packagex",
    authenticators=lambda: [HeaderKeyAuthentication("PX-API-KEY")],
    render_error=packagex_error,
    missing_key_message="Send your API key in the PX-API-KEY header.",
    auth_header='PX-API-KEY realm="packagex"',
    paging=PageNumberPaging(shape=packagex_page),
    ids=IdFormat({"trk": "track_"}),
    field_names=tables.FIELD_NAMES,
    hints={COURIER_LIST_HINT: ""},  # PackageX serves no provider list
    statuses={422: 400},  # PackageX's validation errors are 400s (its shipments reference)
)
