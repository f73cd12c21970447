"""AfterShip deliveries: `{"event": "tracking_update", "event_id", "is_tracking_first_tag", "msg", "ts"}`,
signed `aftership-hmac-sha256: base64(HMAC-SHA256(secret, raw body))` as AfterShip's receivers check.
"""

from __future__ import annotations

import base64
import hashlib
import hmac

from dialects.aftership import representation, tables
from events.models import Event, EventType
from trackers import tags
from webhooks import renderers

FORMAT = "aftership"
# AfterShip tells of tracking updates (a creation is the first one); a deletion sends nothing.
EVENT_TYPES = (EventType.TRACKER_CREATED.value, EventType.TRACKER_UPDATED.value)


def first_tag(event: Event) -> bool:
    """Whether this update brought the tracking to a tag it did not have before."""
    if event.type == EventType.TRACKER_CREATED:
        return True
    previous = event.previous_attributes or {}
    if "status" not in previous and "status_detail" not in previous:
        return False
    data = event.data
    before = tables.subtag(previous.get("status", data["status"]), previous.get("status_detail", data["status_detail"]))
    return before.tag != tables.subtag(data["status"], data["status_detail"]).tag


def render(event: Event) -> dict:
    """A tracking's update in AfterShip's body; an event about anything else (a subscription may
    ask for other types) keeps its own name and data, in the same envelope."""
    if event.data.get("object") != "tracker":
        return {"event": event.type, "event_id": event.public_id, "msg": event.data, "ts": _ts(event)}
    return {
        "event": "tracking_update",
        "event_id": event.public_id,
        "is_tracking_first_tag": first_tag(event),
        "msg": representation.tracking(
            event.data, event.data["updated_at"], tags.tags_of_subject(event.subject_id, as_given=True)
        ),
        "ts": _ts(event),
    }


def _ts(event: Event) -> int:
    return int(event.created_at.timestamp())


def signature(secret: str, body: bytes) -> str:
    return base64.b64encode(hmac.new(secret.encode("utf-8"), body, hashlib.sha256).digest()).decode("ascii")


def sign(secret: str, msg_id: str, timestamp: int, body: bytes) -> dict[str, str]:
    return {"aftership-hmac-sha256": signature(secret, body)} if secret else {}


def register() -> None:
    renderers.register(FORMAT, renderers.Renderer(render=render, sign=sign, event_types=EVENT_TYPES))
