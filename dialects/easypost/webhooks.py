"""EasyPost deliveries: an Event body signed as `easypost.validate_webhook` checks it.

The signature is `X-Hmac-Signature: hmac-sha256-hex=<hex>`, an HMAC-SHA256 of the exact body bytes
keyed with the secret normalized to NFKD and encoded as UTF-8 (what the official clients verify).
"""

from __future__ import annotations

import hashlib
import hmac
import unicodedata

from dialects.easypost import representation
from events.models import Event, EventType
from webhooks import renderers
from webhooks.reads import EventDeliveries

DIALECT = "easypost"
# EasyPost tells of trackers created and updated; a deletion stops its webhooks.
EVENT_TYPES = (EventType.TRACKER_CREATED.value, EventType.TRACKER_UPDATED.value)


def render(event: Event, deliveries: EventDeliveries | None = None) -> dict:
    """The Event as EasyPost shows it; `deliveries` (webhooks.reads) fill its URLs and status."""
    return representation.event(
        event.public_id, event.type, event.mode, event.created_at, event.data, event.previous_attributes, deliveries
    )


def suppress(event: Event) -> bool:
    """No `tracker.updated` for a change an EasyPost user cannot see (metadata, an internal date)."""
    if event.type != EventType.TRACKER_UPDATED.value or event.data.get("object") != "tracker":
        return False
    return representation.nothing_shown_changed(event.previous_attributes or {}, event.data)


def signature(secret: str, body: bytes) -> str:
    key = unicodedata.normalize("NFKD", secret).encode("utf-8")
    return "hmac-sha256-hex=" + hmac.new(key, body, hashlib.sha256).hexdigest()


def sign(secret: str, msg_id: str, timestamp: int, body: bytes) -> dict[str, str]:
    headers = {"X-EasyPost-Event-Id": msg_id}
    if secret:
        headers["X-Hmac-Signature"] = signature(secret, body)
    return headers


def register() -> None:
    renderer = renderers.Renderer(render=render, sign=sign, event_types=EVENT_TYPES, suppress=suppress)
    renderers.register(DIALECT, renderer)
