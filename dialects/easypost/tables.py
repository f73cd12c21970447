"""EasyPost's words for our vocabulary, as data: carrier names, modes and status details.

EasyPost's ten statuses are ours word for word; only `status_detail` and carrier names differ.
"""

from __future__ import annotations

from carriers.statuses import Detail

# EasyPost's carrier names onto the courier registry's codes.
CARRIERS = {
    "USPS": "usps",
    "UPS": "ups",
    "FedEx": "fedex",
    "DHLExpress": "dhl",
    "AmazonShipping": "amazon",
    "OnTrac": "ontrac",
    "CDLLastMile": "cdl",
    "CanadaPost": "canada-post",
    "RoyalMail": "royal-mail",
    "DeutschePost": "deutsche-post",
    "LaPoste": "la-poste",
    "PostNL": "postnl",
    "AustraliaPost": "australia-post",
    "JapanPost": "japan-post",
    "ChinaPost": "china-post",
    "Cainiao": "cainiao",
    "YunExpress": "yunexpress",
    "4PX": "4px",
    "DPD": "dpd",
    "GLS": "gls",
    "Sandbox": "sandbox",
}
NAMES = {code: name for name, code in CARRIERS.items()}
_BY_LOWER = {name.lower(): code for name, code in CARRIERS.items()}


def courier_code(carrier: str) -> str:
    """The registry code for an EasyPost carrier name (any case); our own codes pass through."""
    return _BY_LOWER.get(carrier.strip().lower(), carrier.strip().lower())


def carrier_name(code: str) -> str:
    return NAMES.get(code, code)


MODES = {"test": "test", "live": "production"}

# Our status_detail onto EasyPost's; anything not listed is EasyPost's "unknown".
DETAILS: dict[str, str] = {
    Detail.LABEL_CREATED: "label_created",
    Detail.ACCEPTED: "received_at_origin_facility",
    Detail.IN_TRANSIT: "in_transit",
    Detail.ARRIVED_AT_FACILITY: "arrived_at_facility",
    Detail.DEPARTED_FACILITY: "departed_facility",
    Detail.ARRIVED_AT_DESTINATION: "arrived_at_destination",
    Detail.OUT_FOR_DELIVERY: "out_for_delivery",
    Detail.DELIVERY_ATTEMPTED: "delivery_exception",
    Detail.AVAILABLE_FOR_PICKUP: "arrived_at_pickup_location",
    Detail.DELIVERED: "arrived_at_destination",
    Detail.PICKED_UP: "arrived_at_destination",
    Detail.CONTACT_PROVIDER: "delivery_exception",
    Detail.PACKAGE_DAMAGED: "damaged",
    Detail.PACKAGE_UNDELIVERABLE: "delivery_exception",
    Detail.PACKAGE_LOST: "lost",
    Detail.ADDRESS_ISSUE: "delivery_exception",
    Detail.RETURN_TO_SENDER: "return",
    Detail.CANCELED: "cancelled",
    Detail.NOT_FOUND_YET: "awaiting_information",
    Detail.EXPIRED: "expired",
    Detail.STATUS_UPDATE: "status_update",
}


def detail(value: str) -> str:
    return DETAILS.get(value, "unknown")


# Native attribute names that EasyPost spells differently (in previous_attributes).
RENAMED = {"tracking_number": "tracking_code", "courier": "carrier", "est_delivery_at": "est_delivery_date"}
