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
    """The stored `events` that `result` reads differently now, changed in memory (to be saved).

    A scan found by its fingerprint whose status differs (an override added or removed) takes the
    new status; a scan whose fingerprint is new (a map row changed) is found by its key instead.
    """
    by_fingerprint = {e.fingerprint: e for e in events}
    fresh: dict[ScanKey, list[EventData]] = defaultdict(list)
    changed: list[TrackingEvent] = []
    for scan in result.events:
        stored = by_fingerprint.get(scan.fingerprint)
        if stored is None:
            fresh[_key(scan)].append(scan)
        elif (stored.status, stored.status_detail) != (scan.status, scan.status_detail):
            changed.append(_take(stored, scan))
    if not fresh:
        return changed
    matched = {id(by_fingerprint[scan.fingerprint]) for scan in result.events if scan.fingerprint in by_fingerprint}
    for event in events:
        candidates = fresh.get(_key(event))
        if not candidates or id(event) in matched:
            continue
        scan = candidates.pop(0)
        changed.append(_take(event, scan))
    return changed


def _take(event: TrackingEvent, scan: EventData) -> TrackingEvent:
    event.status, event.status_detail, event.fingerprint = scan.status, scan.status_detail, scan.fingerprint
    event.raw_code, event.raw_description = scan.raw_code[:64], scan.raw_description[:300]
    return event
