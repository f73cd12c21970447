"""A notification as the API shows it: what was sent, to whom (masked), and how it went."""

from __future__ import annotations

from core.times import iso
from notifications.models import Notification


def notification_dict(n: Notification, tracker_id: str) -> dict:
    return {
        "id": n.public_id,
        "object": "notification",
        "tracker": tracker_id,
        "channel": n.channel,
        "milestone": n.kind,
        "milestone_key": n.milestone,
        "language": n.language,
        "recipient": n.masked_recipient,
        "status": n.status,
        "attempts": n.attempts,
        "next_attempt_at": iso(n.next_attempt_at),
        "last_error": n.last_error or None,
        "event": n.event_id or None,
        "created_at": iso(n.created_at),
        "sent_at": iso(n.sent_at),
    }
