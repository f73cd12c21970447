"""USPS Tracking API v3 (apis.usps.com): OAuth 2.0 client credentials, then one GET per number.

Karrio style: `token_request()` and `tracking_request()` build requests as plain data,
`parse_tracking()` turns the documented `TrackingDetails` JSON (expand=DETAIL) into our
vocabulary, and the status maps below are data, not code. Only `carriers.http` talks
to the network. Settings: CARRIER_SETTINGS["usps"] = {base_url, client_id, client_secret}.

Timestamps: each event carries `GMTTimestamp` (UTC) and `eventTimestamp` (local, naive) with a
`GMTOffset`; we trust GMTTimestamp, then eventTimestamp+GMTOffset, then the local time at the
zone resolved from the scan's city/state/ZIP.
"""

from __future__ import annotations

import json
import logging
import re
from datetime import UTC, datetime, time, timedelta
from urllib.parse import quote

from carriers import http, oauth, timezones
from carriers.base import NO_DETAILS, Details, EventData, NotYetKnown, TrackingResult
from carriers.parsing import code, text
from carriers.statuses import Detail, Status

log = logging.getLogger(__name__)

CARRIER = "USPS"
SCOPE = "tracking"

# USPS event codes (Pub 199 Appendix G-4 / Pub 97) -> (status, status_detail).
EVENT_CODES: dict[str, tuple[str, str]] = {
    "GX": (Status.PRE_TRANSIT, Detail.LABEL_CREATED),  # Shipping Label Created, USPS Awaiting Item
    "MA": (Status.PRE_TRANSIT, Detail.LABEL_CREATED),  # Pre-Shipment Info Sent to USPS
    "03": (Status.IN_TRANSIT, Detail.ACCEPTED),  # USPS in possession of item / Acceptance
    "10": (Status.IN_TRANSIT, Detail.ARRIVED_AT_FACILITY),  # Arrived at USPS Regional Origin Facility
    "A1": (Status.IN_TRANSIT, Detail.ARRIVED_AT_FACILITY),  # Arrived at USPS Regional Facility
    "T1": (Status.IN_TRANSIT, Detail.DEPARTED_FACILITY),  # Departed USPS Regional Facility
    "SF": (Status.IN_TRANSIT, Detail.DEPARTED_FACILITY),  # Departed Post Office
    "TL": (Status.IN_TRANSIT, Detail.IN_TRANSIT),  # In Transit to Next Facility
    "NT": (Status.IN_TRANSIT, Detail.IN_TRANSIT),  # In Transit, Arriving Late
    "06": (Status.IN_TRANSIT, Detail.IN_TRANSIT),  # Forwarded
    "08": (Status.IN_TRANSIT, Detail.IN_TRANSIT),  # Missent
    "15": (Status.IN_TRANSIT, Detail.IN_TRANSIT),  # Mis-shipped
    "07": (Status.IN_TRANSIT, Detail.ARRIVED_AT_DESTINATION),  # Arrived at Post Office (Arrival at Unit)
    "PC": (Status.IN_TRANSIT, Detail.ARRIVED_AT_DESTINATION),  # Sorting Complete
    "OF": (Status.OUT_FOR_DELIVERY, Detail.OUT_FOR_DELIVERY),  # Out for Delivery
    "02": (Status.IN_TRANSIT, Detail.DELIVERY_ATTEMPTED),  # Notice Left
    "51": (Status.IN_TRANSIT, Detail.DELIVERY_ATTEMPTED),  # Business Closed
    "52": (Status.IN_TRANSIT, Detail.DELIVERY_ATTEMPTED),  # Notice Left (Receptacle Full/Item Oversized)
    "53": (Status.IN_TRANSIT, Detail.DELIVERY_ATTEMPTED),  # Receptacle Blocked
    "54": (Status.IN_TRANSIT, Detail.DELIVERY_ATTEMPTED),  # No Authorized Recipient Available
    "55": (Status.IN_TRANSIT, Detail.DELIVERY_ATTEMPTED),  # No Access to Delivery Location
    "56": (Status.IN_TRANSIT, Detail.DELIVERY_ATTEMPTED),  # No Secure Location Available
    "14": (Status.AVAILABLE_FOR_PICKUP, Detail.AVAILABLE_FOR_PICKUP),  # Arrival at Pickup Point
    "16": (Status.AVAILABLE_FOR_PICKUP, Detail.AVAILABLE_FOR_PICKUP),  # Available for Pickup
    "01": (Status.DELIVERED, Detail.DELIVERED),  # Delivered (front door, mailbox, parcel locker...)
    "17": (Status.DELIVERED, Detail.DELIVERED),  # Picked Up by Agent
    "43": (Status.DELIVERED, Detail.PICKED_UP),  # Picked Up (by the recipient at the Post Office)
    "04": (Status.RETURN_TO_SENDER, Detail.RETURN_TO_SENDER),  # Refused
    "09": (Status.RETURN_TO_SENDER, Detail.RETURN_TO_SENDER),  # Return to Sender
    "24": (Status.RETURN_TO_SENDER, Detail.RETURN_TO_SENDER),  # Forward Expired
    "27": (Status.RETURN_TO_SENDER, Detail.RETURN_TO_SENDER),  # Unclaimed
    "28": (Status.RETURN_TO_SENDER, Detail.RETURN_TO_SENDER),  # Deceased
    "29": (Status.RETURN_TO_SENDER, Detail.RETURN_TO_SENDER),  # Return to Sender, Not Picked Up
    "44": (Status.RETURN_TO_SENDER, Detail.RETURN_TO_SENDER),  # Customer Recall
    "05": (Status.FAILURE, Detail.ADDRESS_ISSUE),  # Undeliverable as Addressed
    "21": (Status.FAILURE, Detail.ADDRESS_ISSUE),  # No Such Number
    "22": (Status.FAILURE, Detail.ADDRESS_ISSUE),  # Insufficient Address
    "23": (Status.FAILURE, Detail.ADDRESS_ISSUE),  # Moved, Left No Address
    "25": (Status.FAILURE, Detail.ADDRESS_ISSUE),  # Addressee Unknown
    "26": (Status.FAILURE, Detail.ADDRESS_ISSUE),  # Vacant
    "11": (Status.FAILURE, Detail.PACKAGE_UNDELIVERABLE),  # Dead Letter
}

# When a code is new to us, the event's own words decide; first match wins, so order matters.
KEYWORDS: tuple[tuple[str, str, str], ...] = (
    ("picked up by shipping partner", Status.IN_TRANSIT, Detail.ACCEPTED),
    ("return to sender", Status.RETURN_TO_SENDER, Detail.RETURN_TO_SENDER),
    ("returned to sender", Status.RETURN_TO_SENDER, Detail.RETURN_TO_SENDER),
    ("delivered", Status.DELIVERED, Detail.DELIVERED),
    ("picked up at", Status.DELIVERED, Detail.PICKED_UP),
    ("out for delivery", Status.OUT_FOR_DELIVERY, Detail.OUT_FOR_DELIVERY),
    ("available for pickup", Status.AVAILABLE_FOR_PICKUP, Detail.AVAILABLE_FOR_PICKUP),
    ("notice left", Status.IN_TRANSIT, Detail.DELIVERY_ATTEMPTED),
    ("delivery attempt", Status.IN_TRANSIT, Detail.DELIVERY_ATTEMPTED),
    ("damaged", Status.FAILURE, Detail.PACKAGE_DAMAGED),
    ("insufficient address", Status.FAILURE, Detail.ADDRESS_ISSUE),
    ("undeliverable", Status.FAILURE, Detail.ADDRESS_ISSUE),
    ("label created", Status.PRE_TRANSIT, Detail.LABEL_CREATED),
    ("pre-shipment", Status.PRE_TRANSIT, Detail.LABEL_CREATED),
    ("awaiting item", Status.PRE_TRANSIT, Detail.LABEL_CREATED),
    ("accepted", Status.IN_TRANSIT, Detail.ACCEPTED),
    ("in possession", Status.IN_TRANSIT, Detail.ACCEPTED),
    ("departed", Status.IN_TRANSIT, Detail.DEPARTED_FACILITY),
    ("arrived at post office", Status.IN_TRANSIT, Detail.ARRIVED_AT_DESTINATION),
    ("arrived", Status.IN_TRANSIT, Detail.ARRIVED_AT_FACILITY),
)
FALLBACK = (Status.IN_TRANSIT, Detail.STATUS_UPDATE)
# The tables above, by name: their contents make the status maps' version (carriers/provenance.py).
STATUS_MAPS = ("EVENT_CODES", "KEYWORDS", "FALLBACK")

# Scans at processing plants name the state inside the city: "JACKSONVILLE FL DISTRIBUTION CENTER".
FACILITY = re.compile(r"^(?P<city>.+?)\s+(?P<state>[A-Z]{2})\s+(?:NETWORK\s+)?(?:DISTRIBUTION|PROCESSING)\b")
OFFSET = re.compile(r"^(?P<sign>[+-])?(?P<hours>\d{1,2}):?(?P<minutes>\d{2})$")
# A delivery date without a time means "by the end of the delivery day" (USPS delivers until 8 pm).
END_OF_DELIVERY_DAY = time(20, 0)


def config() -> dict:
    return oauth.settings_for("usps")


def configured() -> bool:
    return oauth.has_credentials("usps")


def _base(cfg: dict) -> str:
    return http.origin(cfg.get("base_url"), "https://apis.usps.com")  # *_API_BASE replaces scheme and host only


def token_request(cfg: dict) -> dict:
    """POST /oauth2/v3/token, form-encoded client credentials (RFC 6749 4.4)."""
    return {
        "method": "POST",
        "url": f"{_base(cfg)}/oauth2/v3/token",
        "data": {
            "grant_type": "client_credentials",
            "client_id": cfg.get("client_id", ""),
            "client_secret": cfg.get("client_secret", ""),
            "scope": SCOPE,
        },
    }


def tracking_request(number: str, cfg: dict, token: str, *, details: Details = NO_DETAILS) -> dict:
    """GET /tracking/v3/tracking/{trackingNumber}?expand=DETAIL with the bearer token; the
    destination ZIP code and mailing date, when known, tell a reused number's shipments apart."""
    params = {"expand": "DETAIL"}
    if details.postal_code and details.destination_country in ("", "US"):
        params["destinationZIPCode"] = details.postal_code
    if details.ship_date is not None:
        params["mailingDate"] = details.ship_date.isoformat()
    return {
        "method": "GET",
        "url": f"{_base(cfg)}/tracking/v3/tracking/{quote(number, safe='')}",
        "params": params,
        "headers": {"Authorization": f"Bearer {token}", "Accept": "application/json"},
    }


def map_event(code: str | None, text: str | None) -> tuple[str, str]:
    """(status, status_detail) for a USPS event: by code, else by its words, else in transit."""
    if code and code.strip().upper() in EVENT_CODES:
        return EVENT_CODES[code.strip().upper()]
    words = (text or "").lower()
    return next(((status, detail) for key, status, detail in KEYWORDS if key in words), FALLBACK)


def _offset(value: str | None) -> timedelta | None:
    match = OFFSET.match((value or "").strip())
    if not match:
        return None
    delta = timedelta(hours=int(match["hours"]), minutes=int(match["minutes"]))
    return -delta if match["sign"] == "-" else delta


def event_time(raw: dict, zone: str | None) -> datetime | None:
    """The scan's moment in UTC, from the most explicit field the event carries."""
    try:
        if raw.get("GMTTimestamp"):
            return timezones.to_utc(str(raw["GMTTimestamp"]), "UTC")
        local = raw.get("eventTimestamp")
        if not local:
            return None
        moment = timezones.parse_datetime(str(local))
        offset = _offset(raw.get("GMTOffset"))
        if moment.tzinfo is None and offset is not None:
            return (moment - offset).replace(tzinfo=UTC)
        return timezones.to_utc(moment, zone)
    except (TypeError, ValueError):
        return None


def parse_event(raw: dict) -> EventData | None:
    """One documented TrackingEvent -> EventData; None when it has no usable time."""
    city, state = text(raw.get("eventCity")), text(raw.get("eventState")).upper()
    postal = text(raw.get("eventZIP") or raw.get("eventZIPCode"))
    country = timezones.country_code(text(raw.get("eventCountry")))
    facility = FACILITY.match(city.upper()) if city and not state else None
    if facility:
        state = facility["state"]
    if not country and (city or state or postal):
        country = "US"  # USPS leaves eventCountry empty for domestic scans
    zone = timezones.resolve(country, state, postal, city)
    occurred_at = event_time(raw, zone)
    if occurred_at is None:
        log.warning("USPS event without a usable timestamp: %s", raw.get("eventType"))
        return None
    status, detail = map_event(raw.get("eventCode"), raw.get("eventType"))
    return EventData(
        occurred_at=occurred_at,
        status=status,
        status_detail=detail,
        message=text(raw.get("eventType")),
        city=city,
        state=state,
        postal_code=postal,
        country=country,
        time_zone=zone,
        raw=raw,
        raw_code=code(raw.get("eventCode")),  # eventType, its words, is already the message
    )


def _estimated_delivery(data: dict) -> datetime | None:
    """expectedDeliveryTimeStamp, else predictedDeliveryDate at the window's end, at the destination."""
    zone = timezones.resolve(
        data.get("destinationCountryCode") or "US", data.get("destinationState"), data.get("destinationZIP")
    )
    try:
        for field in ("expectedDeliveryTimeStamp", "guaranteedDeliveryTimeStamp"):
            if data.get(field):
                return timezones.to_utc(str(data[field]), zone)
        if data.get("predictedDeliveryDate"):
            day = datetime.fromisoformat(str(data["predictedDeliveryDate"])[:10])
            end = data.get("predictedDeliveryWindowEndTime")
            clock = time.fromisoformat(end) if end and re.fullmatch(r"\d{2}:\d{2}(:\d{2})?", end) else None
            return timezones.to_utc(datetime.combine(day.date(), clock or END_OF_DELIVERY_DAY), zone)
    except (TypeError, ValueError):
        return None
    return None


def parse_tracking(data: object) -> TrackingResult:
    """The documented TrackingDetails body -> TrackingResult; NotYetKnown when USPS has nothing."""
    if not isinstance(data, dict) or data.get("error"):
        raise NotYetKnown("USPS has no tracking information for this number yet.")
    events = [e for e in (parse_event(r) for r in data.get("trackingEvents") or [] if isinstance(r, dict)) if e]
    events.sort(key=lambda e: e.occurred_at)
    raw_code, raw_description = "", ""
    if events:
        status, detail = events[-1].status, events[-1].status_detail
        raw_code, raw_description = events[-1].raw_code, events[-1].message
    elif data.get("status") or data.get("statusCategory"):
        raw_description = f"{data.get('status') or ''} {data.get('statusCategory') or ''}"
        status, detail = map_event(None, raw_description)
        raw_description = text(raw_description)
    else:
        raise NotYetKnown("USPS has no tracking events for this number yet.")
    settled = status in (Status.DELIVERED, Status.RETURN_TO_SENDER, Status.CANCELED)
    return TrackingResult(
        events=events,
        status=status,
        status_detail=detail,
        est_delivery_at=None if settled else _estimated_delivery(data),
        raw_code=raw_code,
        raw_description=raw_description,
    )


def parse_response(body: bytes, number: str) -> TrackingResult:
    """A kept answer's body read again (manage.py renormalize): the same parser, the maps of today."""
    return parse_tracking(json.loads(body))


ADAPTER = oauth.OAuthAdapter(
    code="usps",
    carrier=CARRIER,
    config=config,
    token_request=token_request,
    tracking_request=tracking_request,
    parse_tracking=parse_tracking,
)
