"""PackageX deliveries: its tracker (`track_` ids, `provider_id`, `tracking_updates`) as its API
answers it, under `data`, with the event's id, name and time beside it.

PackageX's trackers document says webhooks are sent whenever a tracker is updated, and nothing of
their body or signature. So a receiver reads `body["data"]` exactly as it reads `res.data` from
`GET /v1/trackers/{id}`, and the signature is Standard Webhooks (webhooks.signing, the default).
A shipment's event carries PackageX's shipment, which is the native document.
"""

from __future__ import annotations

from core.times import iso
from dialects.packagex import representation
from events.models import Event
from webhooks import renderers

FORMAT = "packagex"


def render(event: Event) -> dict:
    data = event.data
    if data.get("object") == "tracker":
        data = representation.tracker(data)
    return {
        "id": event.public_id,
        "object": "event",
        "type": event.type,
        "mode": event.mode,
        "created_at": iso(event.created_at),
        "data": data,
    }


def register() -> None:
    renderers.register(FORMAT, renderers.Renderer(render=render))
