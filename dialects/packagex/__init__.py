"""PackageX's API (seeds 000 and 002) at /packagex/v1: key in `PX-API-KEY`, ids `track_…`, answers
as `{"data": …}` and errors as `{"error": {"code", "errors": ["field", …], "message", "status"}}`."""

from __future__ import annotations

from api.authentication import HeaderKeyAuthentication
from api.dialect import Dialect, IdFormat
from api.paging import NumberedPage, PageNumberPaging
from core.errors import ServiceError


def packagex_error(error: ServiceError) -> dict:
    """Seed 002's envelope: `errors` names the fields, the message says what to do."""
    fields = [e.field for e in error.errors if e.field]
    return {"error": {"code": error.code, "errors": fields, "message": error.message, "status": error.status}}


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
)
