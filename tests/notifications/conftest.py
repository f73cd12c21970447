"""Notification fixtures: a real SMTP server, and the settings that point Django's mail at it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
import time_machine
from django.db import transaction

from events.models import Event
from events.outbox import emit
from tests.notifications.smtpserver import LocalSmtp
from trackers import notices
from trackers.models import Tracker


@pytest.fixture
def smtp(settings) -> Iterator[LocalSmtp]:
    """A LocalSmtp on 127.0.0.1, with EMAIL_* settings aimed at it (SMTP backend, as in production)."""
    with LocalSmtp() as server:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = server.host
        settings.EMAIL_PORT = server.port
        settings.EMAIL_USE_TLS = False
        settings.EMAIL_TIMEOUT = 5
        settings.DEFAULT_FROM_EMAIL = "Acme tracking <tracking@acme.example>"
        yield server


T0 = datetime(2026, 3, 1, 12, tzinfo=UTC)


@pytest.fixture
def clock():
    """Time frozen at T0; `clock.shift(seconds)` moves it (sandbox steps, leases, backoff)."""
    with time_machine.travel(T0, tick=False) as traveller:
        yield traveller


@pytest.fixture
def move(django_capture_on_commit_callbacks):
    """move(tracker, status, detail=""): change the status and emit its event in one committed
    transaction, as the refresh engine does; the sender queued on commit runs inline."""

    def move(tracker: Tracker, status: str, detail: str = "") -> Event:
        previous = {"status": tracker.status, "status_detail": tracker.status_detail}
        tracker.status, tracker.status_detail = status, detail or status
        with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
            tracker.save(update_fields=["status", "status_detail"])
            return emit(notices.updated(tracker, previous, []))

    return move
