"""EasyPost deliveries: an Event body signed as `easypost.validate_webhook` checks it.

The signature is `X-Hmac-Signature: hmac-sha256-hex=<hex>`, an HMAC-SHA256 of the exact body bytes
keyed with the secret normalized to NFKD and encoded as UTF-8 (what the official clients verify).
"""

from __future__ import annotations

import hashlib
import hmac
import unicodedata

from core.times import iso
from dialects.easypost import representation
from events.models import Event, EventType
from webhooks import renderers

DIALECT = "easypost"
# EasyPost tells of trackers created and updated; a deletion stops its webhooks.
EVENT_TYPES = (EventType.TRACKER_CREATED.value, EventType.TRACKER_UPDATED.value)


def render(event: Event) -> dict:
    return representation.event(
        event.public_id, event.type, event.mode, iso(event.created_at), event.data, event.previous_attributes
    )


def signature(secret: str, body: bytes) -> str:
    key = unicodedata.normalize("NFKD", secret).encode("utf-8")
    return "hmac-sha256-hex=" + hmac.new(key, body, hashlib.sha256).hexdigest()


def sign(secret: str, msg_id: str, timestamp: int, body: bytes) -> dict[str, str]:
    headers = {"X-EasyPost-Event-Id": msg_id}
    if secret:
        headers["X-Hmac-Signature"] = signature(secret, body)
    return headers


def register() -> None:
    renderers.register(DIALECT, renderers.Renderer(render=render, sign=sign, event_types=EVENT_TYPES))
