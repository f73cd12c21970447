"""AfterShip's Tracking API (version 2026-07) at the root of the host: /tracking/2026-07/…

The official SDK joins fixed absolute paths to its domain, so the dialect answers at the host's
root beside /api/v1. The key arrives in `as-api-key`; every answer is
`{"meta": {"code", "message", "type"}, "data": …}`, and an error's `type` picks the SDK's exception
class (BadRequest, Unauthorized, NotFound, TooManyRequests). Ids are 32 hex digits; lists page by
cursor with a total. Signed requests (`as-signature-hmac-sha256`, `as-signature-rsa-sha256`) are
refused with AfterShip's 401: the project keeps no API secret to check them with.
"""

from __future__ import annotations

from rest_framework import exceptions

from api.authentication import HeaderKeyAuthentication
from api.dialect import Dialect
from api.paging import CountedPage, KeysetPaging
from core.errors import COURIER_LIST_HINT, ServiceError
from dialects.aftership.tables import meta_for

VERSION = "2026-07"
BASE = f"tracking/{VERSION}/"
SIGNATURE_HEADERS = ("HTTP_AS_SIGNATURE_HMAC_SHA256", "HTTP_AS_SIGNATURE_RSA_SHA256")
SIGNING_REFUSED = "Signed requests are not supported here: send the API key alone in the as-api-key header."


class ApiKeyHeader(HeaderKeyAuthentication):
    """`as-api-key`; a signed request is refused (401) rather than accepted on its key alone."""

    def __init__(self) -> None:
        super().__init__("as-api-key")

    def authenticate(self, request):
        if any(request.META.get(name) for name in SIGNATURE_HEADERS):
            raise exceptions.AuthenticationFailed(SIGNING_REFUSED)
        return super().authenticate(request)


def aftership_error(error: ServiceError) -> dict:
    code, kind = meta_for(error)
    return {"meta": {"code": code, "message": error.message, "type": kind}, "data": {}}


def meta(code: int = 200, message: str = "OK", kind: str = "OK") -> dict:
    return {"code": code, "message": message, "type": kind}


def aftership_page(items: list, page: CountedPage, name: str) -> dict:
    pagination = {"total": page.total, "next_cursor": page.next_cursor, "has_next_page": page.has_more}
    return {"meta": meta(), "data": {"pagination": pagination, name: items}}


AFTERSHIP = Dialect(
    name="aftership",
    authenticators=lambda: [ApiKeyHeader()],
    render_error=aftership_error,
    missing_key_message="Send your API key in the as-api-key header.",
    auth_header='as-api-key realm="aftership"',
    paging=KeysetPaging(aftership_page, default_limit=100, max_limit=200, total=True),
    field_names={"courier": "slug"},  # its words in refusals (api.dialect.Dialect.speak)
    hints={COURIER_LIST_HINT: f"GET /{BASE}couriers lists the supported slugs."},
)
