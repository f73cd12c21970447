"""The tracker as the outside world sees it: one shape for the API, webhooks and exports.

Plain dicts rather than DRF serializers: the same function serves the refresh engine (webhook
payloads for thousands of trackers a second) and the API, and it is cheap.
"""

from __future__ import annotations

from collections.abc import Iterable

from core.times import iso, to_local
from trackers import lifecycle
from trackers.models import Tracker, TrackingEvent, public_link_parts
from trackers.predicting import estimated_delivery

ORDER_FIELDS = (
    "title",
    "order_id",
    "customer_name",
    "customer_email",
    "customer_phone",
    "destination_country",
    "destination_postal_code",
    "language",
    "comment",
    "destination_code",
    "logistics_channel",
    "tracking_account_number",
)


def event_dict(event: TrackingEvent) -> dict:
    local, tz = to_local(event.occurred_at, event.time_zone)
    return {
        "occurred_at": iso(event.occurred_at),
        "local_time": local.isoformat(),
        "time_zone": tz,
        "time_zone_known": tz is not None,
        "status": event.status,
        "status_detail": event.status_detail,
        "message": event.message,
        # The carrier's own code for the scan and its words beyond the message, where it gave them.
        "raw_code": event.raw_code,
        "raw_description": event.raw_description if event.raw_description != event.message else "",
        "location": {
            "city": event.city,
            "state": event.state,
            "postal_code": event.postal_code,
            "country": event.country,
        },
        "courier": event.courier,
    }


def refresh_stops(tracker: Tracker) -> dict:
    """When refreshing stops and which rule stops it (trackers/lifecycle.py)."""
    stop = lifecycle.stops(tracker, lifecycle.for_organization(tracker.organization_id))
    return {"refresh_stops_at": iso(stop.at), "refresh_stops_reason": stop.reason}


def tracker_dicts(trackers: Iterable[Tracker], events: dict[int, list[TrackingEvent]] | None = None) -> list[dict]:
    """tracker_dict of each, its link parts read once; with `events` (tracker pk -> its events,
    newest first) each carries its own, an empty list for a tracker without any."""
    items = list(trackers)
    link = public_link_parts(items[0].organization_id if items else None)
    if events is None:
        return [tracker_dict(t, link=link) for t in items]
    return [tracker_dict(t, events.get(t.pk, []), link=link) for t in items]


def tracker_dict(
    tracker: Tracker, events: Iterable[TrackingEvent] | None = None, *, link: tuple[str, str] | None = None
) -> dict:
    """The tracker; with `events` (newest first) when given, so lists need not load them.

    `link`: models.public_link_parts(), when the caller builds many (tracker_dicts).
    """
    before, after = link or public_link_parts(tracker.organization_id)
    data = {
        "id": tracker.public_id,
        "object": "tracker",
        "mode": tracker.mode,
        "tracking_number": tracker.tracking_number,
        "courier": tracker.courier,
        "courier_detected": tracker.courier_detected,
        "status": tracker.status,
        "status_detail": tracker.status_detail,
        "est_delivery_at": iso(tracker.est_delivery_at),
        "estimated_delivery": estimated_delivery(tracker),
        "delivered_at": iso(tracker.delivered_at),
        "last_event_at": iso(tracker.last_event_at),
        "active": tracker.active,
        "signed_by": tracker.signed_by,
        "weight": {"value": tracker.weight, "unit": tracker.weight_unit} if tracker.weight is not None else None,
        "service": tracker.service,
        "carrier_error": tracker.last_error or None,
        "last_checked_at": iso(tracker.last_refreshed_at),
        "next_check_at": iso(tracker.next_refresh_at) if tracker.active else None,
        "staleness_reason": tracker.staleness_reason or None,
        **refresh_stops(tracker),
        "public_url": before + tracker.public_token + after,
        "metadata": tracker.metadata,
        **{name: getattr(tracker, name) for name in ORDER_FIELDS},
        "order_created_at": iso(tracker.order_created_at),
        "ship_date": tracker.ship_date.isoformat() if tracker.ship_date else None,
        "created_at": iso(tracker.created_at),
        "updated_at": iso(tracker.updated_at),
    }
    if events is not None:
        data["events"] = [event_dict(e) for e in events]
    return data
