"""One notification per tracker per milestone, ever: across repeated refreshes, a status that comes
back, a listener that runs twice, a task run twice and a worker that dies mid-send."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction

from accounts.models import Mode
from events.outbox import emit
from notifications import dispatch, tasks
from notifications.listener import on_events
from notifications.models import Channel, Notification, NotificationStatus
from trackers import notices
from trackers import services as trackers
from trackers.models import Tracker


@pytest.fixture
def tracker(acme) -> Tracker:
    return trackers.create_tracker(
        acme, Mode.TEST, "PKGX-AAAAAAA-7654321", fields={"customer_email": "karen@example.com"}, enqueue=False
    ).tracker


def test_a_status_that_comes_back_is_not_told_again(tracker, smtp, clock, move):
    for status, detail in [
        ("in_transit", "arrived_at_facility"),
        ("in_transit", "departed_facility"),
        ("out_for_delivery", ""),
        ("in_transit", "delivery_attempted"),  # an exception: told
        ("out_for_delivery", ""),  # second time out for delivery: not told
        ("in_transit", "delivery_attempted"),  # the same exception again: not told
        ("delivered", ""),
    ]:
        clock.shift(60)
        move(tracker, status, detail)
    assert [m["Subject"] for m in smtp.messages] == [
        "In transit: your parcel from Acme",
        "Out for delivery: your parcel from Acme",
        "In transit: your parcel from Acme",
        "Delivered: your parcel from Acme",
    ]
    attempted = smtp.messages[2].get_body(("plain",)).get_content()
    assert "The carrier tried to deliver your parcel but could not." in attempted
    assert list(Notification.objects.order_by("created_at").values_list("milestone", flat=True)) == [
        "in_transit",
        "out_for_delivery",
        "exception:in_transit:delivery_attempted",
        "delivered",
    ]


def test_a_listener_run_twice_inserts_nothing_more(tracker, clock, move):
    event = move(tracker, "out_for_delivery", "")
    assert Notification.objects.count() == 1
    on_events([event])
    on_events([event])
    assert Notification.objects.count() == 1


def test_the_database_refuses_a_second_row_for_the_same_milestone(tracker, clock, move):
    move(tracker, "delivered", "")
    row = Notification.objects.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        Notification.objects.create(
            organization=row.organization,
            mode=row.mode,
            tracker=tracker,
            channel=Channel.EMAIL,
            kind=row.kind,
            milestone=row.milestone,
            recipient="other@example.com",
        )


def test_a_task_run_twice_sends_once(tracker, smtp, clock, move):
    move(tracker, "out_for_delivery", "")
    assert len(smtp.messages) == 1
    assert tasks.send_due() == 0 and tasks.sweep() == 0
    clock.shift(3600)
    assert tasks.sweep() == 0
    assert len(smtp.messages) == 1


class WorkerKilled(BaseException):
    """Stands for SIGKILL: nothing after it runs, not even `except Exception`."""


def test_a_worker_killed_before_sending_leaves_it_for_the_next_one(tracker, smtp, clock, monkeypatch):
    with transaction.atomic():
        tracker.status = "out_for_delivery"
        previous = {"status": "unknown"}
        emit(notices.updated(tracker, previous, []))  # on_commit never runs: no task queued
    claimed = dispatch.claim()
    assert len(claimed) == 1  # ... and the worker dies here, holding the lease
    assert tasks.sweep() == 0  # the lease holds: nobody else sends it
    clock.shift(dispatch.lease_seconds() + 1)
    assert tasks.sweep() == 1
    assert len(smtp.messages) == 1
    assert Notification.objects.get().status == NotificationStatus.SENT


def test_a_worker_killed_after_sending_never_sends_again(tracker, smtp, clock, monkeypatch):
    with transaction.atomic():
        tracker.status = "out_for_delivery"
        emit(notices.updated(tracker, {"status": "unknown"}, []))

    class Dying:
        @staticmethod
        def info(*args):
            raise WorkerKilled  # between the SMTP server's "250 accepted" and the row's update

        warning = info

    monkeypatch.setattr(dispatch, "log", Dying)
    with pytest.raises(WorkerKilled):
        tasks.send_due()
    monkeypatch.undo()
    assert len(smtp.messages) == 1
    row = Notification.objects.get()
    assert row.status == NotificationStatus.SENDING and row.attempts == 1
    # The restarted worker: the sweep runs every minute; the lease runs out after a while.
    assert tasks.sweep() == 0
    clock.shift(dispatch.lease_seconds() + 1)
    assert tasks.sweep() == 0
    row.refresh_from_db()
    assert row.status == NotificationStatus.FAILED and "not sent again" in row.last_error
    clock.shift(timedelta(days=1))
    assert tasks.sweep() == 0
    assert len(smtp.messages) == 1
