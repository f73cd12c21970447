"""Trackers and events in EasyPost's shape, built from the native representation.

The input is the native tracker dict (trackers.representation.tracker_dict, also what an Event
stores), so the API responses and the webhook deliveries of this dialect are the same function.
Times are written as EasyPost writes them: whole seconds, `Z` for UTC, and a scan's local time with
its offset when its zone is known (a strict `%Y-%m-%dT%H:%M:%SZ` parser reads every UTC one).
"""

from __future__ import annotations

from datetime import UTC, datetime

from dialects.easypost import EASYPOST, tables
from webhooks.models import Subscription
from webhooks.reads import EventDeliveries

CARRIER_DETAIL_FIELDS = (
    "service",
    "container_type",
    "est_delivery_date_local",
    "est_delivery_time_local",
    "origin_location",
    "origin_tracking_location",
    "destination_location",
    "destination_tracking_location",
    "guaranteed_delivery_date",
    "alternate_identifier",
    "initial_delivery_attempt",
)


def stamp(value: str | datetime | None, *, local: bool = False) -> str | None:
    """An instant as EasyPost writes it: whole seconds, UTC with a Z; `local` keeps a known offset.

    The input is one of ours (core.times.iso, or a local time's isoformat), never a caller's.
    """
    if value is None:
        return None
    when = value if isinstance(value, datetime) else datetime.fromisoformat(value)
    if when.tzinfo is None or not local:
        when = when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)
    text = when.replace(microsecond=0).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") and not local else text


def tracking_location(location: dict) -> dict:
    return {
        "object": "TrackingLocation",
        "city": location.get("city") or None,
        "state": location.get("state") or None,
        "country": location.get("country") or None,
        "zip": location.get("postal_code") or None,
    }


def tracking_detail(event: dict, carrier: str, est_delivery_at: str | None = None) -> dict:
    """One scan; `est_delivery_at` is the estimate the carrier gave with it (the newest scan's is
    the tracker's current one; no carrier here dates its earlier estimates)."""
    status = event["status"]
    known = bool(event.get("time_zone_known"))
    return {
        "object": "TrackingDetail",
        "message": event["message"],
        "description": event.get("raw_description") or None,
        "status": tables.status_for(status),
        "status_detail": tables.detail_for(status, event["status_detail"]),
        # Local time with its offset when the zone is known; UTC with a Z otherwise (as EasyPost does).
        "datetime": stamp(event["local_time"], local=True) if known else stamp(event["occurred_at"]),
        "source": carrier,
        "carrier_code": event.get("raw_code") or None,
        "est_delivery_date": stamp(est_delivery_at),
        "tracking_location": tracking_location(event.get("location") or {}),
    }


def place(location: dict | None) -> str | None:
    """A location as EasyPost's carrier_detail writes it: "CITY STATE ZIP COUNTRY", upper case."""
    parts = [(location or {}).get(k) for k in ("city", "state", "postal_code", "country")]
    words = " ".join(str(p) for p in parts if p).upper()
    return words or None


def carrier_detail(native: dict, scans: list[dict]) -> dict:
    """Where the scans began and ended (origin and destination as the carrier scanned them), and the
    service the carrier named; the other fields are for what no carrier here reports."""
    detail: dict = {"object": "CarrierDetail", **dict.fromkeys(CARRIER_DETAIL_FIELDS)}
    detail["service"] = native.get("service") or None
    located = [e for e in scans if any((e.get("location") or {}).values())]  # oldest first
    if located:
        detail["origin_location"] = place(located[0]["location"])
        detail["origin_tracking_location"] = tracking_location(located[0]["location"])
        if native["status"] == "delivered":
            detail["destination_location"] = place(located[-1]["location"])
            detail["destination_tracking_location"] = tracking_location(located[-1]["location"])
    return detail


# EasyPost gives a tracker's weight in ounces; carriers report it in their own unit.
OUNCES_PER = {"oz": 1.0, "lb": 16.0, "lbs": 16.0, "kg": 35.27396, "g": 0.03527396}


def ounces(weight: dict | None) -> float | None:
    if not weight or weight.get("value") is None:
        return None
    factor = OUNCES_PER.get(str(weight.get("unit") or "").lower())
    return round(weight["value"] * factor, 2) if factor is not None else None


def tracker(native: dict) -> dict:
    carrier = tables.carrier_name(native["courier"])
    scans = list(reversed(native.get("events") or []))  # EasyPost lists them oldest first
    estimate = native["est_delivery_at"]
    return {
        "id": native["id"],
        "object": "Tracker",
        "mode": tables.MODES.get(native["mode"], native["mode"]),
        "tracking_code": native["tracking_number"],
        "status": tables.status_for(native["status"]),
        "status_detail": tables.detail_for(native["status"], native["status_detail"]),
        "carrier": carrier,
        "est_delivery_date": stamp(native["est_delivery_at"]),
        "signed_by": native.get("signed_by") or None,
        "weight": ounces(native.get("weight")),
        "tracking_details": [
            tracking_detail(e, carrier, estimate if i == len(scans) - 1 else None) for i, e in enumerate(scans)
        ],
        "carrier_detail": carrier_detail(native, scans),
        "public_url": native["public_url"],
        "shipment_id": None,
        "is_return": False,
        "finalized": native["status"] in ("delivered", "canceled"),
        "fees": [],
        "created_at": stamp(native["created_at"]),
        "updated_at": stamp(native["updated_at"]),
    }


def shown(name: str, value: object, now: dict, was_status: str) -> tuple[str, object] | None:
    """(EasyPost's name, EasyPost's value) of a changed native attribute an EasyPost user sees, or
    None when it is not shown or reads the same in EasyPost's words as the current value."""
    if name not in tables.SHOWN:
        return None
    if name == "status_detail":
        value = tables.detail_for(was_status, str(value or ""))
        if value == tables.detail_for(str(now.get("status", "")), str(now.get("status_detail", ""))):
            return None
    elif name == "status":
        value = tables.status_for(str(value))
    elif name == "courier" and isinstance(value, str):
        value = tables.carrier_name(value)
    elif name == "est_delivery_at":
        value = stamp(value) if isinstance(value, str) else value
    elif name == "weight":
        value = ounces(value) if isinstance(value, dict) else value
    return tables.RENAMED.get(name, name), value


def previous_attributes(previous: dict, now: dict | None = None) -> dict:
    """The old values of what an EasyPost user sees change, in EasyPost's names and words; `now` is
    the current native tracker (a status_detail that reads the same in EasyPost's words is left out)."""
    now = now or {}
    was_status = str(previous.get("status", now.get("status", "")))
    out = {}
    for name, value in previous.items():
        pair = shown(name, value, now, was_status)
        if pair is not None:
            out[pair[0]] = pair[1]
    return out


def nothing_shown_changed(previous: dict, now: dict) -> bool:
    """True when an update changed nothing an EasyPost user sees: no shown attribute, no new scan."""
    return not previous_attributes(previous, now) and not (tables.SCAN_SIGNALS & set(previous))


def event_status(deliveries: EventDeliveries | None) -> str:
    """EasyPost's Event status from its deliveries: pending, retrying, failed or completed."""
    if deliveries is None:
        return "completed"
    if deliveries.pending_urls:
        return "retrying" if deliveries.retrying else "pending"
    return "failed" if deliveries.failed_urls else "completed"


def event(
    public_id: str,
    type_: str,
    mode: str,
    created_at: str | datetime | None,
    data: dict,
    previous: dict,
    deliveries: EventDeliveries | None = None,
) -> dict:
    """An EasyPost Event about a tracker: `result` is the tracker in this dialect's shape."""
    is_tracker = data.get("object") == "tracker"
    return {
        "id": public_id,
        "object": "Event",
        "mode": tables.MODES.get(mode, mode),
        "description": type_,
        "status": event_status(deliveries),
        "previous_attributes": previous_attributes(previous, data if is_tracker else None),
        "result": tracker(data) if is_tracker else data,
        "pending_urls": list(deliveries.pending_urls) if deliveries else [],
        "completed_urls": list(deliveries.completed_urls) if deliveries else [],
        "user_id": None,
        "created_at": stamp(created_at),
        "updated_at": stamp(created_at),
    }


def webhook(sub: Subscription) -> dict:
    """A subscription as EasyPost's Webhook object (the secret is never shown)."""
    return {
        "id": EASYPOST.ids.out(sub.public_id),
        "object": "Webhook",
        "mode": tables.MODES.get(sub.mode, sub.mode),
        "url": sub.url,
        "created_at": stamp(sub.created_at),
        "disabled_at": None if sub.enabled else stamp(sub.updated_at),
        "custom_headers": [{"name": name, "value": value} for name, value in sub.custom_headers.items()],
    }
