"""The delivery engine: claim due deliveries under a lease, send them, record every attempt.

At-least-once: claiming moves a delivery's `next_attempt_at` to the end of a lease in the claiming
transaction (`SELECT … FOR UPDATE SKIP LOCKED` on PostgreSQL; SQLite's IMMEDIATE transactions
serialize claims). The HTTP request happens outside any transaction. A worker killed between
sending and recording leaves the row pending with a lease that runs out, and the next claim sends
it again with the same `webhook-id` (the event's id), so receivers can de-duplicate.

Retries back off exponentially with jitter over about three days (MAX_ATTEMPTS attempts). A
subscription whose deliveries have all failed for WEBHOOK_DISABLE_AFTER_HOURS is disabled and
says why. Recording a batch costs a constant number of queries.
"""

from __future__ import annotations

import json
import random
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from core.backoff import exponential
from core.bulk import bulk_update
from webhooks import renderers, sending
from webhooks.models import Delivery, DeliveryAttempt, DeliveryStatus, Subscription

MAX_ATTEMPTS = 10
FIRST_RETRY_SECONDS = 60
BACKOFF_FACTOR = 3
MAX_RETRY_SECONDS = 24 * 3600
JITTER = 0.15
DISABLED_NOT_SENT = "Not sent: the webhook is disabled."
UPDATED_FIELDS = [
    "status",
    "attempts",
    "next_attempt_at",
    "lease_until",
    "last_status_code",
    "last_error",
    "updated_at",
]


def lease_seconds() -> int:
    """How long a claim holds: longer than a task's sending budget plus one full timeout."""
    return settings.WEBHOOK_LEASE_SECONDS


def batch_size() -> int:
    return settings.WEBHOOK_BATCH_SIZE


def retry_delay(failed_attempts: int, rng: random.Random | None = None) -> timedelta:
    """Wait after the n-th failed attempt: 1 min, 3, 9, 27 min, 1.35 h, 4 h, 12 h, then 24 h (±15 %).

    Nine waits add up to about 2.8 days, so the tenth and last attempt comes about three days in.
    """
    return exponential(
        failed_attempts,
        base=timedelta(seconds=FIRST_RETRY_SECONDS),
        factor=BACKOFF_FACTOR,
        cap=timedelta(seconds=MAX_RETRY_SECONDS),
        jitter=JITTER,
        rng=rng,
    )


@dataclass
class Outcome:
    delivery: Delivery
    answer: sending.Answer | None  # None: not sent (the subscription is disabled)
    at: datetime


# --- claiming -----------------------------------------------------------------------------------


def claim(limit: int | None = None, now: datetime | None = None, ids: list[int] | None = None) -> list[Delivery]:
    """Take up to `limit` due deliveries for this worker, with their event and subscription."""
    now = now or timezone.now()
    lease = now + timedelta(seconds=lease_seconds())
    with transaction.atomic():
        due = Delivery.objects.select_for_update(skip_locked=True).filter(
            status=DeliveryStatus.PENDING, next_attempt_at__lte=now
        )
        if ids is not None:
            due = due.filter(pk__in=ids)
        pks = list(due.order_by("next_attempt_at").values_list("pk", flat=True)[: limit or batch_size()])
        if not pks:
            return []
        Delivery.objects.filter(pk__in=pks).update(next_attempt_at=lease, lease_until=lease)
    rows = Delivery.objects.filter(pk__in=pks).select_related("event", "subscription").order_by("pk")
    return list(rows)


def due_exists(now: datetime | None = None) -> bool:
    return Delivery.objects.filter(status=DeliveryStatus.PENDING, next_attempt_at__lte=now or timezone.now()).exists()


def release(deliveries: list[Delivery], now: datetime | None = None) -> None:
    """Give claimed but unsent deliveries back, due now, for another worker."""
    if deliveries:
        Delivery.objects.filter(pk__in=[d.pk for d in deliveries], status=DeliveryStatus.PENDING).update(
            next_attempt_at=now or timezone.now(), lease_until=None
        )


# --- sending ------------------------------------------------------------------------------------


def body_of(delivery: Delivery) -> bytes:
    payload = renderers.for_dialect(delivery.subscription.dialect).render(delivery.event)
    return json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode()


def send_one(delivery: Delivery) -> Outcome:
    """Sign and POST one claimed delivery (no database access)."""
    sub = delivery.subscription
    now = timezone.now()
    if not sub.enabled and not delivery.is_test:
        return Outcome(delivery, None, now)
    body = body_of(delivery)
    sign = renderers.for_dialect(sub.dialect).sign
    headers = sign(sub.secret, delivery.event.public_id, int(now.timestamp()), body)
    answer = sending.post(sub.url, body, headers)
    return Outcome(delivery, answer, now)


def process(deliveries: list[Delivery], deadline: float | None = None) -> int:
    """Send claimed deliveries one after another and record them; past `deadline` the rest go back."""
    outcomes: list[Outcome] = []
    for index, delivery in enumerate(deliveries):
        if deadline is not None and time.monotonic() > deadline:
            release(deliveries[index:])
            break
        outcomes.append(send_one(delivery))
    record(outcomes)
    return len(outcomes)


# --- recording ----------------------------------------------------------------------------------


def _settle(delivery: Delivery, outcome: Outcome, attempts_so_far: int) -> DeliveryAttempt | None:
    """Apply one outcome to the delivery in memory; returns the attempt row to log, if one was made."""
    delivery.lease_until = None
    delivery.updated_at = outcome.at
    answer = outcome.answer
    if answer is None:
        delivery.status, delivery.next_attempt_at, delivery.last_error = DeliveryStatus.FAILED, None, DISABLED_NOT_SENT
        return None
    delivery.attempts = attempts_so_far + 1
    delivery.last_status_code = answer.status_code
    delivery.last_error = "" if answer.ok else (answer.message or answer.error)[:300]
    if answer.ok:
        delivery.status, delivery.next_attempt_at = DeliveryStatus.SUCCEEDED, None
    elif delivery.attempts >= delivery.max_attempts:
        delivery.status, delivery.next_attempt_at = DeliveryStatus.FAILED, None
    else:
        delivery.status = DeliveryStatus.PENDING
        delivery.next_attempt_at = outcome.at + retry_delay(delivery.attempts)
    return DeliveryAttempt(
        delivery=delivery,
        number=delivery.attempts,
        status_code=answer.status_code,
        error=answer.error[:60],
        message=answer.message[:300],
        latency_ms=answer.latency_ms,
        response_excerpt=answer.excerpt,
        created_at=outcome.at,
    )


def record(outcomes: list[Outcome]) -> None:
    """Log the attempts and move each delivery on, in one transaction of constant size.

    A delivery canceled (its tracker deleted) or finished by another worker while this one was
    sending keeps that state; the attempt is still logged.
    """
    if not outcomes:
        return
    with transaction.atomic():
        current = {
            pk: (status, attempts)
            for pk, status, attempts in Delivery.objects.select_for_update()
            .filter(pk__in=[o.delivery.pk for o in outcomes])
            .values_list("pk", "status", "attempts")
        }
        attempts: list[DeliveryAttempt] = []
        changed: list[Delivery] = []
        for outcome in outcomes:
            delivery = outcome.delivery
            if delivery.pk not in current:
                continue  # deleted meanwhile (its subscription or event went away)
            status_now, attempts_now = current[delivery.pk]
            attempt = _settle(delivery, outcome, attempts_now)
            if attempt is not None:
                attempts.append(attempt)
            if status_now != DeliveryStatus.PENDING:
                delivery.status, delivery.next_attempt_at = status_now, None
            changed.append(delivery)
        DeliveryAttempt.objects.bulk_create(attempts)
        bulk_update(Delivery, changed, UPDATED_FIELDS)  # one UPDATE … FROM unnest on PostgreSQL
        _track_health([o for o in outcomes if o.answer is not None and not o.delivery.is_test])


def _track_health(outcomes: list[Outcome]) -> None:
    """Open or close each subscription's failure window; disable those failing for too long."""
    if not outcomes:
        return
    now = max(o.at for o in outcomes)
    # Only outcomes that were sent come here (record() drops answer=None).
    ok = {o.delivery.subscription_id for o in outcomes if o.answer is not None and o.answer.ok}
    failing = {o.delivery.subscription_id for o in outcomes if o.answer is not None and not o.answer.ok} - ok
    if ok:
        Subscription.objects.filter(pk__in=ok, failing_since__isnull=False).update(failing_since=None)
    if not failing:
        return
    Subscription.objects.filter(pk__in=failing, failing_since__isnull=True).update(failing_since=now)
    hours = settings.WEBHOOK_DISABLE_AFTER_HOURS
    to_disable = list(
        Subscription.objects.filter(pk__in=failing, enabled=True, failing_since__lte=now - timedelta(hours=hours))
    )
    last_error = {o.delivery.subscription_id: o.delivery.last_error for o in outcomes}
    for sub in to_disable:
        reason = (
            f"Disabled automatically on {now:%Y-%m-%d %H:%M} UTC: every delivery failed for {hours} hours "
            f"(last error: {last_error.get(sub.pk) or 'unknown'})."
        )
        disable(sub, reason[:300], now)


def disable(subscription: Subscription, reason: str, now: datetime | None = None) -> None:
    """Stop a subscription: its pending deliveries fail (each can be retried by hand later)."""
    now = now or timezone.now()
    Subscription.objects.filter(pk=subscription.pk).update(
        enabled=False, disabled_reason=reason, failing_since=None, updated_at=now
    )
    subscription.enabled, subscription.disabled_reason, subscription.failing_since = False, reason, None
    Delivery.objects.filter(subscription=subscription, status=DeliveryStatus.PENDING).update(
        status=DeliveryStatus.FAILED,
        next_attempt_at=None,
        lease_until=None,
        last_error=DISABLED_NOT_SENT,
        updated_at=now,
    )


def claim_and_send(limit: int | None = None, deadline: float | None = None) -> int:
    """One round: claim a batch, send it, record it. Returns how many were attempted."""
    batch = claim(limit)
    return process(batch, deadline) if batch else 0
