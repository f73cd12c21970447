"""The events the exception queue writes: `exception.assigned` and `exception.resolved`.

Their subject is the tracker (so they show on its page and in `GET /events?subject=trk_…`); `data`
carries the tracker as the API shows it and the case as it is after the change.
"""

from __future__ import annotations

from core.times import iso_any
from events.outbox import NewEvent
from trackers.casework.models import Case
from trackers.models import Tracker
from trackers.notices import SUBJECT
from trackers.representation import tracker_dict


def _person(user) -> dict | None:
    if user is None:
        return None
    return {"username": user.get_username(), "email": getattr(user, "email", "") or None}


def exception_event(tracker: Tracker, type_: str, case: Case, by=None) -> NewEvent:
    return NewEvent(
        organization_id=tracker.organization_id,
        mode=tracker.mode,
        type=type_,
        subject_type=SUBJECT,
        subject_id=tracker.public_id,
        data={
            "object": "Exception",
            "tracker": tracker_dict(tracker),
            "assignee": _person(case.assignee),
            "assigned_at": iso_any(case.assigned_at),
            "resolved_at": iso_any(case.resolved_at),
            "resolution": case.resolution or None,
            "by": _person(by),
        },
    )
