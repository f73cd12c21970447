"""Reading trackers: every query starts scoped to one organization and one mode.

A tracker of another organization (or of the other mode) does not exist for the caller: the
getters raise a 404 `ServiceError`, never a 403.
"""

from __future__ import annotations

from collections import defaultdict

from django.db.models import QuerySet

from accounts.models import Organization
from carriers import numbers
from carriers.registry import require_courier
from core.errors import not_found
from trackers.models import Tracker, TrackingEvent


def trackers_for(organization: Organization | int, mode: str) -> QuerySet[Tracker]:
    """Every tracker query starts here: scoped to one organization and one mode."""
    org_id = organization if isinstance(organization, int) else organization.pk
    return Tracker.objects.filter(organization_id=org_id, mode=mode)


def events_by_tracker(ids: list[int]) -> dict[int, list[TrackingEvent]]:
    """Every event of these trackers in one query, newest first."""
    grouped: dict[int, list[TrackingEvent]] = defaultdict(list)
    for event in TrackingEvent.objects.filter(tracker_id__in=ids).order_by("-occurred_at", "-id"):
        grouped[event.tracker_id].append(event)
    return grouped


def get_tracker(organization: Organization | int, mode: str, public_id: str) -> Tracker:
    tracker = trackers_for(organization, mode).filter(public_id=public_id).first()
    if tracker is None:
        raise not_found("tracker")
    return tracker


def get_tracker_by_hex(organization: Organization | int, mode: str, hex_id: str) -> Tracker:
    """The tracker whose id, written as 32 hex digits (core.ids.hex_form), is `hex_id`."""
    tracker = None
    if isinstance(hex_id, str) and len(hex_id) == 32:
        tracker = trackers_for(organization, mode).filter(hex_id=hex_id.lower()).first()
    if tracker is None:
        raise not_found("tracker")
    return tracker


def find_by_pair(organization: Organization | int, mode: str, courier: str, number: str) -> Tracker | None:
    """The newest active tracker with this (courier, number): how Tracktry addresses a tracking."""
    return (
        trackers_for(organization, mode)
        .filter(courier=courier, tracking_number=numbers.normalize(number), active=True)
        .order_by("-created_at", "-id")
        .first()
    )


def get_by_pair(organization: Organization | int, mode: str, courier: str, number: object) -> Tracker:
    code = require_courier(courier).code if isinstance(courier, str) and courier else ""
    text = number if isinstance(number, str) else ""
    tracker = find_by_pair(organization, mode, code, text) if code and text else None
    if tracker is None:
        raise not_found("tracker")
    return tracker
