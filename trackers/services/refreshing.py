"""Asking the carrier now, whatever the schedule says (the scheduler's own path is trackers.refresh)."""

from __future__ import annotations

from accounts.models import Organization
from carriers import numbers
from core.errors import not_found
from trackers.models import Tracker
from trackers.refresh import Report, refresh_trackers
from trackers.services.changing import update_tracker
from trackers.services.creating import Creation, create_tracker
from trackers.services.inputs import resolve_courier
from trackers.services.reading import find_by_pair


def refresh_now(tracker: Tracker) -> Report:
    """Ask the carrier now (a realtime read), whatever the schedule says.

    A tracker deleted while its carrier was asked is a 404: nothing was written for it.
    """
    report = refresh_trackers([tracker])
    if not report.refreshed and not Tracker.objects.filter(pk=tracker.pk).exists():
        raise not_found("tracker")
    return report


def track_now(
    organization: Organization, mode: str, tracking_number: object, courier: str | None, fields: dict | None = None
) -> Creation:
    """Tracktry's realtime: the tracker of this (courier, number) asked now, created first (and
    charged as a create) when the pair is not tracked yet."""
    number = numbers.normalize(tracking_number)
    code, _, candidates = resolve_courier(mode, number, courier or None)
    existing = find_by_pair(organization, mode, code, number)
    if existing is None:
        return create_tracker(organization, mode, number, code, fields, refresh=True)
    if fields:
        existing = update_tracker(existing, fields)
    refresh_now(existing)
    return Creation(existing, created=False, candidates=candidates)


def refresh_many(trackers: list[Tracker]) -> Report:
    return refresh_trackers(trackers)
