"""The notices a tracker change writes to the outbox (events.outbox): what `tracker.*` webhooks and
listeners receive. (Not `events`: that name is the outbox app's, and a tracker's scans are TrackingEvents.)

`data` is the tracker as the API shows it (representation.tracker_dict) and `previous_attributes`
holds the old values of what changed, written by the same formatter as `data` (times in UTC with
a Z, dates as YYYY-MM-DD), so a receiver can compare the two field by field. Every door that
changes a tracker (services, the refresh engine) emits through here.
"""

from __future__ import annotations

from collections.abc import Iterable

from core.times import iso_any
from events.models import EventType
from events.outbox import NewEvent
from trackers.models import Tracker, TrackingEvent
from trackers.representation import tracker_dict

SUBJECT = "tracker"


def tracker_event(
    tracker: Tracker,
    type_: str,
    events: Iterable[TrackingEvent] | None = None,
    previous: dict | None = None,
) -> NewEvent:
    """The event about `tracker`; `events` (newest first) are included in `data` when given."""
    return NewEvent(
        organization_id=tracker.organization_id,
        mode=tracker.mode,
        type=type_,
        subject_type=SUBJECT,
        subject_id=tracker.public_id,
        data=tracker_dict(tracker, events),
        previous_attributes={name: iso_any(value) for name, value in (previous or {}).items()},
    )


def created(tracker: Tracker) -> NewEvent:
    return tracker_event(tracker, EventType.TRACKER_CREATED, [])


def updated(tracker: Tracker, previous: dict, events: Iterable[TrackingEvent] | None = None) -> NewEvent:
    return tracker_event(tracker, EventType.TRACKER_UPDATED, events, previous)


def deleted(tracker: Tracker) -> NewEvent:
    return tracker_event(tracker, EventType.TRACKER_DELETED)
