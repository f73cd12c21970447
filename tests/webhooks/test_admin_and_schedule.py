"""Admin pages for events and deliveries (with the retry action), and the sweep schedule."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django_q.models import Schedule

from accounts.models import Mode
from trackers import services as trackers
from webhooks import dispatch, tasks
from webhooks.models import Delivery, DeliveryStatus
from webhooks.schedule import SCHEDULE_NAME, ensure_schedules


@pytest.fixture
def staff_client(client, db):
    admin = get_user_model().objects.create_superuser("root", "root@example.com", "pw")
    client.force_login(admin)
    return client


def test_event_and_delivery_admin_pages_and_retry_action(staff_client, acme, hook, receiver):
    receiver.status = 500
    trackers.create_tracker(acme, Mode.TEST, "PKGX-AAAAAAA-1234567")
    dispatch.process(dispatch.claim())
    delivery = Delivery.objects.get()
    for name in ("events_event", "webhooks_delivery", "webhooks_subscription"):
        assert staff_client.get(reverse(f"admin:{name}_changelist")).status_code == 200
    page = staff_client.get(reverse("admin:webhooks_delivery_change", args=[delivery.pk]))
    assert page.status_code == 200 and b"The receiver answered HTTP 500." in page.content
    event_page = staff_client.get(reverse("admin:events_event_change", args=[delivery.event_id]))
    assert event_page.status_code == 200 and delivery.public_id.encode() in event_page.content
    receiver.status = 200
    staff_client.post(
        reverse("admin:webhooks_delivery_changelist"), {"action": "retry", "_selected_action": [delivery.pk]}
    )
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SUCCEEDED and delivery.attempts == 2


def test_the_sweep_schedule_exists_after_migrate_and_is_idempotent(db):
    assert Schedule.objects.filter(name=SCHEDULE_NAME, func="webhooks.tasks.sweep").count() == 1
    ensure_schedules()
    ensure_schedules()
    schedule = Schedule.objects.get(name=SCHEDULE_NAME)
    assert schedule.schedule_type == Schedule.MINUTES and schedule.minutes == 1 and schedule.repeats == -1


def test_the_sweep_sends_what_is_due(acme, hook, receiver):
    trackers.create_tracker(acme, Mode.TEST, "PKGX-AAAAAAA-1234567")
    assert tasks.sweep() == 1 and len(receiver.requests) == 1
    assert tasks.sweep() == 0
