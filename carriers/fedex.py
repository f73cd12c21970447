"""FedEx Track API v1 (apis.fedex.com): OAuth client credentials, then one POST for up to 30 numbers.

Same shape as the USPS and UPS adapters: request builders and a parser that are pure, status maps
kept as data, and all network traffic through `carriers.http` (the shared
`oauth.OAuthAdapter` caches the token and retries once with a fresh one on a 401). Settings:
CARRIER_SETTINGS["fedex"] = {base_url, client_id, client_secret} (FEDEX_API_BASE, FEDEX_CLIENT_ID,
FEDEX_CLIENT_SECRET).

The refresh asks for up to 30 numbers a call (`Adapter.track_many`): one `trackingInfo` entry per
number, each with its ship date; FedEx answers one `completeTrackResults` entry per number.

FedEx scan times carry their offset ("2026-03-02T10:14:00-06:00"), so they are taken as given; the
zone kept with each event is the one of its scan location. An unknown number is not an HTTP error
at FedEx: it is an `error` object inside a 200 answer.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import ClassVar

from carriers import http, oauth, timezones
from carriers.base import NO_DETAILS, CarrierError, Details, EventData, NotYetKnown, TrackingResult
from carriers.batching import Answers, Ask, always, unanswered
from carriers.http import RequestRejected
from carriers.parsing import as_dict, dicts, first_match, text
from carriers.statuses import Detail, Status

log = logging.getLogger(__name__)

CARRIER = "FedEx"
DEFAULT_BASE = "https://apis.fedex.com"
TOKEN_PATH = "/oauth/token"  # noqa: S105 (a path, not a secret)
TRACK_PATH = "/track/v1/trackingnumbers"
# trackingInfo entries per call, as FedEx documents it.
BATCH_SIZE = 30

# FedEx track status codes (scanEvents[].eventType / derivedStatusCode, latestStatusDetail.code and
# derivedCode) -> (status, status_detail).
EVENT_TYPES: dict[str, tuple[str, str]] = {
    "OC": (Status.PRE_TRANSIT, Detail.LABEL_CREATED),  # Shipment information sent to FedEx
    "IN": (Status.PRE_TRANSIT, Detail.LABEL_CREATED),  # Initiated (derived)
    "PU": (Status.IN_TRANSIT, Detail.ACCEPTED),  # Picked up
    "PX": (Status.IN_TRANSIT, Detail.ACCEPTED),  # Picked up (see details)
    "AR": (Status.IN_TRANSIT, Detail.ARRIVED_AT_FACILITY),  # Arrived at FedEx location
    "AF": (Status.IN_TRANSIT, Detail.ARRIVED_AT_FACILITY),  # At local FedEx facility
    "OF": (Status.IN_TRANSIT, Detail.ARRIVED_AT_FACILITY),  # At FedEx origin facility
    "SF": (Status.IN_TRANSIT, Detail.ARRIVED_AT_FACILITY),  # At sort facility
    "AA": (Status.IN_TRANSIT, Detail.ARRIVED_AT_FACILITY),  # At airport
    "PL": (Status.IN_TRANSIT, Detail.ARRIVED_AT_FACILITY),  # Plane landed
    "FD": (Status.IN_TRANSIT, Detail.ARRIVED_AT_DESTINATION),  # At FedEx destination facility
    "DP": (Status.IN_TRANSIT, Detail.DEPARTED_FACILITY),  # Departed FedEx location
    "LO": (Status.IN_TRANSIT, Detail.DEPARTED_FACILITY),  # Left FedEx origin facility
    "PF": (Status.IN_TRANSIT, Detail.DEPARTED_FACILITY),  # Plane in flight
    "IT": (Status.IN_TRANSIT, Detail.IN_TRANSIT),  # In transit
    "IX": (Status.IN_TRANSIT, Detail.IN_TRANSIT),  # In transit (see details)
    "TR": (Status.IN_TRANSIT, Detail.IN_TRANSIT),  # Transfer
    "CC": (Status.IN_TRANSIT, Detail.IN_TRANSIT),  # Cleared customs
    "CP": (Status.IN_TRANSIT, Detail.IN_TRANSIT),  # Clearance in progress
    "DY": (Status.IN_TRANSIT, Detail.STATUS_UPDATE),  # Delay
    "DD": (Status.IN_TRANSIT, Detail.STATUS_UPDATE),  # Delivery delay
    "CD": (Status.IN_TRANSIT, Detail.STATUS_UPDATE),  # Clearance delay
    "OD": (Status.OUT_FOR_DELIVERY, Detail.OUT_FOR_DELIVERY),  # On FedEx vehicle for delivery
    "HL": (Status.AVAILABLE_FOR_PICKUP, Detail.AVAILABLE_FOR_PICKUP),  # Hold at location
    "HP": (Status.AVAILABLE_FOR_PICKUP, Detail.AVAILABLE_FOR_PICKUP),  # Ready for recipient pickup
    "DL": (Status.DELIVERED, Detail.DELIVERED),  # Delivered
    "DE": (Status.IN_TRANSIT, Detail.DELIVERY_ATTEMPTED),  # Delivery exception, unless words say more
    "SE": (Status.ERROR, Detail.CONTACT_PROVIDER),  # Shipment exception, unless words say more
    "RS": (Status.RETURN_TO_SENDER, Detail.RETURN_TO_SENDER),  # Return to shipper
    "CA": (Status.CANCELED, Detail.CANCELED),  # Shipment cancelled
}
FALLBACK = (Status.IN_TRANSIT, Detail.STATUS_UPDATE)

# Exceptions (DE, SE) say what happened in words; first match wins.
EXCEPTION_KEYWORDS: tuple[tuple[str, str, str], ...] = (
    ("damage", Status.FAILURE, Detail.PACKAGE_DAMAGED),
    ("refused", Status.RETURN_TO_SENDER, Detail.RETURN_TO_SENDER),
    ("returning", Status.RETURN_TO_SENDER, Detail.RETURN_TO_SENDER),
    ("incorrect address", Status.FAILURE, Detail.ADDRESS_ISSUE),
    ("address", Status.FAILURE, Detail.ADDRESS_ISSUE),
    ("lost", Status.FAILURE, Detail.PACKAGE_LOST),
    ("not available", Status.IN_TRANSIT, Detail.DELIVERY_ATTEMPTED),
    ("business closed", Status.IN_TRANSIT, Detail.DELIVERY_ATTEMPTED),
)
EXCEPTION_TYPES = ("DE", "SE")

# dateAndTimes types, best first, for the estimated delivery.
ESTIMATE_TYPES = ("ESTIMATED_DELIVERY", "APPOINTMENT_DELIVERY", "COMMITMENT")


def config() -> dict:
    return oauth.settings_for("fedex")


def configured() -> bool:
    return oauth.has_credentials("fedex")


def _base(cfg: dict) -> str:
    return http.origin(cfg.get("base_url"), DEFAULT_BASE)


def token_request(cfg: dict) -> dict:
    """POST /oauth/token, form-encoded client credentials, as FedEx documents it."""
    return {
        "method": "POST",
        "url": _base(cfg) + TOKEN_PATH,
        "data": {
            "grant_type": "client_credentials",
            "client_id": cfg.get("client_id", ""),
            "client_secret": cfg.get("client_secret", ""),
        },
    }


def tracking_request(number: str, cfg: dict, token: str, *, details: Details = NO_DETAILS) -> dict:
    """POST /track/v1/trackingnumbers with one trackingInfo and detailed scans, in the tracker's
    locale; a known ship date bounds the search (FedEx reuses numbers over the years)."""
    return tracking_many_request([(number, details)], cfg, token)


def tracking_many_request(items: Sequence[tuple[str, Details]], cfg: dict, token: str) -> dict:
    """POST /track/v1/trackingnumbers with one trackingInfo per number (up to BATCH_SIZE), each with
    its own ship date window. The locale is a header, one per call: the first number's (the refresh
    groups numbers by locale, `Adapter.batch_group`)."""
    infos = []
    for number, details in items:
        info: dict = {"trackingNumberInfo": {"trackingNumber": number}}
        if details.ship_date is not None:
            info["shipDateBegin"] = details.ship_date.isoformat()
            info["shipDateEnd"] = (details.ship_date + timedelta(days=30)).isoformat()
        infos.append(info)
    return {
        "method": "POST",
        "url": _base(cfg) + TRACK_PATH,
        "headers": {
            "Authorization": f"Bearer {token}",
            "Accept": "application/json",
            "X-locale": items[0][1].locale() if items else NO_DETAILS.locale(),
        },
        "json": {
            "includeDetailedScans": True,
            "trackingInfo": infos,
        },
    }


def map_event(code: str | None, words: str | None = "") -> tuple[str, str]:
    """(status, status_detail) for a FedEx code; exceptions are refined by their words."""
    key = (code or "").strip().upper()
    if key in EXCEPTION_TYPES:
        found = first_match((words or "").lower(), EXCEPTION_KEYWORDS)
        if found:
            return found
    return EVENT_TYPES.get(key, FALLBACK)


def parse_event(raw: dict) -> EventData | None:
    """One documented scanEvent -> EventData; None when it has no usable time."""
    place = as_dict(raw.get("scanLocation"))
    city, state = text(place.get("city")), text(place.get("stateOrProvinceCode")).upper()
    postal = text(place.get("postalCode"))
    country = timezones.country_code(place.get("countryCode") or place.get("countryName"))
    zone = timezones.resolve(country, state, postal, city)
    try:
        occurred_at = timezones.to_utc(str(raw.get("date") or ""), zone)
    except ValueError:
        log.warning("FedEx scan event without a usable date: %s", raw.get("eventType"))
        return None
    words = f"{raw.get('eventDescription') or ''} {raw.get('exceptionDescription') or ''}"
    status, detail = map_event(raw.get("eventType") or raw.get("derivedStatusCode"), words)
    message = text(raw.get("eventDescription"))
    if raw.get("exceptionDescription"):
        message = (
            f"{message}: {text(raw.get('exceptionDescription'))}" if message else text(raw["exceptionDescription"])
        )
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
    )


def _estimate(result: dict) -> datetime | None:
    window = as_dict(as_dict(result.get("estimatedDeliveryTimeWindow")).get("window"))
    dates = {
        str(d.get("type") or ""): d.get("dateTime") for d in result.get("dateAndTimes") or [] if isinstance(d, dict)
    }
    when = window.get("ends") or next((dates[t] for t in ESTIMATE_TYPES if dates.get(t)), None)
    if not when:
        return None
    try:
        return timezones.to_utc(str(when), None)
    except ValueError:
        return None


def _weight(result: dict) -> tuple[float | None, str]:
    weights = as_dict(as_dict(result.get("packageDetails")).get("weightAndDimensions")).get("weight") or []
    for weight in weights if isinstance(weights, list) else []:
        try:
            return float(weight["value"]), text(weight.get("unit")).lower()
        except (KeyError, TypeError, ValueError):
            continue
    return None, ""


def _complete_results(data: object) -> list[dict]:
    output = as_dict(as_dict(data).get("output"))
    return [c for c in output.get("completeTrackResults") or [] if isinstance(c, dict)]


def parse_tracking(data: object) -> TrackingResult:
    """The documented TrackingResponse body -> TrackingResult; NotYetKnown when FedEx has nothing."""
    results = [r for c in _complete_results(data) for r in dicts(c.get("trackResults"))]
    if not results:
        raise NotYetKnown("FedEx has no tracking result for this number yet.")
    return parse_result(results[0])


def parse_many(data: object, numbers: Sequence[str]) -> Answers:
    """A TrackingResponse for several numbers -> the answer per number (its first trackResult);
    a number FedEx rejects (`error` inside its result) has its own error, the others their result."""
    answers: Answers = {}
    for complete in _complete_results(data):
        results = dicts(complete.get("trackResults"))
        number = text(complete.get("trackingNumber")) or (
            text(as_dict(results[0].get("trackingNumberInfo")).get("trackingNumber")) if results else ""
        )
        if number not in numbers or number in answers:
            continue
        try:
            if not results:
                raise NotYetKnown("FedEx has no tracking result for this number yet.")
            answers[number] = parse_result(results[0])
        except CarrierError as exc:
            answers[number] = exc
    for number in numbers:
        answers.setdefault(number, unanswered(number, CARRIER))
    return answers


def parse_result(result: dict) -> TrackingResult:
    """One trackResult -> TrackingResult; NotYetKnown when FedEx has nothing, RequestRejected when
    it refuses the number."""
    error = as_dict(result.get("error"))
    if error:
        code, message = text(error.get("code")), text(error.get("message"))
        if code.endswith("NOTFOUND"):
            raise NotYetKnown(f"FedEx has no information yet: {message or code}")
        raise RequestRejected(f"FedEx refused the number: {code} {message}".strip())
    events = [e for e in (parse_event(r) for r in result.get("scanEvents") or [] if isinstance(r, dict)) if e]
    events.sort(key=lambda e: e.occurred_at)
    latest = as_dict(result.get("latestStatusDetail"))
    latest_code = text(latest.get("code") or latest.get("derivedCode"))
    if latest_code:
        words = " ".join(text(a.get("reasonDescription")) for a in dicts(latest.get("ancillaryDetails")))
        status, detail = map_event(latest_code, f"{latest.get('description') or ''} {words}")
    elif events:
        status, detail = events[-1].status, events[-1].status_detail
    else:
        raise NotYetKnown("FedEx has no scan events for this number yet.")
    weight, unit = _weight(result)
    service = as_dict(result.get("serviceDetail"))
    settled = status in (Status.DELIVERED, Status.RETURN_TO_SENDER, Status.CANCELED)
    return TrackingResult(
        events=events,
        status=status,
        status_detail=detail,
        est_delivery_at=None if settled else _estimate(result),
        signed_by=text(as_dict(result.get("deliveryDetails")).get("receivedByName")),
        weight=weight,
        weight_unit=unit,
        service=text(service.get("description")) or text(service.get("type")),
    )


@dataclass(frozen=True)
class Adapter(oauth.OAuthAdapter):
    """FedEx asks for up to BATCH_SIZE numbers a call, the numbers of one locale together."""

    batch_size: ClassVar[int] = BATCH_SIZE

    def batch_group(self, details: Details) -> str:
        return details.locale()

    def track_many(self, asks: Sequence[Ask], *, now: datetime, more: Callable[[], bool] = always) -> Answers:
        items = [(ask.number, ask.details) for ask in asks]
        response = self.call(lambda cfg, token: tracking_many_request(items, cfg, token))
        return parse_many(response.data, [ask.number for ask in asks])


ADAPTER = Adapter(
    code="fedex",
    carrier=CARRIER,
    config=config,
    token_request=token_request,
    tracking_request=tracking_request,
    parse_tracking=parse_tracking,
)
