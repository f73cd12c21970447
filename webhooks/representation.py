"""Deliveries and attempts as the API (and the dashboard) show them: plain dicts."""

from __future__ import annotations

from core.times import iso
from webhooks.models import Delivery, DeliveryAttempt


def attempt_dict(attempt: DeliveryAttempt) -> dict:
    return {
        "number": attempt.number,
        "status_code": attempt.status_code,
        "error": attempt.error or None,
        "message": attempt.message,
        "latency_ms": attempt.latency_ms,
        "response_excerpt": attempt.response_excerpt,
        "created_at": iso(attempt.created_at),
    }


def delivery_dict(delivery: Delivery, attempts: list[DeliveryAttempt] | None = None) -> dict:
    """The delivery with its attempt log (pass `attempts`, or prefetch `attempt_log`)."""
    if attempts is None:
        attempts = list(delivery.attempt_log.all())
    return {
        "id": delivery.public_id,
        "object": "delivery",
        "event": delivery.event.public_id,
        "event_type": delivery.event.type,
        "webhook": delivery.subscription.public_id,
        "url": delivery.subscription.url,
        "format": delivery.subscription.format,
        "subject_type": delivery.event.subject_type,
        "subject_id": delivery.event.subject_id,
        "status": delivery.status,
        "attempts": delivery.attempts,
        "max_attempts": delivery.max_attempts,
        "next_attempt_at": iso(delivery.next_attempt_at),
        "last_status_code": delivery.last_status_code,
        "last_error": delivery.last_error,
        "created_at": iso(delivery.created_at),
        "updated_at": iso(delivery.updated_at),
        "attempt_log": [attempt_dict(a) for a in attempts],
    }
