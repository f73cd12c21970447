"""Writing events: always inside the caller's transaction, so a change and its event land together."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils import timezone

from accounts.ids import new_public_id
from webhooks.models import Event


@dataclass
class NewEvent:
    organization_id: int
    mode: str
    type: str
    data: dict
    object_id: str = ""
    tracker_id: int | None = None
    previous_attributes: dict = field(default_factory=dict)


def emit_many(specs: list[NewEvent]) -> list[Event]:
    """Write the events in one statement and queue their deliveries."""
    if not specs:
        return []
    now = timezone.now()
    events = Event.objects.bulk_create(
        [
            Event(
                public_id=new_public_id("evt"),
                organization_id=s.organization_id,
                mode=s.mode,
                type=s.type,
                tracker_id=s.tracker_id,
                object_id=s.object_id,
                data=s.data,
                previous_attributes=s.previous_attributes,
                created_at=now,
            )
            for s in specs
        ]
    )
    from webhooks.fanout import fan_out  # the delivery engine decides who hears of each event

    fan_out(events)
    return events


def emit(spec: NewEvent) -> Event:
    return emit_many([spec])[0]
