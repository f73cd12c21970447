"""EasyPost's words for our vocabulary, as data: carrier names, modes, statuses, error codes.

EasyPost's ten statuses are ours word for word; its `status_detail` list is its own (28 words), and
each of our (status, status_detail) pairs lands on one of them in `detail_for`. Carrier names are
EasyPost's spelling (`DHLExpress`, `DhlEcs`, …) both ways; a courier EasyPost does not list is
shown by its catalog name without spaces, and that form is accepted back.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from carriers.catalog import COURIERS
from carriers.statuses import Detail, Status

# EasyPost's carrier names onto the catalog's codes (carriers/catalog.py). Where EasyPost has several
# names for one courier, the first is the one we write; the others are accepted on the way in.
CARRIERS: tuple[tuple[str, str], ...] = (
    ("USPS", "usps"),
    ("UPS", "ups"),
    ("UPSMailInnovations", "ups"),
    ("UPSIparcel", "ups"),
    ("FedEx", "fedex"),
    ("FedexSmartPost", "fedex"),
    ("FedExMailview", "fedex"),
    ("FedExCrossBorder", "fedex"),
    ("FedExInternationalConnect", "fedex"),
    # DHL is several companies at EasyPost, as in the catalog.
    ("DHLExpress", "dhl"),
    ("DhlEcs", "dhl-ecommerce"),
    ("DHLEcommerce", "dhl-ecommerce"),
    ("DHLGlobalMail", "dhl-ecommerce"),
    ("DHLSmartmail", "dhl-ecommerce"),
    ("DHLPaket", "dhl-paket"),
    ("DHLGermany", "dhl-paket"),
    ("AmazonShipping", "amazon"),
    ("AmazonMws", "amazon"),
    ("OnTrac", "ontrac"),
    ("LaserShipV2", "lasership"),
    ("LaserShip", "lasership"),
    ("ColumbusLastMile", "cdl"),
    ("CDLLastMile", "cdl"),
    ("LSO", "lso"),
    ("SpeeDee", "spee-dee"),
    ("GSO", "gso"),
    ("AsendiaUsa", "asendia-usa"),
    ("Asendia", "asendia"),
    ("OsmWorldwide", "osm"),
    ("Newgistics", "pitney-bowes"),
    ("BetterTrucks", "better-trucks"),
    ("Veho", "veho"),
    ("CanadaPost", "canada-post"),
    ("Purolator", "purolator"),
    ("Canpar", "canpar"),
    ("Dicom", "dicom"),
    ("Estafeta", "estafeta"),
    ("RoyalMail", "royal-mail"),
    ("Parcelforce", "parcelforce"),
    ("Evri", "evri"),
    ("Hermes", "evri"),
    ("DPDUK", "dpd-uk"),
    ("InterlinkExpress", "dpd-uk"),
    ("Yodel", "yodel"),
    ("DeutschePost", "deutsche-post"),
    ("DPD", "dpd"),
    ("GLS", "gls"),
    ("LaPoste", "la-poste"),
    ("Colissimo", "colissimo"),
    ("Chronopost", "chronopost"),
    ("ColisPrive", "colis-prive"),
    ("PostNL", "postnl"),
    ("PostNord", "postnord"),
    ("Posten", "posten-norge"),
    ("LatvijasPasts", "latvian-post"),
    ("Ukrposhta", "ukrposhta"),
    ("Aramex", "aramex"),
    ("Sendle", "sendle"),
    ("AustraliaPost", "australia-post"),
    ("StarTrack", "startrack"),
    ("CouriersPlease", "couriers-please"),
    ("Fastway", "aramex-au"),
    ("JPPost", "japan-post"),
    ("JapanPost", "japan-post"),
    ("KuronekoYamato", "yamato"),
    ("SFExpress", "sf-express"),
    ("Yanwen", "yanwen"),
    ("Cainiao", "cainiao"),
    ("ChinaPost", "china-post"),
    ("ChinaEMS", "china-ems"),
    ("HongKongPost", "hongkong-post"),
    ("SingaporePost", "singapore-post"),
    ("YunExpress", "yunexpress"),
    ("4PX", "4px"),
)
# What a test-mode tracker shows when its customer named no carrier (EasyPost's test trackers: USPS).
SANDBOX_NAME = "USPS"

_BY_LOWER = {name.lower(): code for name, code in CARRIERS}
_NAMES: dict[str, str] = {}
for _name, _code in CARRIERS:
    _NAMES.setdefault(_code, _name)
_NAMES["sandbox"] = SANDBOX_NAME


def _compact(name: str) -> str:
    """A catalog name in EasyPost's manner: ASCII letters and digits, words joined, brackets dropped
    ("Posti (Finland)" -> "Posti", "Česká pošta" -> "CeskaPosta")."""
    plain = unicodedata.normalize("NFKD", re.sub(r"\(.*?\)", "", name)).encode("ascii", "ignore").decode()
    return "".join(word[:1].upper() + word[1:] for word in re.split(r"[^A-Za-z0-9]+", plain) if word)


@cache
def _catalog() -> tuple[dict[str, str], dict[str, str]]:
    """(code -> written name, lower-case accepted name -> code) for the catalog's couriers EasyPost does not list."""
    names: dict[str, str] = {}
    accepted: dict[str, str] = {}
    for code, name, *_ in COURIERS:
        if code not in _NAMES:
            names[code] = _compact(name) or code
            accepted.setdefault(names[code].lower(), code)
    return names, accepted


def courier_code(carrier: str) -> str:
    """The catalog code for an EasyPost carrier name (any case); our own codes pass through."""
    key = carrier.strip().lower()
    return _BY_LOWER.get(key) or _catalog()[1].get(key) or key


def carrier_name(code: str) -> str:
    """EasyPost's name for a catalog code (every catalog courier has one); unknown codes pass through."""
    return _NAMES.get(code) or _catalog()[0].get(code) or code


def courier_codes(carrier: str) -> list[str]:
    """The catalog codes a list filter on this EasyPost name means: `USPS` also finds the test
    trackers made without a carrier, which show as USPS."""
    code = courier_code(carrier)
    return [code, "sandbox"] if code != "sandbox" and carrier_name(code) == SANDBOX_NAME else [code]


MODES = {"test": "test", "live": "production"}

# EasyPost's status words are ours (the source document lists the same ten).
STATUSES: dict[str, str] = {s.value: s.value for s in Status}

# EasyPost's status_detail list, whole: every pair below lands on one of these.
EASYPOST_DETAILS = frozenset(
    {
        "address_correction",
        "arrived_at_destination",
        "arrived_at_facility",
        "arrived_at_pickup_location",
        "awaiting_information",
        "cancelled",
        "damaged",
        "delayed",
        "delivery_exception",
        "departed_facility",
        "departed_origin_facility",
        "expired",
        "failure",
        "held",
        "in_transit",
        "label_created",
        "lost",
        "missorted",
        "out_for_delivery",
        "received_at_destination_facility",
        "received_at_origin_facility",
        "refused",
        "return",
        "status_update",
        "transferred_to_destination_carrier",
        "transit_exception",
        "unknown",
        "weather_delay",
    }
)

# Our status_detail onto EasyPost's, whatever the status.
DETAILS: dict[str, str] = {
    Detail.LABEL_CREATED: "label_created",
    Detail.ACCEPTED: "received_at_origin_facility",
    Detail.IN_TRANSIT: "in_transit",
    Detail.ARRIVED_AT_FACILITY: "arrived_at_facility",
    Detail.DEPARTED_FACILITY: "departed_facility",
    Detail.ARRIVED_AT_DESTINATION: "received_at_destination_facility",
    Detail.OUT_FOR_DELIVERY: "out_for_delivery",
    Detail.DELIVERY_ATTEMPTED: "delivery_exception",
    Detail.AVAILABLE_FOR_PICKUP: "arrived_at_pickup_location",
    # EasyPost writes a delivery as arrived at destination; collected from a pickup point keeps
    # saying where it was collected.
    Detail.DELIVERED: "arrived_at_destination",
    Detail.PICKED_UP: "arrived_at_pickup_location",
    Detail.CONTACT_PROVIDER: "delivery_exception",
    Detail.PACKAGE_DAMAGED: "damaged",
    Detail.PACKAGE_UNDELIVERABLE: "delivery_exception",
    Detail.PACKAGE_LOST: "lost",
    Detail.ADDRESS_ISSUE: "address_correction",
    Detail.RETURN_TO_SENDER: "return",
    Detail.CANCELED: "cancelled",
    Detail.NO_ADAPTER: "unknown",
    Detail.NOT_FOUND_YET: "awaiting_information",
    Detail.EXPIRED: "expired",
    Detail.STATUS_UPDATE: "status_update",
}

# Where the status changes what a detail means to an EasyPost user.
PAIRS: dict[tuple[str, str], str] = {
    (Status.FAILURE, Detail.DELIVERY_ATTEMPTED): "failure",
    (Status.FAILURE, Detail.PACKAGE_UNDELIVERABLE): "failure",
    (Status.FAILURE, Detail.CONTACT_PROVIDER): "failure",
    (Status.ERROR, Detail.CONTACT_PROVIDER): "unknown",
    (Status.RETURN_TO_SENDER, Detail.DELIVERY_ATTEMPTED): "return",
    (Status.RETURN_TO_SENDER, Detail.PACKAGE_UNDELIVERABLE): "return",
    (Status.RETURN_TO_SENDER, Detail.ADDRESS_ISSUE): "return",
    (Status.CANCELED, Detail.STATUS_UPDATE): "cancelled",
}

# A status with no detail (or one EasyPost has no word for) reads as its status says.
BY_STATUS: dict[str, str] = {
    Status.UNKNOWN: "unknown",
    Status.PRE_TRANSIT: "label_created",
    Status.IN_TRANSIT: "in_transit",
    Status.OUT_FOR_DELIVERY: "out_for_delivery",
    Status.AVAILABLE_FOR_PICKUP: "arrived_at_pickup_location",
    Status.DELIVERED: "arrived_at_destination",
    Status.RETURN_TO_SENDER: "return",
    Status.FAILURE: "failure",
    Status.CANCELED: "cancelled",
    Status.ERROR: "unknown",
}


def detail_for(status: str, detail: str) -> str:
    """EasyPost's status_detail for our (status, status_detail) pair."""
    return PAIRS.get((status, detail)) or DETAILS.get(detail) or BY_STATUS.get(status, "unknown")


def status_for(status: str) -> str:
    return STATUSES.get(status, "unknown")


# Our error codes (and reasons, which are finer) onto the codes EasyPost's API reference names: a
# missing or malformed parameter, an object not found, a missing key. A code EasyPost has no word for
# is ours in upper case.
ERROR_CODES: dict[str, str] = {
    "parameter_required": "PARAMETER.REQUIRED",
    "tracking_number_required": "PARAMETER.REQUIRED",
    "invalid_parameter": "PARAMETER.INVALID",
    "invalid_fields": "PARAMETER.INVALID",
    "invalid_body": "PARAMETER.INVALID",
    "invalid_request": "PARAMETER.INVALID",
    "malformed_json": "PARAMETER.INVALID",
    "tracking_number_invalid": "PARAMETER.INVALID",
    "not_a_sandbox_number": "PARAMETER.INVALID",
    "invalid_courier": "PARAMETER.INVALID",
    "unknown_courier": "PARAMETER.INVALID",
    "invalid_url": "PARAMETER.INVALID",
    "not_found": "NOT_FOUND",
    "api_key_missing": "APIKEY.REQUIRED",
}


def error_code(code: str, reason: str = "") -> str:
    return ERROR_CODES.get(reason) or ERROR_CODES.get(code) or code.upper()


# Native attribute names that EasyPost spells differently (in previous_attributes).
RENAMED = {"tracking_number": "tracking_code", "courier": "carrier", "est_delivery_at": "est_delivery_date"}
# The native attributes an EasyPost user sees on a tracker (by our name); the others (last_event_at,
# delivered_at, active, metadata, order fields) never reach previous_attributes.
SHOWN = frozenset(
    {"status", "status_detail", "est_delivery_at", "courier", "tracking_number", "signed_by", "weight", "service"}
)
# A change here means the tracking_details changed (a newer scan), which EasyPost tells of too.
SCAN_SIGNALS = frozenset({"last_event_at"})
