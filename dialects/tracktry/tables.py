"""Tracktry's words, as data: statuses from our vocabulary, meta codes from our error codes, and
the request field names onto the tracker's."""

from __future__ import annotations

from django.db.models import Q

from carriers.statuses import Detail, Status
from core.errors import COURIER_LIST_HINT, ServiceError, invalid

# (status, status_detail) first, then the status alone; anything else is "pending".
STATUS_BY_DETAIL: dict[tuple[str, str], str] = {
    (Status.UNKNOWN, Detail.NOT_FOUND_YET): "notfound",
    (Status.UNKNOWN, Detail.EXPIRED): "expired",
    (Status.IN_TRANSIT, Detail.DELIVERY_ATTEMPTED): "undelivered",
    (Status.FAILURE, Detail.DELIVERY_ATTEMPTED): "undelivered",
    (Status.FAILURE, Detail.PACKAGE_UNDELIVERABLE): "undelivered",
}
STATUS: dict[str, str] = {
    Status.UNKNOWN: "pending",
    Status.PRE_TRANSIT: "notfound",  # Tracktry's notfound001: information received
    Status.IN_TRANSIT: "transit",
    Status.OUT_FOR_DELIVERY: "pickup",
    Status.AVAILABLE_FOR_PICKUP: "pickup",
    Status.DELIVERED: "delivered",
    Status.RETURN_TO_SENDER: "exception",
    Status.FAILURE: "exception",
    Status.CANCELED: "exception",
    Status.ERROR: "exception",
}
WORDS = ("pending", "notfound", "transit", "pickup", "delivered", "undelivered", "exception", "expired")


def status(value: str, detail: str) -> str:
    return STATUS_BY_DETAIL.get((value, detail)) or STATUS.get(value, "pending")


# Our error reasons, then our error codes, onto Tracktry's meta codes (its API status code page) and
# meta types. A reason is finer than its code (core.errors): Tracktry tells a missing key from a
# wrong one, and a missing tracking from a missing endpoint.
META_BY_REASON = {
    "api_key_missing": 401,
    "tracker_not_found": 4017,
}
META_CODES = {
    "unauthorized": 4001,
    "not_found": 404,
    "tracking_number_required": 4013,
    "tracking_number_invalid": 4014,
    "tracking_number_too_short": 4014,
    "tracking_number_too_long": 4014,
    "tracking_number_invalid_characters": 4014,
    "not_a_sandbox_number": 4014,
    "sandbox_number_in_live_mode": 4014,
    "unknown_courier": 4015,
    "invalid_courier": 4015,
    "sandbox_courier_in_live_mode": 4015,
    "tracker_exists": 4016,
    "insufficient_credits": 4019,
    "batch_too_large": 4020,
    "courier_not_detected": 4032,
    "invalid_status": 4033,
    "method_not_allowed": 405,
    "rate_limited": 429,
    "server_error": 500,
}
META_TYPES = {
    4001: "Unauthorized",
    401: "Unauthorized",
    4031: "No Content",
    4032: "No Content",
    4033: "No Content",
    404: "Not Found",
    405: "Method Not Allowed",
    429: "Too Many Requests",
    500: "Server error",
}


def meta_for(error: ServiceError) -> tuple[int, str]:
    code = META_BY_REASON.get(error.reason) or META_CODES.get(error.code, 4012)
    return code, META_TYPES.get(code, "Bad Request")


# Tracktry's request fields onto the tracker's (its create and update bodies); anything else is refused.
FIELDS = {
    "tracking_number": "tracking_number",
    "carrier_code": "courier",
    "destination_code": "destination_code",
    "title": "title",
    "logistics_channel": "logistics_channel",
    "customer_name": "customer_name",
    "customer_email": "customer_email",
    "customer_phone": "customer_phone",
    "order_id": "order_id",
    "order_create_time": "order_created_at",
    "tracking_ship_date": "ship_date",
    "tracking_postal_code": "destination_postal_code",
    "tracking_account_number": "tracking_account_number",
    "tracking_destination_country": "destination_country",
    "lang": "language",
    "auto_correct": "auto_correct",
    "comment": "comment",
}
# Tracktry's `lang` codes that are not ISO 639-1, as (Tracktry's, ISO's): the tracker keeps ISO codes
# (carriers.base.Details.language, the tracking page), Tracktry's requests and answers keep its own.
LANGUAGES: tuple[tuple[str, str], ...] = (("cn", "zh"),)
_ISO_LANGUAGE = dict(LANGUAGES)
_TRACKTRY_LANGUAGE = {iso: theirs for theirs, iso in LANGUAGES}


def iso_language(lang: object) -> object:
    """The ISO 639-1 code for a Tracktry `lang` (any case); anything else is left as it came."""
    if not isinstance(lang, str):
        return lang
    return _ISO_LANGUAGE.get(lang.strip().lower(), lang)


def tracktry_language(language: str) -> str:
    """Tracktry's `lang` for a tracker's ISO 639-1 language."""
    return _TRACKTRY_LANGUAGE.get(language.lower(), language)


# The tracker's field names as Tracktry spells them (in messages), and its path for the carrier list.
FIELD_NAMES = {ours: theirs for theirs, ours in FIELDS.items()}
HINTS = {COURIER_LIST_HINT: "GET /tracktry/v1/carriers lists the supported codes."}

# What PUT may change: Tracktry's update fields that the tracker keeps.
UPDATE_FIELDS = (
    "title",
    "logistics_channel",
    "customer_name",
    "customer_email",
    "customer_phone",
    "order_id",
    "destination_code",
    "comment",
    "lang",
    "order_create_time",
    "tracking_ship_date",
    "tracking_postal_code",
    "tracking_account_number",
    "tracking_destination_country",
)


def status_filter(word: str) -> Q:
    """The trackers that show as this Tracktry status, as one query condition."""
    if word not in WORDS:
        raise invalid("invalid_status", f"status must be one of: {', '.join(WORDS)}.", "status")
    condition = Q(pk__in=[])
    for value, shown in STATUS.items():
        if shown == word:
            elsewhere = [d for (s, d), w in STATUS_BY_DETAIL.items() if s == value and w != word]
            condition |= Q(status=value) & ~Q(status_detail__in=elsewhere)
    for (value, detail), shown in STATUS_BY_DETAIL.items():
        if shown == word:
            condition |= Q(status=value, status_detail=detail)
    return condition


# Tracktry's carrier codes that differ from the catalog's (carriers/catalog.py), as data: (Tracktry's
# code, ours). A code both spell alike (usps, ups, dhl, 4px, china-post, royal-mail, …) passes
# through unchanged. Where two of Tracktry's codes name one of our couriers, the first is the one
# answers show.
CARRIER_CODES: tuple[tuple[str, str], ...] = (
    ("deutsch-post", "deutsche-post"),
    ("dhl-germany", "dhl-paket"),
    ("postnl-3s", "postnl"),
    ("netherlands-post", "postnl"),
    ("dhlparcel-nl", "dhl-parcel-nl"),
    ("dhlglobalmail", "dhl-ecommerce"),
    ("parcel-force", "parcelforce"),
    ("laposte", "la-poste"),
    ("mondialrelay", "mondial-relay"),
    ("belgium-post", "bpost"),
    ("austria-post", "austrian-post"),
    ("spain-correos-es", "correos"),
    ("portugal-ctt", "ctt"),
    ("sweden-posten", "postnord"),
    ("finland-posti", "posti"),
    ("ireland-post", "an-post"),
    ("inpost-paczkomaty", "inpost"),
    ("greece-post", "hellenic-post"),
    ("croatia-post", "croatian-post"),
    ("latvia-post", "latvian-post"),
    ("romania-post", "posta-romana"),
    ("slovakia-post", "slovak-post"),
    ("turkey-post", "ptt"),
    ("hong-kong-post", "hongkong-post"),
    ("taiwan-post", "chunghwa-post"),
    ("malaysia-post", "pos-malaysia"),
    ("philippines-post", "phlpost"),
    ("indonesia-post", "pos-indonesia"),
    ("new-zealand-post", "nz-post"),
    ("brazil-correios", "correios"),
    ("mexico-post", "correos-de-mexico"),
    ("argentina-post", "correo-argentino"),
    ("chile-post", "correos-chile"),
    ("south-africa-post", "south-african-post"),
)
_OURS = dict(CARRIER_CODES)
_THEIRS: dict[str, str] = {}
for _theirs, _ours in CARRIER_CODES:
    _THEIRS.setdefault(_ours, _theirs)


def courier_code(carrier_code: object) -> object:
    """Our courier code for a Tracktry carrier code (any case); anything else is left as it came."""
    if not isinstance(carrier_code, str):
        return carrier_code
    key = carrier_code.strip().lower()
    return _OURS.get(key, carrier_code)


def carrier_code(courier: str) -> str:
    """Tracktry's carrier code for one of our couriers."""
    return _THEIRS.get(courier, courier)
