"""Several workers at once, and what deleting a tracker does to its waiting messages."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections, transaction
from django.test import Client

from events.outbox import emit_many
from notifications import listener, tasks
from notifications.models import Notification, NotificationStatus
from tests.factories import OrganizationFactory, TrackerFactory
from trackers import notices
from trackers import services as trackers


@pytest.mark.django_db(transaction=True)
def test_four_workers_at_once_send_each_message_exactly_once(smtp, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("SKIP LOCKED concurrency needs PostgreSQL; SQLite serializes claims (IMMEDIATE transactions)")
    monkeypatch.setattr(listener, "kick", lambda: None)  # the workers below do the sending
    org = OrganizationFactory(slug="busy")
    rows = TrackerFactory.create_batch(
        120, organization=org, status="delivered", status_detail="delivered", customer_email="r@example.com"
    )
    with transaction.atomic():
        emit_many([notices.updated(t, {"status": "out_for_delivery"}, []) for t in rows])
    assert Notification.objects.count() == 120
    barrier = threading.Barrier(4)
    sent: dict[int, int] = {}

    def worker(n: int) -> None:
        try:
            barrier.wait()
            sent[n] = tasks.send_due(max_seconds=30)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(sent.values()) == 120
    assert len(smtp.wait_for(120)) == 120
    assert len({m["Message-ID"] for m in smtp.messages}) == 120  # no message twice
    assert set(Notification.objects.values_list("status", flat=True)) == {NotificationStatus.SENT}
    assert set(Notification.objects.values_list("attempts", flat=True)) == {1}


def test_deleting_a_tracker_drops_its_waiting_messages(acme, smtp):
    tracker = trackers.create_tracker(
        acme, "test", "PKGX-AAAAAAA-8888888", fields={"customer_email": "r@example.com"}, enqueue=False
    ).tracker
    with transaction.atomic():  # committed; the sender has not run yet
        tracker.status = tracker.status_detail = "delivered"
        emit_many([notices.updated(tracker, {"status": "out_for_delivery"}, [])])
    assert Notification.objects.count() == 1
    trackers.delete_tracker(tracker)
    assert not Notification.objects.exists()
    tasks.sweep()
    assert smtp.messages == []


def test_the_unsubscribe_page_speaks_the_messages_language(acme, move):
    tracker = trackers.create_tracker(
        acme,
        "test",
        "PKGX-AAAAAAA-9999999",
        fields={"customer_email": "r@example.com", "language": "es"},
        enqueue=False,
    ).tracker
    move(tracker, "in_transit")
    token = Notification.objects.get().unsubscribe_token
    page = Client().get(f"/n/unsubscribe/{token}/").content.decode()
    assert "¿Dejar de recibir correos sobre este paquete?" in page and '<html lang="es">' in page
    done = Client().post(f"/n/unsubscribe/{token}/").content.decode()
    assert "No recibirás más correos sobre este paquete." in done
