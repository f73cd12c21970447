"""The sender: claim due notifications under a lease, send each one, record how it went.

Like the webhook engine (webhooks/dispatch.py), claims take a lease in a short transaction
(`SELECT … FOR UPDATE SKIP LOCKED` on PostgreSQL; SQLite's IMMEDIATE transactions serialize) and
the network call happens outside any transaction. Unlike webhooks, a recipient must never get the
same message twice, so each send is preceded by a committed row: the notification moves to
`sending` with its attempt counted (in the same commit as the previous message's outcome, so a
message costs one commit). A worker that dies before that line leaves the row pending and
it is sent when the lease runs out; a worker that dies after it leaves the row `sending`, and when
its lease runs out it is closed as failed ("interrupted"), never sent again. The only message that
can be lost is one whose sending was cut off; none can be duplicated.

Failures retry with exponential backoff (1 minute, tripling, capped at 6 hours, MAX_ATTEMPTS tries);
a permanent refusal (an address the server rejects with 5xx, an invalid number) fails at once.
"""

from __future__ import annotations

import contextlib
import logging
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from core.backoff import exponential
from notifications import content, wording
from notifications.channels import SendFailure
from notifications.channels import email as email_channel
from notifications.channels import sms as sms_channel
from notifications.models import Channel, Notification, NotificationStatus, Suppression
from notifications.privacy import scrub

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 6
FIRST_RETRY = timedelta(minutes=1)
BACKOFF_FACTOR = 3
MAX_RETRY = timedelta(hours=6)
INTERRUPTED = "Interrupted while sending (the worker stopped); not sent again so it cannot arrive twice."
UNSUBSCRIBED = "Not sent: notifications for this tracker are turned off."


def lease_seconds() -> int:
    return settings.NOTIFY_LEASE_SECONDS


def batch_size() -> int:
    return settings.NOTIFY_BATCH_SIZE


def retry_delay(failed_attempts: int) -> timedelta:
    return exponential(failed_attempts, base=FIRST_RETRY, factor=BACKOFF_FACTOR, cap=MAX_RETRY, jitter=0.1)


def unsubscribe_url(notification: Notification) -> str:
    return settings.PUBLIC_BASE_URL + reverse("notifications-unsubscribe", args=[notification.unsubscribe_token])


# --- claiming -------------------------------------------------------------------------------------


def close_interrupted(now: datetime | None = None) -> int:
    """Rows left `sending` by a worker that died: close them as failed (at most once)."""
    now = now or timezone.now()
    return Notification.objects.filter(status=NotificationStatus.SENDING, lease_until__lt=now).update(
        status=NotificationStatus.FAILED, lease_until=None, next_attempt_at=None, last_error=INTERRUPTED, updated_at=now
    )


def claim(limit: int | None = None, now: datetime | None = None) -> list[Notification]:
    """Take up to `limit` due notifications for this worker, with their organization."""
    now = now or timezone.now()
    lease = now + timedelta(seconds=lease_seconds())
    with transaction.atomic():
        due = Notification.objects.select_for_update(skip_locked=True).filter(
            status=NotificationStatus.PENDING, next_attempt_at__lte=now
        )
        pks = list(due.order_by("next_attempt_at").values_list("pk", flat=True)[: limit or batch_size()])
        if not pks:
            return []
        Notification.objects.filter(pk__in=pks).update(next_attempt_at=lease, lease_until=lease)
    return list(Notification.objects.filter(pk__in=pks).select_related("organization").order_by("pk"))


def due_exists(now: datetime | None = None) -> bool:
    return Notification.objects.filter(
        status=NotificationStatus.PENDING, next_attempt_at__lte=now or timezone.now()
    ).exists()


# --- sending --------------------------------------------------------------------------------------


@dataclass
class Batch:
    """What one batch shares: the email connection, the SMS backend, the templates, the opt-outs."""

    suppressed: set[tuple[int, str]]
    words: wording.Wording
    mail: BaseEmailBackend | None = None
    sms: sms_channel.SmsBackend | None = None
    unrecorded: tuple[int, dict] | None = None  # the last outcome, written with the next mark

    def close(self) -> None:
        if self.mail is not None:
            with contextlib.suppress(Exception):
                self.mail.close()
            self.mail = None


def _start(notification: Notification, now: datetime) -> bool:
    """The row saved before the send: counted and marked `sending`, committed. False: someone else has it."""
    return bool(
        Notification.objects.filter(pk=notification.pk, status=NotificationStatus.PENDING).update(
            status=NotificationStatus.SENDING,
            attempts=F("attempts") + 1,
            lease_until=now + timedelta(seconds=lease_seconds()),
            updated_at=now,
        )
    )


def _deliver(n: Notification, batch: Batch) -> str:
    """Render and send one notification; returns the provider's message id."""
    subject, body = batch.words.get(n.organization_id, n.channel, n.language)
    if n.channel == Channel.EMAIL:
        link = unsubscribe_url(n)
        words = content.email(n.organization, n.context, n.language, subject, body, link)
        if batch.mail is None:
            batch.mail = email_channel.open_connection()
        message_id = email_channel.new_message_id(n.public_id)
        try:
            email_channel.send(
                email_channel.message(n.recipient, words, link, message_id, batch.mail, n.organization.public_name)
            )
        except SendFailure:
            batch.close()  # the connection may be broken: the next message opens a fresh one
            raise
        return message_id
    text = content.sms(n.organization, n.context, n.language, body)
    if batch.sms is None:
        batch.sms = sms_channel.backend()
    return batch.sms.send(n.recipient, text)


def send_one(n: Notification, batch: Batch) -> str:
    """Send one claimed notification; returns its new status ("" when another worker has it).

    Its outcome is written in the same commit as the next row's mark (one commit per message),
    or by `flush` at the end of the batch.
    """
    now = timezone.now()
    with transaction.atomic():
        flush(batch)
        if (n.tracker_id, n.channel) in batch.suppressed:
            Notification.objects.filter(pk=n.pk, status=NotificationStatus.PENDING).update(
                status=NotificationStatus.SKIPPED, next_attempt_at=None, lease_until=None, last_error=UNSUBSCRIBED
            )
            return NotificationStatus.SKIPPED
        started = _start(n, now)
    if not started:
        return ""
    attempts = n.attempts + 1
    changes: dict = {"lease_until": None, "updated_at": timezone.now()}
    try:
        provider_id = _deliver(n, batch)
    except SendFailure as exc:
        error = scrub(exc.message, n.recipient, n.channel)[:300]
        if exc.opted_out:
            Suppression.objects.get_or_create(
                tracker_id=n.tracker_id, channel=n.channel, defaults={"source": Suppression.Source.PROVIDER}
            )
        if exc.temporary and attempts < MAX_ATTEMPTS:
            changes.update(status=NotificationStatus.PENDING, next_attempt_at=now + retry_delay(attempts))
        else:
            changes.update(status=NotificationStatus.FAILED, next_attempt_at=None)
        changes["last_error"] = error
        log.warning(
            "notification %s (%s to %s) attempt %s: %s", n.public_id, n.channel, n.masked_recipient, attempts, error
        )
    else:
        changes.update(
            status=NotificationStatus.SENT,
            next_attempt_at=None,
            sent_at=timezone.now(),
            provider_id=provider_id[:100],
            last_error="",
        )
        log.info("notification %s sent (%s to %s, %s)", n.public_id, n.channel, n.masked_recipient, n.milestone)
    batch.unrecorded = (n.pk, changes)
    return changes["status"]


def flush(batch: Batch) -> None:
    """Write the last message's outcome (a row still `sending` is one whose outcome nobody knows)."""
    if batch.unrecorded is not None:
        pk, changes = batch.unrecorded
        Notification.objects.filter(pk=pk, status=NotificationStatus.SENDING).update(**changes)
        batch.unrecorded = None


def process(notifications: list[Notification], deadline: float | None = None) -> int:
    """Send claimed notifications one after another; past `deadline` the rest go back, due now."""
    if not notifications:
        return 0
    suppressed = set(
        Suppression.objects.filter(tracker_id__in={n.tracker_id for n in notifications}).values_list(
            "tracker_id", "channel"
        )
    )
    batch = Batch(suppressed=suppressed, words=wording.Wording.load({n.organization_id for n in notifications}))
    done = 0
    try:
        for index, n in enumerate(notifications):
            if deadline is not None and time.monotonic() > deadline:
                release(notifications[index:])
                break
            send_one(n, batch)
            done += 1
    except Exception:
        flush(batch)  # a bug or a lost database: what was sent is still recorded when possible
        raise
    finally:
        batch.close()  # no flush here: a worker that is killed records nothing more, like SIGKILL
    flush(batch)
    return done


def release(notifications: list[Notification]) -> None:
    Notification.objects.filter(pk__in=[n.pk for n in notifications], status=NotificationStatus.PENDING).update(
        next_attempt_at=timezone.now(), lease_until=None
    )


def claim_and_send(limit: int | None = None, deadline: float | None = None) -> int:
    close_interrupted()
    return process(claim(limit), deadline)
