"""17TRACK Tracking API v2.2: one key for the long tail of couriers (register, then fetch events).

The aggregator answers for every live courier that has no direct adapter configured, and names
the courier of a number the local rules cannot place. Same shape as the carrier adapters: request
builders and a parser that are pure, status maps kept as data, I/O only through
`carriers.http`. Settings: CARRIER_SETTINGS["17track"] = {base_url, api_key}
(SEVENTEENTRACK_API_BASE, SEVENTEENTRACK_API_KEY).

Cost: `gettrackinfo` first (free of quota); only a number 17TRACK does not know yet is registered
(one unit of quota), then asked again at once. Detection asks the same way. 17TRACK answers HTTP
200 with `code` 0 and per-number `accepted`/`rejected` lists; a non-zero top-level `code` is an
account problem.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar

from carriers import http, oauth, timezones
from carriers.base import (
    NO_DETAILS,
    AuthenticationFailure,
    CarrierError,
    Details,
    EventData,
    NotYetKnown,
    RateLimited,
    TemporaryFailure,
    TrackingResult,
)
from carriers.batching import Answers, Ask, NotAsked, always, unanswered
from carriers.http import RequestRejected
from carriers.parsing import as_dict, dicts, text
from carriers.statuses import Detail, Status

log = logging.getLogger(__name__)

CARRIER = "17TRACK"
DEFAULT_BASE = "https://api.17track.net"
REGISTER_PATH = "/track/v2.2/register"
INFO_PATH = "/track/v2.2/gettrackinfo"
# Numbers per register or gettrackinfo call, as 17TRACK documents it.
BATCH_SIZE = 40

# Top-level error codes that mean the key or account is refused (no retry soon helps).
ACCOUNT_CODES = frozenset({-18010001, -18010002, -18010004, -18010005})
SERVICE_ERROR = -18010003  # 17TRACK's own trouble: try again later
# Per-number rejection codes.
ALREADY_REGISTERED = -18019901
NOT_REGISTERED = -18019902
CARRIER_NOT_DETECTED = -18019903
NO_INFORMATION_YET = -18019909
QUOTA_EXHAUSTED = -18019908
QUOTA_WAIT_SECONDS = 6 * 3600.0

# track_info.latest_status.sub_status and events' sub_status -> (status, status_detail).
SUB_STATUSES: dict[str, tuple[str, str]] = {
    "NotFound_Other": (Status.UNKNOWN, Detail.NOT_FOUND_YET),
    "NotFound_InvalidCode": (Status.UNKNOWN, Detail.NOT_FOUND_YET),
    "InfoReceived": (Status.PRE_TRANSIT, Detail.LABEL_CREATED),
    "InTransit_PickedUp": (Status.IN_TRANSIT, Detail.ACCEPTED),
    "InTransit_Other": (Status.IN_TRANSIT, Detail.IN_TRANSIT),
    "InTransit_Departure": (Status.IN_TRANSIT, Detail.DEPARTED_FACILITY),
    "InTransit_Arrival": (Status.IN_TRANSIT, Detail.ARRIVED_AT_FACILITY),
    "InTransit_CustomsProcessing": (Status.IN_TRANSIT, Detail.IN_TRANSIT),
    "InTransit_CustomsReleased": (Status.IN_TRANSIT, Detail.IN_TRANSIT),
    "InTransit_CustomsRequiringInformation": (Status.IN_TRANSIT, Detail.STATUS_UPDATE),
    "Expired_Other": (Status.ERROR, Detail.CONTACT_PROVIDER),
    "AvailableForPickup_Other": (Status.AVAILABLE_FOR_PICKUP, Detail.AVAILABLE_FOR_PICKUP),
    "OutForDelivery_Other": (Status.OUT_FOR_DELIVERY, Detail.OUT_FOR_DELIVERY),
    "DeliveryFailure_Other": (Status.IN_TRANSIT, Detail.DELIVERY_ATTEMPTED),
    "DeliveryFailure_NoBody": (Status.IN_TRANSIT, Detail.DELIVERY_ATTEMPTED),
    "DeliveryFailure_Security": (Status.FAILURE, Detail.PACKAGE_UNDELIVERABLE),
    "DeliveryFailure_Rejected": (Status.RETURN_TO_SENDER, Detail.RETURN_TO_SENDER),
    "DeliveryFailure_InvalidAddress": (Status.FAILURE, Detail.ADDRESS_ISSUE),
    "Delivered_Other": (Status.DELIVERED, Detail.DELIVERED),
    "Exception_Other": (Status.ERROR, Detail.CONTACT_PROVIDER),
    "Exception_Returning": (Status.RETURN_TO_SENDER, Detail.RETURN_TO_SENDER),
    "Exception_Returned": (Status.RETURN_TO_SENDER, Detail.RETURN_TO_SENDER),
    "Exception_NoBody": (Status.FAILURE, Detail.PACKAGE_UNDELIVERABLE),
    "Exception_Security": (Status.FAILURE, Detail.PACKAGE_UNDELIVERABLE),
    "Exception_Damage": (Status.FAILURE, Detail.PACKAGE_DAMAGED),
    "Exception_Rejected": (Status.RETURN_TO_SENDER, Detail.RETURN_TO_SENDER),
    "Exception_Delayed": (Status.IN_TRANSIT, Detail.STATUS_UPDATE),
    "Exception_Lost": (Status.FAILURE, Detail.PACKAGE_LOST),
    "Exception_Destroyed": (Status.FAILURE, Detail.PACKAGE_UNDELIVERABLE),
    "Exception_Cancel": (Status.CANCELED, Detail.CANCELED),
}
# Main statuses and event stages, for a sub_status we do not know yet.
STAGES: dict[str, tuple[str, str]] = {
    "NotFound": (Status.UNKNOWN, Detail.NOT_FOUND_YET),
    "InfoReceived": (Status.PRE_TRANSIT, Detail.LABEL_CREATED),
    "InTransit": (Status.IN_TRANSIT, Detail.IN_TRANSIT),
    "PickedUp": (Status.IN_TRANSIT, Detail.ACCEPTED),
    "Departure": (Status.IN_TRANSIT, Detail.DEPARTED_FACILITY),
    "Arrival": (Status.IN_TRANSIT, Detail.ARRIVED_AT_FACILITY),
    "Expired": (Status.ERROR, Detail.CONTACT_PROVIDER),
    "AvailableForPickup": (Status.AVAILABLE_FOR_PICKUP, Detail.AVAILABLE_FOR_PICKUP),
    "OutForDelivery": (Status.OUT_FOR_DELIVERY, Detail.OUT_FOR_DELIVERY),
    "DeliveryFailure": (Status.IN_TRANSIT, Detail.DELIVERY_ATTEMPTED),
    "Delivered": (Status.DELIVERED, Detail.DELIVERED),
    "Exception": (Status.ERROR, Detail.CONTACT_PROVIDER),
    "Returning": (Status.RETURN_TO_SENDER, Detail.RETURN_TO_SENDER),
    "Returned": (Status.RETURN_TO_SENDER, Detail.RETURN_TO_SENDER),
}
FALLBACK = (Status.IN_TRANSIT, Detail.STATUS_UPDATE)


def config() -> dict:
    return oauth.settings_for("17track")


def configured() -> bool:
    return bool(config().get("api_key"))


def _request(path: str, items: list[dict], cfg: dict) -> dict:
    return {
        "method": "POST",
        "url": http.origin(cfg.get("base_url"), DEFAULT_BASE) + path,
        "headers": {"17token": cfg.get("api_key", ""), "Accept": "application/json"},
        "json": items,
    }


def _item(number: str, carrier_key: int | None, language: str = "") -> dict:
    item: dict[str, object] = {"number": number}
    if carrier_key:
        item["carrier"] = carrier_key
    if language:
        item["lang"] = language
    return item


def register_request(number: str, carrier_key: int | None, cfg: dict, details: Details = NO_DETAILS) -> dict:
    """POST /track/v2.2/register: without a carrier key 17TRACK detects the courier itself; the
    tracker's language, when it has one, is the language 17TRACK translates its scans into."""
    return register_many_request([(number, carrier_key, details)], cfg)


def register_many_request(items: Sequence[tuple[str, int | None, Details]], cfg: dict) -> dict:
    """POST /track/v2.2/register for up to BATCH_SIZE numbers, each with its own carrier and language."""
    return _request(REGISTER_PATH, [_item(n, key, d.language.strip().lower()) for n, key, d in items], cfg)


def info_request(number: str, carrier_key: int | None, cfg: dict) -> dict:
    """POST /track/v2.2/gettrackinfo for one number."""
    return info_many_request([(number, carrier_key)], cfg)


def info_many_request(items: Sequence[tuple[str, int | None]], cfg: dict) -> dict:
    """POST /track/v2.2/gettrackinfo for up to BATCH_SIZE numbers (the language is not taken here)."""
    return _request(INFO_PATH, [_item(n, key) for n, key in items], cfg)


def map_status(sub_status: str | None, stage: str | None = None) -> tuple[str, str]:
    """(status, status_detail) from a sub_status, else its main status or stage, else in transit."""
    if sub_status and sub_status in SUB_STATUSES:
        return SUB_STATUSES[sub_status]
    main = (sub_status or "").split("_", 1)[0]
    return STAGES.get(stage or "") or STAGES.get(main) or FALLBACK


def _answer(data: object) -> tuple[list[dict], list[dict]]:
    """(accepted, rejected) of a 200 answer; account-level codes become typed errors."""
    body = as_dict(data)
    code = body.get("code")
    if code != 0:
        errors = dicts(as_dict(body.get("data")).get("errors"))
        words = text(errors[0].get("message") if errors else body.get("message"))
        detail = f"17TRACK answered code {code}" + (f": {words}" if words else "")
        if code in ACCOUNT_CODES:
            raise AuthenticationFailure(detail)
        if code == SERVICE_ERROR:
            raise TemporaryFailure(detail)
        raise RequestRejected(detail)
    payload = as_dict(body.get("data"))
    return dicts(payload.get("accepted")), dicts(payload.get("rejected"))


def _rejection(rejected: list[dict]) -> tuple[int | None, str]:
    error = as_dict(rejected[0].get("error")) if rejected else {}
    code = error.get("code")
    return (code if isinstance(code, int) else None), text(error.get("message"))


def rejection_error(rejected: dict) -> CarrierError:
    """One rejected number: not known yet (keep polling slowly), quota spent, or a refused request."""
    code, message = _rejection([rejected])
    if code in (NO_INFORMATION_YET, CARRIER_NOT_DETECTED, NOT_REGISTERED):
        return NotYetKnown(f"17TRACK has no information yet: {message or code}")
    if code == QUOTA_EXHAUSTED:
        return RateLimited(f"17TRACK quota exhausted: {message}", retry_after=QUOTA_WAIT_SECONDS)
    return RequestRejected(f"17TRACK refused the number: {code} {message}".strip())


def raise_for_rejection(rejected: list[dict]) -> None:
    raise rejection_error(rejected[0] if rejected else {})


def _by_number(items: list[dict]) -> dict[str, dict]:
    return {text(item.get("number")): item for item in items}


def _event_time(raw: dict, zone: str | None) -> datetime | None:
    """time_utc, else time_iso (with its offset), else time_raw's local date and time at `zone`."""
    try:
        if raw.get("time_utc"):
            return timezones.to_utc(str(raw["time_utc"]), "UTC")
        if raw.get("time_iso"):
            return timezones.to_utc(str(raw["time_iso"]), zone)
        local = as_dict(raw.get("time_raw"))
        if local.get("date"):
            stamp = f"{local['date']}T{local.get('time') or '00:00:00'}{local.get('timezone') or ''}"
            return timezones.to_utc(stamp, zone)
    except ValueError:
        return None
    return None


def parse_event(raw: dict) -> EventData | None:
    address = as_dict(raw.get("address"))
    city, state = text(address.get("city")), text(address.get("state"))
    postal = text(address.get("postal_code"))
    country = timezones.country_code(address.get("country"))
    zone = timezones.resolve(country, state, postal, city)
    occurred_at = _event_time(raw, zone)
    if occurred_at is None:
        log.warning("17TRACK event without a usable time: %s", raw.get("sub_status"))
        return None
    status, detail = map_status(raw.get("sub_status"), raw.get("stage"))
    return EventData(
        occurred_at=occurred_at,
        status=status,
        status_detail=detail,
        message=text(raw.get("description")) or text(raw.get("location")),
        city=city or (text(raw.get("location")) if not address else ""),
        state=state.upper(),
        postal_code=postal,
        country=country,
        time_zone=zone,
        raw=raw,
    )


def _estimate(info: dict) -> datetime | None:
    window = as_dict(as_dict(info.get("time_metrics")).get("estimated_delivery_date"))
    when = window.get("to") or window.get("from")
    try:
        return timezones.to_utc(str(when), None) if when else None
    except ValueError:
        return None


def _weight(misc: dict) -> tuple[float | None, str]:
    try:
        return float(misc["weight_kg"]), "kg"
    except (KeyError, TypeError, ValueError):
        return None, ""


def parse_tracking(accepted: dict) -> TrackingResult:
    """One accepted item of gettrackinfo -> TrackingResult; NotYetKnown while 17TRACK has nothing."""
    info = as_dict(accepted.get("track_info"))
    providers = dicts(as_dict(info.get("tracking")).get("providers"))
    raw_events = [e for p in providers for e in dicts(p.get("events"))]
    events = sorted(filter(None, (parse_event(r) for r in raw_events)), key=lambda e: e.occurred_at)
    latest = as_dict(info.get("latest_status"))
    status, detail = map_status(latest.get("sub_status"), latest.get("status"))
    if status == Status.UNKNOWN:
        if not events:
            raise NotYetKnown("17TRACK has found no events for this number yet.")
        status, detail = events[-1].status, events[-1].status_detail
    misc = as_dict(info.get("misc_info"))
    weight, unit = _weight(misc)
    settled = status in (Status.DELIVERED, Status.RETURN_TO_SENDER, Status.CANCELED)
    return TrackingResult(
        events=events,
        status=status,
        status_detail=detail,
        est_delivery_at=None if settled else _estimate(info),
        weight=weight,
        weight_unit=unit,
        service=text(misc.get("service_type")),
    )


def _send(spec: dict) -> object:
    response = http.send(spec["method"], spec["url"], carrier=CARRIER, headers=spec["headers"], json_body=spec["json"])
    return response.data


def fetch(number: str, carrier_key: int | None = None, details: Details = NO_DETAILS) -> TrackingResult:
    """gettrackinfo; a number 17TRACK does not know is registered, then asked once more."""
    answer = fetch_many([(number, carrier_key, details)])[number]
    if isinstance(answer, CarrierError):
        raise answer
    return answer


def fetch_many(items: Sequence[tuple[str, int | None, Details]], more: Callable[[], bool] = always) -> Answers:
    """gettrackinfo for all; the numbers 17TRACK does not know yet are registered together (one
    call, each with its language), then asked once more together. `more()` is asked before each
    of those two further calls (the account's budget); per-number rejections are per-number errors."""
    cfg = config()
    keys = {number: key for number, key, _details in items}
    answers: Answers = {}
    accepted, rejected = _answer(_send(info_many_request(list(keys.items()), cfg)))
    unknown = _settle(answers, accepted, rejected)
    if unknown and more():
        try:
            _register_round(answers, unknown, [item for item in items if item[0] in unknown], keys, cfg, more)
        except CarrierError as exc:  # the numbers already answered keep their answers
            answers.update({number: exc for number in unknown if number not in answers})
        unknown = {number for number in unknown if number not in answers}
    for number in unknown:
        answers[number] = NotAsked("17TRACK's register round waits for the account's budget.")
    for number in keys:
        answers.setdefault(number, unanswered(number, CARRIER))
    return answers


def _settle(answers: Answers, accepted: list[dict], rejected: list[dict]) -> set[str]:
    """Put each accepted or rejected number's answer in `answers`; the numbers not registered yet."""
    for number, item in _by_number(accepted).items():
        try:
            answers[number] = parse_tracking(item)
        except CarrierError as exc:
            answers[number] = exc
    unknown: set[str] = set()
    for number, item in _by_number(rejected).items():
        if _rejection([item])[0] == NOT_REGISTERED:
            unknown.add(number)
        else:
            answers[number] = rejection_error(item)
    return unknown


def _register_round(
    answers: Answers,
    unknown: set[str],
    wanted: list[tuple[str, int | None, Details]],
    keys: dict[str, int | None],
    cfg: dict,
    more: Callable[[], bool],
) -> None:
    """Register the numbers 17TRACK does not know (one call), then ask for them again (one call)."""
    accepted, rejected = _answer(_send(register_many_request(wanted, cfg)))
    for item in rejected:
        number = text(item.get("number"))
        if number in unknown and _rejection([item])[0] != ALREADY_REGISTERED:
            answers[number] = rejection_error(item)
    for item in accepted:
        if isinstance(item.get("carrier"), int) and text(item.get("number")) in keys:
            keys[text(item.get("number"))] = item["carrier"]
    again = [(number, keys[number]) for number in keys if number in unknown and number not in answers]
    if again and more():
        for number in _settle(answers, *_answer(_send(info_many_request(again, cfg)))):
            answers[number] = NotYetKnown("17TRACK has not registered this number yet.")


def register(number: str, carrier_key: int | None = None, details: Details = NO_DETAILS) -> int | None:
    """Register a number (one unit of quota); the carrier key 17TRACK settled on, if any."""
    accepted, rejected = _answer(_send(register_request(number, carrier_key, config(), details)))
    if accepted:
        key = accepted[0].get("carrier")
        return key if isinstance(key, int) else None
    code, _message = _rejection(rejected)
    if code == ALREADY_REGISTERED:
        return carrier_key
    raise_for_rejection(rejected)
    return None


def detect(number: str) -> int | None:
    """The 17TRACK carrier key of a number (None: unknown).

    A number 17TRACK already follows names its carrier in gettrackinfo, free of quota (so the same
    number detected twice gets the same courier, and live deduplication finds the first tracker);
    a new one is registered without a carrier, and 17TRACK detects it as it registers it.
    """
    accepted, rejected = _answer(_send(info_request(number, None, config())))
    if accepted:
        key = accepted[0].get("carrier")
        return key if isinstance(key, int) else None
    if _rejection(rejected)[0] == NOT_REGISTERED:
        return register(number, None)
    raise_for_rejection(rejected)
    return None


@dataclass(frozen=True)
class Adapter:
    """The aggregator speaking for one courier (its 17TRACK key, when we know it)."""

    code: str
    carrier_key: int | None = None
    batch_size: ClassVar[int] = BATCH_SIZE

    def track(
        self, tracking_number: str, *, created_at: datetime, now: datetime, details: Details = NO_DETAILS
    ) -> TrackingResult:
        return fetch(tracking_number, self.carrier_key, details)

    def track_many(self, asks: Sequence[Ask], *, now: datetime, more: Callable[[], bool] = always) -> Answers:
        return fetch_many([(ask.number, self.carrier_key, ask.details) for ask in asks], more)
