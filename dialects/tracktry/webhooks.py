"""Tracktry deliveries: the tracking as `GET /trackings/{carrier_code}/{tracking_number}` answers
it, in Tracktry's `{"meta", "data"}` envelope.

Tracktry's document says nothing of pushed updates, so the body is the one its API already
answers (a receiver parses both with the same code) and the signature is Standard Webhooks
(webhooks.signing, the default). Tracktry's envelope has no event name, so a Tracktry-format
subscription hears trackings created and updated by default; the `webhook-id` header is the event id.
"""

from __future__ import annotations

from dialects.tracktry import SUCCESS, representation
from events.models import Event, EventType
from webhooks import renderers

FORMAT = "tracktry"
EVENT_TYPES = (EventType.TRACKER_CREATED.value, EventType.TRACKER_UPDATED.value)


def render(event: Event) -> dict:
    data = event.data
    if data.get("object") == "tracker":
        data = representation.tracking(data)
    return {"meta": SUCCESS, "data": data}


def register() -> None:
    renderers.register(FORMAT, renderers.Renderer(render=render, event_types=EVENT_TYPES))
