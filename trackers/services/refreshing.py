"""Asking the carrier now, whatever the schedule says (the scheduler's own path is trackers.refresh)."""

from __future__ import annotations

from core.errors import not_found
from trackers.models import Tracker
from trackers.refresh import Report, refresh_trackers


def refresh_now(tracker: Tracker) -> Report:
    """Ask the carrier now (a realtime read), whatever the schedule says.

    A tracker deleted while its carrier was asked is a 404: nothing was written for it.
    """
    report = refresh_trackers([tracker])
    if not (report.refreshed or report.deferred) and not Tracker.objects.filter(pk=tracker.pk).exists():
        raise not_found("tracker")
    return report


def refresh_many(trackers: list[Tracker]) -> Report:
    return refresh_trackers(trackers)
