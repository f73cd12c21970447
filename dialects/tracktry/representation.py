"""A tracking in Tracktry's shape, built from the native tracker dict (so API answers and any
future delivery share it): its id in 32 hex digits, its carrier and order fields under Tracktry's
names, and the carrier's scans as `origin_info.trackinfo`, newest first, each dated in the scan's
local time with its offset. When the destination country is known and differs from the country
of the first scan, the scans made there are the destination's (`destination_info`), as Tracktry
splits a parcel handed from one country's carrier to the other's."""

from __future__ import annotations

from datetime import datetime

from carriers.registry import get_courier
from core.ids import hex_form
from dialects.tracktry import tables


def _order_time(value: str | None) -> str:
    return datetime.fromisoformat(value).strftime("%Y/%m/%d %H:%M") if value else ""


def _ship_date(value: str | None) -> str:
    return value.replace("-", "") if value else ""


def _place(location: dict) -> str:
    return ", ".join(p for p in (location.get("city"), location.get("state"), location.get("country")) if p)


def _date(local_time: str) -> str:
    """`2026-04-01 10:08:00+08:00`: the scan's local time and its offset (UTC when the zone is unknown)."""
    return datetime.fromisoformat(local_time).replace(microsecond=0).isoformat(sep=" ")


def _country(event: dict) -> str:
    return ((event.get("location") or {}).get("country") or "").upper()


def _weblink(code: str | None) -> str:
    courier = get_courier(code) if code else None
    return courier.website if courier else ""


def _as_country(code: str) -> str:
    """Tracktry's `destination_code` names a carrier or, as in its own sample (`us`), a country."""
    return code if len(code) == 2 and code.isalpha() and get_courier(code) is None else ""


def checkpoint(event: dict) -> dict:
    return {
        "Date": _date(event["local_time"]),
        "StatusDescription": event["message"],
        "Details": _place(event.get("location") or {}),
        "checkpoint_status": tables.status(event["status"], event["status_detail"]),
    }


def tracking(native: dict) -> dict:
    events = native.get("events") or []  # newest first
    original = next((c for c in map(_country, reversed(events)) if c), "")
    destination_carrier = tables.courier_code(native["destination_code"] or "")
    destination = (native["destination_country"] or _as_country(native["destination_code"] or "")).upper()
    split = bool(destination and original and destination != original)
    at_destination = [e for e in events if split and _country(e) == destination]
    before = [e for e in events if not (split and _country(e) == destination)]
    trackinfo = [checkpoint(e) for e in events]
    last = trackinfo[0] if trackinfo else None
    return {
        "id": hex_form(native["id"]),
        "tracking_number": native["tracking_number"],
        "carrier_code": tables.carrier_code(native["courier"]),
        "status": tables.status(native["status"], native["status_detail"]),
        "created_at": native["created_at"],
        "updated_at": native["updated_at"],
        "order_create_time": _order_time(native["order_created_at"]),
        "tracking_ship_date": _ship_date(native["ship_date"]),
        "tracking_postal_code": native["destination_postal_code"],
        "tracking_destination_country": native["destination_country"],
        "tracking_account_number": native["tracking_account_number"],
        "destination_code": native["destination_code"],
        "logistics_channel": native["logistics_channel"],
        "title": native["title"],
        "order_id": native["order_id"],
        "comment": native["comment"],
        "customer_name": native["customer_name"],
        "customer_email": native["customer_email"],
        "customer_phone": native["customer_phone"],
        "lang": tables.tracktry_language(native["language"]),
        "destination_country": destination,
        "original_country": original,
        "lastEvent": ",".join(p for p in (last["StatusDescription"], last["Details"], last["Date"]) if p)
        if last
        else "",
        "lastUpdateTime": last["Date"] if last else "",
        "public_url": native["public_url"],
        "origin_info": {
            "weblink": _weblink(native["courier"]),
            "phone": None,
            "trackinfo": [checkpoint(e) for e in before],
        },
        "destination_info": {
            "weblink": _weblink(str(destination_carrier)),
            "phone": None,
            "trackinfo": [checkpoint(e) for e in at_destination],
        },
    }
