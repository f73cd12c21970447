"""DHL Shipment Tracking - Unified API: one GET per number with an API key, every DHL division.

Same shape as the USPS and UPS adapters: `tracking_request()` builds the request as plain data,
`parse_tracking()` turns the documented `shipments` body into our vocabulary, the status maps are
data, and only `carriers.http` touches the network. Settings:
CARRIER_SETTINGS["dhl"] = {base_url, api_key} (DHL_API_BASE, DHL_API_KEY).

Timestamps: DHL Express sends event times without an offset ("2026-03-02T07:53:47"): they are the
local time of the scan's location, so the zone is resolved from the event's address (Express
writes it as "LEIPZIG - GERMANY", other divisions as a street and city with a country code).
A timestamp with an offset or "Z" is taken as it is.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass
from datetime import datetime

from carriers import http, oauth, timezones
from carriers.base import NO_DETAILS, Details, EventData, NotYetKnown, TrackingResult
from carriers.parsing import as_dict, code, first_match, text
from carriers.statuses import Detail, Status

log = logging.getLogger(__name__)

CARRIER = "DHL"
DEFAULT_BASE = "https://api-eu.dhl.com"
PATH = "/track/shipments"

# The API's statusCode (pre-transit, transit, delivered, failure, unknown) -> (status, detail).
STATUS_CODES: dict[str, tuple[str, str]] = {
    "pre-transit": (Status.PRE_TRANSIT, Detail.LABEL_CREATED),
    "transit": (Status.IN_TRANSIT, Detail.IN_TRANSIT),
    "delivered": (Status.DELIVERED, Detail.DELIVERED),
    "failure": (Status.FAILURE, Detail.PACKAGE_UNDELIVERABLE),
    "unknown": (Status.IN_TRANSIT, Detail.STATUS_UPDATE),
}
FALLBACK = (Status.IN_TRANSIT, Detail.STATUS_UPDATE)
# The tables of this module, by name: their contents make the status maps' version (carriers/provenance.py).
STATUS_MAPS = ("STATUS_CODES", "FALLBACK", "KEYWORDS", "COLLECTED")

# The five codes are coarse; the event's words refine them (English and German, as DHL writes
# them). First match wins, so order matters. Not applied to delivered events (see map_event).
KEYWORDS: tuple[tuple[str, str, str], ...] = (
    ("returned to shipper", Status.RETURN_TO_SENDER, Detail.RETURN_TO_SENDER),
    ("return to shipper", Status.RETURN_TO_SENDER, Detail.RETURN_TO_SENDER),
    ("returned to sender", Status.RETURN_TO_SENDER, Detail.RETURN_TO_SENDER),
    ("rücksendung", Status.RETURN_TO_SENDER, Detail.RETURN_TO_SENDER),
    ("damaged", Status.FAILURE, Detail.PACKAGE_DAMAGED),
    ("lost", Status.FAILURE, Detail.PACKAGE_LOST),
    ("incorrect address", Status.FAILURE, Detail.ADDRESS_ISSUE),
    ("address", Status.FAILURE, Detail.ADDRESS_ISSUE),
    ("attempt", Status.IN_TRANSIT, Detail.DELIVERY_ATTEMPTED),
    ("not at home", Status.IN_TRANSIT, Detail.DELIVERY_ATTEMPTED),
    ("with delivery courier", Status.OUT_FOR_DELIVERY, Detail.OUT_FOR_DELIVERY),
    ("out for delivery", Status.OUT_FOR_DELIVERY, Detail.OUT_FOR_DELIVERY),
    ("zustellfahrzeug", Status.OUT_FOR_DELIVERY, Detail.OUT_FOR_DELIVERY),
    ("awaiting collection", Status.AVAILABLE_FOR_PICKUP, Detail.AVAILABLE_FOR_PICKUP),
    ("ready for collection", Status.AVAILABLE_FOR_PICKUP, Detail.AVAILABLE_FOR_PICKUP),
    ("ready for pickup", Status.AVAILABLE_FOR_PICKUP, Detail.AVAILABLE_FOR_PICKUP),
    ("available for pickup", Status.AVAILABLE_FOR_PICKUP, Detail.AVAILABLE_FOR_PICKUP),
    ("abholbereit", Status.AVAILABLE_FOR_PICKUP, Detail.AVAILABLE_FOR_PICKUP),
    ("shipment information received", Status.PRE_TRANSIT, Detail.LABEL_CREATED),
    ("picked up", Status.IN_TRANSIT, Detail.ACCEPTED),
    ("departed", Status.IN_TRANSIT, Detail.DEPARTED_FACILITY),
    ("delivery facility", Status.IN_TRANSIT, Detail.ARRIVED_AT_DESTINATION),
    ("arrived", Status.IN_TRANSIT, Detail.ARRIVED_AT_FACILITY),
    ("processed at", Status.IN_TRANSIT, Detail.ARRIVED_AT_FACILITY),
)
# A delivered event that says the recipient collected it.
COLLECTED = ("collected", "picked up by", "abgeholt")

# Words of a DHL Express service area that are not part of the city's name.
FACILITY_WORDS = re.compile(r"\b(HUB|GATEWAY|SERVICE AREA|FACILITY|DEPOT|SORT CENTER|SORT CENTRE)\b", re.I)
LEADING_POSTCODE = re.compile(r"^\d[\d\s-]*\s+")


def config() -> dict:
    return oauth.settings_for("dhl")


def configured() -> bool:
    return bool(config().get("api_key"))


def tracking_request(number: str, cfg: dict, details: Details = NO_DETAILS) -> dict:
    """GET /track/shipments?trackingNumber=… with the DHL-API-Key header, as DHL documents it: in the
    tracker's language (English when it has none), and with the recipient's postal code when known
    (DHL answers more detail, and some of its services answer at all, only with it)."""
    params = {"trackingNumber": number, "language": (details.language or "en").strip().lower()[:2]}
    if details.postal_code:
        params["recipientPostalCode"] = details.postal_code
    return {
        "method": "GET",
        "url": http.origin(cfg.get("base_url"), DEFAULT_BASE) + PATH,
        "params": params,
        "headers": {"DHL-API-Key": cfg.get("api_key", ""), "Accept": "application/json"},
    }


def map_event(status_code: str | None, text: str | None) -> tuple[str, str]:
    """(status, status_detail) for one DHL status object: its statusCode refined by its words."""
    code = (status_code or "").strip().lower()
    words = " ".join(str(text or "").lower().split())
    if code == "delivered":
        if any(key in words for key in COLLECTED):
            return Status.DELIVERED, Detail.PICKED_UP
        return STATUS_CODES["delivered"]
    return first_match(words, KEYWORDS) or STATUS_CODES.get(code, FALLBACK)


def place(address: dict) -> tuple[str, str, str, str]:
    """(city, state, postal code, country code) of a DHL address.

    Express writes `addressLocality` as "LEIPZIG - GERMANY" or "CHICAGO, IL - USA" (often without
    countryCode); other divisions as "Oderweg 2, AMSTERDAM" or "53113 Bonn" beside a countryCode.
    """
    locality = text(address.get("addressLocality"))
    country = timezones.country_code(address.get("countryCode"))
    state = ""
    if " - " in locality:
        locality, country_name = locality.rsplit(" - ", 1)
        country = country or timezones.country_code(country_name)
    if "," in locality:
        first, last = (part.strip() for part in locality.rsplit(",", 1))
        if re.fullmatch(r"[A-Za-z]{2,3}", last):
            locality, state = first, last.upper()  # "CHICAGO, IL"
        else:
            locality = last  # "Oderweg 2, AMSTERDAM"
    city = LEADING_POSTCODE.sub("", locality).strip()
    return city, state, text(address.get("postalCode")), country


def _zone(address: dict) -> tuple[str, str, str, str, str | None]:
    city, state, postal, country = place(address)
    lookup = " ".join(FACILITY_WORDS.sub(" ", city).split())
    return city, state, postal, country, timezones.resolve(country, state, postal, lookup)


def parse_event(raw: dict) -> EventData | None:
    """One documented event -> EventData; None when it has no usable time."""
    address = as_dict(as_dict(raw.get("location")).get("address"))
    city, state, postal, country, zone = _zone(address)
    try:
        occurred_at = timezones.to_utc(str(raw.get("timestamp") or ""), zone)
    except ValueError:
        log.warning("DHL event without a usable timestamp: %s", raw.get("statusCode"))
        return None
    message = text(raw.get("description")) or text(raw.get("status"))
    status, detail = map_event(raw.get("statusCode"), f"{raw.get('status') or ''} {raw.get('description') or ''}")
    return EventData(
        occurred_at=occurred_at,
        status=status,
        status_detail=detail,
        message=message,
        city=city,
        state=state,
        postal_code=postal,
        country=country,
        time_zone=zone,
        raw=raw,
        raw_code=code(raw.get("statusCode")),
        raw_description=text(raw.get("remark")),  # description, its words, is already the message
    )


def _signer(details: dict) -> str:
    signed = as_dict(as_dict(details.get("proofOfDelivery")).get("signed"))
    full = " ".join(text(signed.get(part)) for part in ("givenName", "familyName") if signed.get(part))
    return full or text(signed.get("name"))


def _weight(details: dict) -> tuple[float | None, str]:
    weight = as_dict(details.get("weight"))
    try:
        return float(weight["value"]), text(weight.get("unitText")).lower()
    except (KeyError, TypeError, ValueError):
        return None, ""


def _estimate(shipment: dict) -> datetime | None:
    """estimatedTimeOfDelivery, else the end of estimatedDeliveryTimeFrame, at the destination."""
    when = shipment.get("estimatedTimeOfDelivery") or as_dict(shipment.get("estimatedDeliveryTimeFrame")).get(
        "estimatedThrough"
    )
    if not when:
        return None
    address = as_dict(as_dict(shipment.get("destination")).get("address"))
    try:
        return timezones.to_utc(str(when), _zone(address)[4])
    except ValueError:
        return None


def _latest(shipments: list[dict]) -> dict:
    """DHL may answer several shipments for one number (divisions); the most recently updated wins."""
    return max(shipments, key=lambda s: str(as_dict(s.get("status")).get("timestamp") or ""))


def parse_tracking(data: object) -> TrackingResult:
    """The documented `shipments` body -> TrackingResult; NotYetKnown when DHL has nothing."""
    body = data if isinstance(data, dict) else {}
    shipments = [s for s in body.get("shipments") or [] if isinstance(s, dict)]
    if not shipments:
        raise NotYetKnown("DHL has no shipment for this number yet.")
    shipment = _latest(shipments)
    events = [e for e in (parse_event(r) for r in shipment.get("events") or [] if isinstance(r, dict)) if e]
    events.sort(key=lambda e: e.occurred_at)
    current = as_dict(shipment.get("status"))
    if current.get("statusCode"):
        status, detail = map_event(current.get("statusCode"), f"{current.get('status')} {current.get('description')}")
        raw_code, raw_description = (
            code(current.get("statusCode")),
            text(current.get("description") or current.get("status")),
        )
    elif events:
        status, detail = events[-1].status, events[-1].status_detail
        raw_code, raw_description = events[-1].raw_code, events[-1].message
    else:
        raise NotYetKnown("DHL has no events for this shipment yet.")
    details = as_dict(shipment.get("details"))
    weight, unit = _weight(details)
    settled = status in (Status.DELIVERED, Status.RETURN_TO_SENDER, Status.CANCELED)
    return TrackingResult(
        events=events,
        status=status,
        status_detail=detail,
        est_delivery_at=None if settled else _estimate(shipment),
        signed_by=_signer(details),
        weight=weight,
        weight_unit=unit,
        service=text(as_dict(details.get("product")).get("productName")) or text(shipment.get("service")),
        raw_code=raw_code,
        raw_description=raw_description,
    )


def parse_response(body: bytes, number: str) -> TrackingResult:
    """A kept answer's body read again (manage.py renormalize): the same parser, the maps of today."""
    return parse_tracking(json.loads(body))


@dataclass(frozen=True)
class Adapter:
    code: str = "dhl"

    def track(
        self, tracking_number: str, *, created_at: datetime, now: datetime, details: Details = NO_DETAILS
    ) -> TrackingResult:
        spec = tracking_request(tracking_number, config(), details)
        response = http.send(
            spec["method"], spec["url"], carrier=CARRIER, params=spec["params"], headers=spec["headers"]
        )
        result = parse_tracking(response.data)
        result.raw_answer, result.answered_by = response.content, self.code
        return result


ADAPTER = Adapter()
