"""Reading the outbox, scoped to one organization and mode like every other read.

The native events API, the EasyPost dialect's events and the dashboard read here; another
organization's (or the other mode's) event does not exist for the caller.
"""

from __future__ import annotations

from django.db.models import QuerySet

from accounts.models import Organization, organization_id
from core.errors import invalid, not_found
from events.models import TEST_EVENT_TYPE, Event, EventType

# Every type the outbox holds: what domain changes emit, and the test ping a webhook can be sent.
EVENT_TYPES = (*EventType.values, TEST_EVENT_TYPE)


def events_for(
    organization: Organization | int, mode: str, *, type: str | None = None, subject: str | None = None
) -> QuerySet[Event]:
    """Events of one organization and mode, optionally of one type or about one subject (trk_…, shp_…)."""
    events = Event.objects.filter(organization_id=organization_id(organization), mode=mode)
    if type:
        if type not in EVENT_TYPES:
            raise invalid("invalid_event_type", f"type must be one of: {', '.join(EVENT_TYPES)}.", "type")
        events = events.filter(type=type)
    if subject:
        events = events.filter(subject_id=subject)
    return events


def get_event(organization: Organization | int, mode: str, public_id: str) -> Event:
    event = events_for(organization, mode).filter(public_id=public_id).first()
    if event is None:
        raise not_found("event")
    return event


def events_about(organization: Organization | int, mode: str, subject_id: str) -> QuerySet[Event]:
    """Every event about one subject (a tracker's trk_… id, say), newest first."""
    return events_for(organization, mode, subject=subject_id).order_by("-created_at", "-id")
