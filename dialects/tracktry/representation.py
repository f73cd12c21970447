"""A tracking in Tracktry's shape, built from the native tracker dict (so API answers and any
future delivery share it): its id in 32 hex digits, its order fields under Tracktry's names, and
the carrier's scans as `origin_info.trackinfo`, newest first."""

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


def checkpoint(event: dict) -> dict:
    local = datetime.fromisoformat(event["local_time"])
    return {
        "Date": local.strftime("%Y-%m-%d %H:%M:%S"),
        "StatusDescription": event["message"],
        "Details": _place(event.get("location") or {}),
        "checkpoint_status": tables.status(event["status"], event["status_detail"]),
    }


def tracking(native: dict) -> dict:
    events = native.get("events") or []
    trackinfo = [checkpoint(e) for e in events]
    courier = get_courier(native["courier"])
    last = trackinfo[0] if trackinfo else None
    return {
        "id": hex_form(native["id"]),
        "tracking_number": native["tracking_number"],
        "carrier_code": native["courier"],
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
        "lang": native["language"],
        "destination_country": native["destination_country"],
        "original_country": "",
        "lastEvent": ",".join(p for p in (last["StatusDescription"], last["Details"], last["Date"]) if p)
        if last
        else "",
        "lastUpdateTime": last["Date"] if last else "",
        "public_url": native["public_url"],
        "origin_info": {
            "weblink": courier.website if courier else "",
            "phone": None,
            "trackinfo": trackinfo,
        },
        "destination_info": {"weblink": "", "phone": None, "trackinfo": []},
    }
