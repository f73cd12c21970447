"""A kept answer read again: the stored scans it now reads differently, restated in place.

A scan's fingerprint includes its status, so a changed status map would make an answer read again
look like new scans beside the old ones. `manage.py renormalize` instead finds each stored scan by
what the carrier said of it (time, words, place: what no map changes) and gives it the status,
detail, fingerprint and raw code the answer reads today.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from carriers.base import EventData, TrackingResult
from trackers.models import TrackingEvent

FIELDS = ("status", "status_detail", "fingerprint", "raw_code", "raw_description")
ScanKey = tuple[datetime, str, str, str, str, str]


def _key(event: EventData | TrackingEvent) -> ScanKey:
    return (event.occurred_at, event.message[:500], event.city, event.state, event.postal_code, event.country)


def restate(events: list[TrackingEvent], result: TrackingResult) -> list[TrackingEvent]:
    """The stored `events` that `result` reads differently now, changed in memory (to be saved)."""
    held = {e.fingerprint for e in events}
    fresh: dict[ScanKey, list[EventData]] = defaultdict(list)
    for scan in result.events:
        if scan.fingerprint not in held:
            fresh[_key(scan)].append(scan)
    if not fresh:
        return []
    changed = []
    for event in events:
        candidates = fresh.get(_key(event))
        if not candidates:
            continue
        scan = candidates.pop(0)
        held.discard(event.fingerprint)
        held.add(scan.fingerprint)
        event.status, event.status_detail, event.fingerprint = scan.status, scan.status_detail, scan.fingerprint
        event.raw_code, event.raw_description = scan.raw_code[:64], scan.raw_description[:300]
        changed.append(event)
    return changed
