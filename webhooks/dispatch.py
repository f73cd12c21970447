"""The delivery engine: claim due deliveries under a lease, send them, record every attempt.

At-least-once: claiming moves a delivery's `next_attempt_at` to the end of a lease in the claiming
transaction (`SELECT … FOR UPDATE SKIP LOCKED` on PostgreSQL; SQLite's IMMEDIATE transactions
serialize claims). Each attempt is logged before its request leaves, and the request happens
outside any transaction. A worker killed mid-send leaves that one delivery pending under a short
lease of its own; when it runs out the next claim sends it again with the same `webhook-id` (the
event's id), so receivers can de-duplicate, and the log holds both copies.

A worker sends a claimed batch in groups of WEBHOOK_CONCURRENCY requests at once (threads: the
sends wait on the network, not the CPU). A group's attempt rows are committed before any of its
requests leaves, so a worker killed mid-group re-sends at most that group; one commit records a
group's answers and logs the next group's attempts.

Retries back off exponentially with jitter over about three days (MAX_ATTEMPTS attempts). A
subscription whose deliveries have all failed for WEBHOOK_DISABLE_AFTER_HOURS is disabled and
says why.
An endpoint's failure window, disabling, probing and catching up after an outage are in
webhooks.health.
"""

from __future__ import annotations

import json
import random
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from core.backoff import exponential
from core.fast import bulk
from webhooks import health, renderers, sending
from webhooks.models import Delivery, DeliveryAttempt, DeliveryStatus

MAX_ATTEMPTS = 10
FIRST_RETRY_SECONDS = 60
BACKOFF_FACTOR = 3
MAX_RETRY_SECONDS = 24 * 3600
JITTER = 0.15
DISABLED_NOT_SENT = health.DISABLED_NOT_SENT
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


def concurrency() -> int:
    """How many requests one worker has in flight at once (and so at most re-sends if killed)."""
    return max(1, settings.WEBHOOK_CONCURRENCY)


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
    answer: sending.Answer
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
        # Ties (a queue pulled forward at once) go out in the order their events happened.
        pks = list(due.order_by("next_attempt_at", "pk").values_list("pk", flat=True)[: limit or batch_size()])
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
    payload = renderers.for_format(delivery.subscription.format).render(delivery.event)
    return json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode()


def send_one(delivery: Delivery) -> Outcome:
    """Sign and POST one claimed delivery (no database access; `begin` has logged it)."""
    return _post(delivery, body_of(delivery))


def _post(delivery: Delivery, body: bytes) -> Outcome:
    sub = delivery.subscription
    now = timezone.now()
    headers = renderers.for_format(sub.format).sign(sub.secret, delivery.event.public_id, int(now.timestamp()), body)
    return Outcome(delivery, sending.post(sub.url, body, headers, sub.custom_headers), now)


_senders: ThreadPoolExecutor | None = None


def send_many(deliveries: list[Delivery]) -> list[Outcome]:
    """Send deliveries at once, in order of the list. Bodies are rendered here, in the calling
    thread; the threads only sign and POST, so they never touch the database."""
    global _senders
    bodies = [body_of(d) for d in deliveries]
    if len(deliveries) <= 1:
        return [_post(d, b) for d, b in zip(deliveries, bodies, strict=True)]
    if _senders is None:  # made in the worker process, after django-q2 forks it
        _senders = ThreadPoolExecutor(max_workers=concurrency(), thread_name_prefix="webhook-send")
    return list(_senders.map(_post, deliveries, bodies))


def process(deliveries: list[Delivery], deadline: float | None = None) -> int:
    """Send claimed deliveries, WEBHOOK_CONCURRENCY at once; past `deadline` the rest go back.

    Each group is logged before it leaves (`begin_many`): a worker killed mid-batch leaves in the
    log every copy a receiver may have got, and only the group in flight is sent again (after its
    own short lease, `attempt_lease`). Recording one group's answers and logging the next share a
    transaction, so a batch costs one commit per group.
    """
    sent: list[Outcome] = []
    unrecorded: list[tuple[Outcome, DeliveryAttempt]] = []
    size = concurrency()
    for start in range(0, len(deliveries), size):
        if deadline is not None and time.monotonic() > deadline:
            release(deliveries[start:])
            break
        with transaction.atomic():
            _commit_without_waiting_for_disk()
            finish_many(unrecorded)
            begun = begin_many(deliveries[start : start + size])
        outcomes = send_many([delivery for delivery, _ in begun])
        unrecorded = list(zip(outcomes, [attempt for _, attempt in begun], strict=True))
        sent.extend(outcomes)
    if unrecorded:
        with transaction.atomic():
            _commit_without_waiting_for_disk()
            finish_many(unrecorded)
    with transaction.atomic():
        health.track(
            [
                (o.delivery.subscription_id, o.answer.ok, o.delivery.last_error, o.at)
                for o in sent
                if not o.delivery.is_test
            ]
        )
    return len(sent)


# --- recording ----------------------------------------------------------------------------------


def _commit_without_waiting_for_disk() -> None:
    """This transaction's commit does not wait for the disk (a fast path: core.fast.bulk).

    One commit per delivery group would otherwise wait on a disk flush each (throughput fell to a
    quarter). Only a crash of the database server itself can lose the last fraction of a second of
    them, and then the delivery is pending again and is re-sent with the same webhook-id
    (at-least-once holds; that copy may be missing from the log).
    """
    bulk.commit_without_waiting_for_disk()


NO_ANSWER = "NoAnswerRecorded"
NO_ANSWER_MESSAGE = (
    "No answer recorded: in flight, or the worker stopped while sending (it is sent again with the same webhook-id)."
)


def attempt_lease() -> timedelta:
    """How long one send holds its delivery: a full attempt's timeouts plus a margin for DNS."""
    return timedelta(seconds=settings.WEBHOOK_CONNECT_TIMEOUT + settings.WEBHOOK_TOTAL_TIMEOUT + 30)


def begin(delivery: Delivery, now: datetime | None = None) -> DeliveryAttempt | None:
    """`begin_many` for one delivery: its logged attempt, or None when it must not be sent."""
    begun = begin_many([delivery], now)
    return begun[0][1] if begun else None


def begin_many(deliveries: list[Delivery], now: datetime | None = None) -> list[tuple[Delivery, DeliveryAttempt]]:
    """Log the attempts about to be made and hold each delivery for it alone; those to send.

    Runs in the caller's transaction. A delivery canceled (its tracker deleted) or settled by
    another worker since the claim is not sent; one whose webhook was disabled fails unsent.
    """
    now = now or timezone.now()
    disabled = [d.pk for d in deliveries if not d.subscription.enabled and not d.is_test]
    if disabled:
        Delivery.objects.filter(pk__in=disabled, status=DeliveryStatus.PENDING).update(
            status=DeliveryStatus.FAILED,
            next_attempt_at=None,
            lease_until=None,
            last_error=DISABLED_NOT_SENT,
            updated_at=now,
        )
    until = now + attempt_lease()
    # One statement takes the attempt numbers and re-checks the state, whoever else holds the rows.
    numbers = bulk.increment_returning(
        Delivery,
        [d.pk for d in deliveries if d.pk not in disabled],
        "attempts",
        where={"status": DeliveryStatus.PENDING},
        values={"next_attempt_at": until, "lease_until": until, "updated_at": now},
    )
    begun = []
    for delivery in deliveries:
        if delivery.pk in numbers:
            delivery.attempts = numbers[delivery.pk]
            attempt = DeliveryAttempt(
                delivery=delivery, number=delivery.attempts, error=NO_ANSWER, message=NO_ANSWER_MESSAGE, created_at=now
            )
            begun.append((delivery, attempt))
    DeliveryAttempt.objects.bulk_create([attempt for _, attempt in begun])
    return begun


def finish(outcome: Outcome, attempt: DeliveryAttempt) -> None:
    """`finish_many` for one answer."""
    finish_many([(outcome, attempt)])


ATTEMPT_ANSWER_FIELDS = ["status_code", "error", "message", "latency_ms", "response_excerpt"]


def finish_many(answered: list[tuple[Outcome, DeliveryAttempt]]) -> None:
    """Record answers on their attempt rows and move their deliveries on (in the caller's transaction).

    A delivery canceled or settled elsewhere while its send was in flight keeps that state.
    """
    if not answered:
        return
    for outcome, attempt in answered:
        delivery, answer = outcome.delivery, outcome.answer
        attempt.status_code = answer.status_code
        attempt.error = answer.error[:60]
        attempt.message = answer.message[:300]
        attempt.latency_ms = answer.latency_ms
        attempt.response_excerpt = answer.excerpt
        delivery.lease_until = None
        delivery.updated_at = outcome.at
        delivery.last_status_code = answer.status_code
        delivery.last_error = "" if answer.ok else (answer.message or answer.error)[:300]
        if answer.ok:
            delivery.status, delivery.next_attempt_at = DeliveryStatus.SUCCEEDED, None
        elif delivery.attempts >= delivery.max_attempts:
            delivery.status, delivery.next_attempt_at = DeliveryStatus.FAILED, None
        else:
            delivery.status = DeliveryStatus.PENDING
            delivery.next_attempt_at = outcome.at + retry_delay(delivery.attempts)
    bulk.bulk_update(DeliveryAttempt, [attempt for _, attempt in answered], ATTEMPT_ANSWER_FIELDS)
    # Only rows still pending: those canceled or settled meanwhile are left as they are.
    bulk.bulk_update(
        Delivery,
        [outcome.delivery for outcome, _ in answered],
        [name for name in UPDATED_FIELDS if name != "attempts"],
        where={"status": DeliveryStatus.PENDING},
    )


def claim_and_send(limit: int | None = None, deadline: float | None = None) -> int:
    """One round: claim a batch, send it, record it. Returns how many were attempted."""
    batch = claim(limit)
    return process(batch, deadline) if batch else 0
