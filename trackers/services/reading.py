"""Reading trackers: every query starts scoped to one organization and one mode.

A tracker of another organization (or of the other mode) does not exist for the caller: find_tracker
finds nothing and get_tracker raises a 404 `ServiceError`, never a 403. One lookup serves every API,
whatever it calls a tracker (its id, the id's hex form, or its courier and number).
"""

from __future__ import annotations

from collections import defaultdict

from django.db.models import QuerySet

from accounts.models import Organization, organization_id
from carriers import numbers
from carriers.registry import require_courier
from core.errors import not_found
from trackers.models import Tracker, TrackingEvent


def trackers_for(organization: Organization | int, mode: str) -> QuerySet[Tracker]:
    """Every tracker query starts here: scoped to one organization and one mode."""
    return Tracker.objects.filter(organization_id=organization_id(organization), mode=mode)


def events_by_tracker(ids: list[int]) -> dict[int, list[TrackingEvent]]:
    """Every event of these trackers in one query, newest first."""
    grouped: dict[int, list[TrackingEvent]] = defaultdict(list)
    for event in TrackingEvent.objects.filter(tracker_id__in=ids).order_by("-occurred_at", "-id"):
        grouped[event.tracker_id].append(event)
    return grouped


def find_tracker(
    organization: Organization | int,
    mode: str,
    public_id: object = None,
    *,
    hex_id: object = None,
    courier: object = None,
    tracking_number: object = None,
) -> Tracker | None:
    """The caller's tracker named one of three ways, or None when it is not theirs or not there.

    - `public_id` (`trk_…`), the native name;
    - `hex_id`: the same id written as 32 hex digits (core.ids.hex_form), for APIs whose ids are hex;
    - `courier` and `tracking_number`: the newest active tracker of that pair, for APIs that name a
      tracking by its number (any case or alias of a courier code; an unknown code is refused).
    A name that is not text finds nothing.
    """
    found = trackers_for(organization, mode)
    if public_id is not None:
        return found.filter(public_id=public_id).first() if isinstance(public_id, str) else None
    if hex_id is not None:
        return found.filter(hex_id=hex_id.lower()).first() if isinstance(hex_id, str) and len(hex_id) == 32 else None
    code = require_courier(courier).code if isinstance(courier, str) and courier else ""
    if not code or not isinstance(tracking_number, str) or not tracking_number:
        return None
    return (
        found.filter(courier=code, tracking_number=numbers.normalize(tracking_number), active=True)
        .order_by("-created_at", "-id")
        .first()
    )


def get_tracker(
    organization: Organization | int,
    mode: str,
    public_id: object = None,
    *,
    hex_id: object = None,
    courier: object = None,
    tracking_number: object = None,
) -> Tracker:
    """find_tracker, or a 404 `ServiceError`: another organization's tracker does not exist."""
    tracker = find_tracker(
        organization, mode, public_id, hex_id=hex_id, courier=courier, tracking_number=tracking_number
    )
    if tracker is None:
        raise not_found("tracker")
    return tracker
