"""Failures: temporary ones retry with backoff, permanent ones stop; the log never shows an address."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from django.db import transaction

from accounts.models import Mode
from events.outbox import emit
from notifications import dispatch, tasks
from notifications.models import Notification, NotificationStatus
from tests.notifications.conftest import T0
from tests.notifications.smtpserver import free_port
from trackers import notices
from trackers import services as trackers

ADDRESS = "karen.ng@example.com"


@pytest.fixture
def waiting(acme, clock) -> Notification:
    """A notification due now (its event committed, the sender not yet run)."""
    tracker = trackers.create_tracker(
        acme, Mode.TEST, "PKGX-AAAAAAA-1111111", fields={"customer_email": ADDRESS}, enqueue=False
    ).tracker
    with transaction.atomic():
        tracker.status = "delivered"
        emit(notices.updated(tracker, {"status": "out_for_delivery"}, []))
    return Notification.objects.get()


def test_a_temporary_refusal_is_retried_with_backoff_then_sent(waiting, smtp, clock, caplog):
    smtp.refuse = "451 4.3.0 Mailbox busy, try later"
    caplog.set_level(logging.INFO, logger="notifications")
    tasks.send_due()
    waiting.refresh_from_db()
    assert waiting.status == NotificationStatus.PENDING and waiting.attempts == 1
    wait = waiting.next_attempt_at - T0
    assert timedelta(seconds=50) < wait < timedelta(seconds=70)  # 1 minute ± jitter
    assert "451" in waiting.last_error and ADDRESS not in waiting.last_error
    tasks.sweep()
    clock.shift(30)
    assert tasks.sweep() == 0  # not due yet
    clock.shift(45)
    tasks.sweep()
    waiting.refresh_from_db()
    assert waiting.attempts == 2 and waiting.status == NotificationStatus.PENDING
    assert timedelta(minutes=2.5) < waiting.next_attempt_at - (T0 + timedelta(seconds=75)) < timedelta(minutes=3.5)
    smtp.refuse = ""
    clock.shift(timedelta(minutes=4))
    tasks.sweep()
    waiting.refresh_from_db()
    assert waiting.status == NotificationStatus.SENT and waiting.attempts == 3 and waiting.last_error == ""
    assert len(smtp.messages) == 1
    logged = " ".join(r.getMessage() for r in caplog.records if r.name.startswith("notifications"))
    assert "k•••@example.com" in logged and ADDRESS not in logged


def test_a_permanent_refusal_stops_at_once(waiting, smtp, clock):
    smtp.refuse = "550 5.1.1 No such user"
    tasks.send_due()
    waiting.refresh_from_db()
    assert waiting.status == NotificationStatus.FAILED and waiting.attempts == 1
    assert "550" in waiting.last_error
    clock.shift(timedelta(days=1))
    assert tasks.sweep() == 0


def test_a_server_that_is_down_counts_as_temporary_until_attempts_run_out(waiting, settings, clock):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", free_port(), 2
    for _ in range(dispatch.MAX_ATTEMPTS):
        tasks.sweep()
        clock.shift(dispatch.MAX_RETRY + timedelta(minutes=1))
    waiting.refresh_from_db()
    assert waiting.status == NotificationStatus.FAILED and waiting.attempts == dispatch.MAX_ATTEMPTS
    assert "ConnectionRefusedError" in waiting.last_error
