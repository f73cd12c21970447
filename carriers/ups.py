"""UPS Track API v1 (onlinetools.ups.com): OAuth client credentials, then one GET per number.

Same shape as the USPS adapter: request builders and a parser that are pure, status maps kept as
data, and all network traffic through `carriers.http`. Settings:
CARRIER_SETTINGS["ups"] = {base_url, client_id, client_secret}.

UPS activity times are local wall-clock ("date": "20210210", "time": "071356") at the scan's
location; we resolve the zone from the activity's address. When a response also carries
gmtDate/gmtTime/gmtOffset (newer API versions), those win because they are unambiguous.
"""

from __future__ import annotations

import json
import logging
import re
import uuid
from datetime import UTC, datetime, time, timedelta
from urllib.parse import quote

from carriers import http, oauth, timezones
from carriers.base import NO_DETAILS, Details, EventData, NotYetKnown, TrackingResult
from carriers.parsing import as_dict, code, text
from carriers.statuses import Detail, Status

log = logging.getLogger(__name__)

CARRIER = "UPS"
TRANSACTION_SOURCE = "tracking-platform"

# activity.status.type -> (status, status_detail).
STATUS_TYPES: dict[str, tuple[str, str]] = {
    "M": (Status.PRE_TRANSIT, Detail.LABEL_CREATED),  # Billing information received (manifest)
    "MV": (Status.CANCELED, Detail.CANCELED),  # Billing information voided
    "P": (Status.IN_TRANSIT, Detail.ACCEPTED),  # Pickup
    "I": (Status.IN_TRANSIT, Detail.IN_TRANSIT),  # In transit
    "W": (Status.IN_TRANSIT, Detail.IN_TRANSIT),  # Warehousing
    "O": (Status.OUT_FOR_DELIVERY, Detail.OUT_FOR_DELIVERY),  # Out for delivery
    "D": (Status.DELIVERED, Detail.DELIVERED),  # Delivered
    "DO": (Status.DELIVERED, Detail.DELIVERED),  # Delivered origin CFS (freight)
    "DD": (Status.DELIVERED, Detail.DELIVERED),  # Delivered destination CFS (freight)
    "RS": (Status.RETURN_TO_SENDER, Detail.RETURN_TO_SENDER),  # Returned to shipper
    "X": (Status.ERROR, Detail.CONTACT_PROVIDER),  # Exception, unless its words say more (below)
}

# activity.status.code refines in-transit activity (types I, P, O).
TRANSIT_CODES: dict[str, tuple[str, str]] = {
    "OR": (Status.IN_TRANSIT, Detail.ACCEPTED),  # Origin scan
    "PU": (Status.IN_TRANSIT, Detail.ACCEPTED),  # Pickup scan
    "AR": (Status.IN_TRANSIT, Detail.ARRIVED_AT_FACILITY),  # Arrival scan
    "AF": (Status.IN_TRANSIT, Detail.ARRIVED_AT_FACILITY),  # Arrived at facility
    "DP": (Status.IN_TRANSIT, Detail.DEPARTED_FACILITY),  # Departure scan
    "OT": (Status.OUT_FOR_DELIVERY, Detail.OUT_FOR_DELIVERY),  # Out for delivery today
    "OF": (Status.OUT_FOR_DELIVERY, Detail.OUT_FOR_DELIVERY),  # On vehicle for delivery
}

# Exceptions (type X) say what happened in words; first match wins.
EXCEPTION_KEYWORDS: tuple[tuple[str, str, str], ...] = (
    ("damage", Status.FAILURE, Detail.PACKAGE_DAMAGED),
    ("returned to the sender", Status.RETURN_TO_SENDER, Detail.RETURN_TO_SENDER),
    ("return to sender", Status.RETURN_TO_SENDER, Detail.RETURN_TO_SENDER),
    ("returning", Status.RETURN_TO_SENDER, Detail.RETURN_TO_SENDER),
    ("address", Status.FAILURE, Detail.ADDRESS_ISSUE),
    ("attempt", Status.IN_TRANSIT, Detail.DELIVERY_ATTEMPTED),
    ("released", Status.IN_TRANSIT, Detail.IN_TRANSIT),  # e.g. released by the customs agency
    ("cleared", Status.IN_TRANSIT, Detail.IN_TRANSIT),
    ("delay", Status.IN_TRANSIT, Detail.STATUS_UPDATE),
    ("rescheduled", Status.IN_TRANSIT, Detail.STATUS_UPDATE),
)
FALLBACK = (Status.IN_TRANSIT, Detail.STATUS_UPDATE)
# The tables above, by name: their contents make the status maps' version (carriers/provenance.py).
STATUS_MAPS = ("STATUS_TYPES", "TRANSIT_CODES", "EXCEPTION_KEYWORDS", "FALLBACK")

# deliveryDate types, best first: rescheduled, then scheduled delivery date.
ESTIMATE_TYPES = ("RDD", "SDD")
END_OF_DAY = time(19, 0)  # UPS "end of day" delivery commitment
OFFSET = re.compile(r"^(?P<sign>[+-])?(?P<hours>\d{1,2}):?(?P<minutes>\d{2})$")


def config() -> dict:
    return oauth.settings_for("ups")


def configured() -> bool:
    return oauth.has_credentials("ups")


def _base(cfg: dict) -> str:
    return http.origin(cfg.get("base_url"), "https://onlinetools.ups.com")  # *_API_BASE replaces scheme and host only


def token_request(cfg: dict) -> dict:
    """POST /security/v1/oauth/token with HTTP Basic client credentials, as UPS documents it."""
    return {
        "method": "POST",
        "url": f"{_base(cfg)}/security/v1/oauth/token",
        "data": {"grant_type": "client_credentials"},
        "auth": (cfg.get("client_id", ""), cfg.get("client_secret", "")),
    }


def tracking_request(
    number: str, cfg: dict, token: str, trans_id: str | None = None, *, details: Details = NO_DETAILS
) -> dict:
    """GET /api/track/v1/details/{inquiryNumber} in the tracker's locale; transId must be unique per request."""
    return {
        "method": "GET",
        "url": f"{_base(cfg)}/api/track/v1/details/{quote(number, safe='')}",
        "params": {"locale": details.locale(), "returnSignature": "false"},
        "headers": {
            "Authorization": f"Bearer {token}",
            "Accept": "application/json",
            "transId": trans_id or uuid.uuid4().hex,
            "transactionSrc": TRANSACTION_SOURCE,
        },
    }


def map_activity(status: dict) -> tuple[str, str]:
    """(status, status_detail) for one activity's `status` object."""
    kind = str(status.get("type") or "").strip().upper()
    code = str(status.get("code") or "").strip().upper()
    if kind == "X":
        words = str(status.get("description") or "").lower()
        return next(((s, d) for key, s, d in EXCEPTION_KEYWORDS if key in words), STATUS_TYPES["X"])
    if kind in ("I", "P", "O") and code in TRANSIT_CODES:
        return TRANSIT_CODES[code]
    return STATUS_TYPES.get(kind, FALLBACK)


def _gmt_time(raw: dict) -> datetime | None:
    """gmtDate + gmtTime (+ gmtOffset ignored: it describes the local time) when UPS sends them."""
    date_text, time_text = str(raw.get("gmtDate") or ""), str(raw.get("gmtTime") or "").replace(":", "")
    if not (date_text and time_text):
        return None
    return datetime.strptime(f"{date_text} {time_text.zfill(6)}", "%Y%m%d %H%M%S").replace(tzinfo=UTC)


def activity_time(raw: dict, zone: str | None) -> datetime | None:
    try:
        gmt = _gmt_time(raw)
        if gmt is not None:
            return gmt
        date_text, time_text = str(raw.get("date") or ""), str(raw.get("time") or "000000")
        if not date_text:
            return None
        naive = datetime.strptime(f"{date_text} {time_text.zfill(6)}", "%Y%m%d %H%M%S")
        offset = OFFSET.match(str(raw.get("gmtOffset") or ""))
        if offset:
            delta = timedelta(hours=int(offset["hours"]), minutes=int(offset["minutes"]))
            return (naive - (-delta if offset["sign"] == "-" else delta)).replace(tzinfo=UTC)
        return timezones.to_utc(naive, zone)
    except (TypeError, ValueError):
        return None


def parse_activity(raw: dict, fallback_zone: str | None = None) -> EventData | None:
    """One activity -> EventData. `fallback_zone` (the shipment's origin) only reads the local
    time of a scan without an address (label created); such an event's own zone stays unknown."""
    address = ((raw.get("location") or {}).get("address")) or {}
    city = " ".join(str(address.get("city") or "").split())
    state = str(address.get("stateProvince") or "").strip().upper()
    postal = str(address.get("postalCode") or "").strip()
    country = timezones.country_code(address.get("countryCode") or address.get("country"))
    zone = timezones.resolve(country, state, postal, city)
    occurred_at = activity_time(raw, zone or (None if address else fallback_zone))
    if occurred_at is None:
        log.warning("UPS activity without a usable date: %s", raw.get("status"))
        return None
    status_obj = raw.get("status") or {}
    status, detail = map_activity(status_obj)
    return EventData(
        occurred_at=occurred_at,
        status=status,
        status_detail=detail,
        message=" ".join(str(status_obj.get("description") or "").split()),
        city=city,
        state=state,
        postal_code=postal,
        country=country,
        time_zone=zone,
        raw=raw,
        # The activity's own code (its type when it has none), and its short words beyond the message.
        raw_code=code(as_dict(status_obj).get("code")) or code(as_dict(status_obj).get("type")),
        raw_description=text(as_dict(status_obj).get("simplifiedTextDescription")),
    )


def _address_zone(package: dict, kind: str) -> str | None:
    """The zone of the package's ORIGIN or DESTINATION address."""
    for entry in package.get("packageAddress") or []:
        if str(entry.get("type") or "").upper() == kind:
            a = entry.get("address") or {}
            return timezones.resolve(
                a.get("countryCode") or a.get("country"), a.get("stateProvince"), a.get("postalCode")
            )
    return None


def _estimated_delivery(package: dict, zone: str | None) -> datetime | None:
    dates = {str(d.get("type") or "").upper(): str(d.get("date") or "") for d in package.get("deliveryDate") or []}
    day = next((dates[t] for t in ESTIMATE_TYPES if re.fullmatch(r"\d{8}", dates.get(t, ""))), None)
    if day is None:
        return None
    end = str((package.get("deliveryTime") or {}).get("endTime") or "")
    clock = END_OF_DAY
    if re.fullmatch(r"\d{6}", end):
        clock = time(int(end[:2]), int(end[2:4]), int(end[4:]))
    return timezones.to_utc(datetime.combine(datetime.strptime(day, "%Y%m%d").date(), clock), zone)


def parse_tracking(data: object) -> TrackingResult:
    """The documented trackResponse body -> TrackingResult; NotYetKnown when UPS has nothing."""
    body = data if isinstance(data, dict) else {}
    shipments = (body.get("trackResponse") or {}).get("shipment") or []
    packages = [p for s in shipments if isinstance(s, dict) for p in s.get("package") or [] if isinstance(p, dict)]
    if not packages:
        warnings = [w.get("message") for s in shipments if isinstance(s, dict) for w in s.get("warnings") or []]
        raise NotYetKnown(f"UPS has no tracking information yet: {'; '.join(filter(None, warnings)) or 'no package'}")
    package = packages[0]
    origin = _address_zone(package, "ORIGIN")
    activity = [a for a in package.get("activity") or [] if isinstance(a, dict)]
    events = [e for e in (parse_activity(a, origin) for a in activity) if e]
    events.sort(key=lambda e: e.occurred_at)
    if not events:
        raise NotYetKnown("UPS has no activity for this number yet.")
    status, detail = events[-1].status, events[-1].status_detail
    settled = status in (Status.DELIVERED, Status.RETURN_TO_SENDER, Status.CANCELED)
    return TrackingResult(
        events=events,
        status=status,
        status_detail=detail,
        est_delivery_at=None if settled else _estimated_delivery(package, _address_zone(package, "DESTINATION")),
        raw_code=events[-1].raw_code,
        raw_description=events[-1].message,
    )


def parse_response(body: bytes, number: str) -> TrackingResult:
    """A kept answer's body read again (manage.py renormalize): the same parser, the maps of today."""
    return parse_tracking(json.loads(body))


ADAPTER = oauth.OAuthAdapter(
    code="ups",
    carrier=CARRIER,
    config=config,
    token_request=token_request,
    tracking_request=tracking_request,
    parse_tracking=parse_tracking,
)
