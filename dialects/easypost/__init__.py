"""EasyPost's tracker API at /easypost/v2: works unchanged with the official client.

The client picks an object's class from its id prefix (`trk_`, `evt_`, `hook_`), maps error
statuses to exceptions and needs `{"error": {...}}` bodies; everything here serves that. Its
views only translate onto trackers.services and webhooks.subscriptions.
"""

from __future__ import annotations

from api.authentication import BearerKeyAuthentication
from api.dialect import Dialect, IdFormat
from api.paging import AnchoredPage, AnchorPaging
from core.errors import COURIER_LIST_HINT, ServiceError
from dialects.easypost import tables


def easypost_error(error: ServiceError) -> dict:
    """EasyPost's envelope: EasyPost's own code (tables.ERROR_CODES), a message and the field errors."""
    return {
        "error": {
            "code": tables.error_code(error.code, error.reason),
            "message": error.message,
            "errors": [{"field": e.field, "message": e.message} for e in error.errors],
        }
    }


def easypost_page(items: list, page: AnchoredPage, name: str) -> dict:
    """`{"trackers": [...], "has_more": bool}`: the list named for its objects."""
    return {name: items, "has_more": page.has_more}


IDS = IdFormat({"whk": "hook_"})
EASYPOST = Dialect(
    name="easypost",
    authenticators=lambda: [BearerKeyAuthentication(basic=True)],
    render_error=easypost_error,
    missing_key_message="An API key is required: `Authorization: Bearer <key>` or HTTP Basic with the key as user.",
    auth_header='Basic realm="easypost"',
    paging=AnchorPaging(easypost_page, read_id=IDS.parse),
    ids=IDS,
    field_names=tables.RENAMED,  # tracking_code, carrier, est_delivery_date
    hints={COURIER_LIST_HINT: ""},  # the tracker API serves no carrier list
)
