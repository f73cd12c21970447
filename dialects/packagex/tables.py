"""PackageX's words as data: its nine final statuses from our (status, detail) pair, as DESIGN.md
tables them (before a final one, the status is our word), and its error codes from ours."""

from __future__ import annotations

from carriers.statuses import PACKAGEX_FINAL

FINAL: dict[tuple[str, str], str] = {(str(s), str(d)): word for word, (s, d) in PACKAGEX_FINAL.items()}


def final_status(status: str, detail: str) -> str | None:
    return FINAL.get((status, detail))


def status(value: str, detail: str) -> str:
    return final_status(value, detail) or value


# Our error codes onto PackageX's (its shipment update's refusals); any other code is PackageX's too.
ERROR_CODES: dict[str, str] = {
    "shipment_in_container": "update.disabled",
    "shipment_tracking_number_too_short": "small_tracking_number",
    "unknown_contact": "invalid:contact",
    "unknown_location": "invalid:location",
    "unknown_layout": "invalid:layout",
    "unknown_container": "invalid:container",
    "unknown_user": "invalid:user",
    "layout_not_in_location": "invalid:layout_location",
    "shipment_purchased": "update.purchased",
    "invalid_status_transition": "invalid:status_transition",
    "international_shipping_disabled": "international.disabled",
    "contents_explanation_required": "invalid:customs.contents_explanation",
    "restriction_comments_required": "invalid:customs.restriction_comments",
}


def error_code(code: str) -> str:
    return ERROR_CODES.get(code, code)


# The tracker's field names that PackageX spells its own way (in error messages and `errors`).
FIELD_NAMES: dict[str, str] = {"courier": "provider_id", "est_delivery_at": "estimated_delivery_at"}
