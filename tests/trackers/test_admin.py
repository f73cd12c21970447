"""Admin screens for staff: every model's pages render; tracker actions go through the services."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from accounts.models import Mode
from trackers import services
from trackers.models import Tracker


@pytest.fixture
def staff_client(client, db):
    admin = get_user_model().objects.create_superuser("root", "root@example.com", "pw")
    client.force_login(admin)
    return client


@pytest.mark.parametrize(
    "model",
    [
        "accounts_organization",
        "accounts_membership",
        "accounts_apikey",
        "accounts_usagecounter",
        "trackers_tracker",
        "trackers_trackingevent",
        "webhooks_subscription",
        "events_event",
    ],
)
def test_changelists_render(staff_client, acme, model):
    services.create_tracker(acme, Mode.TEST, "PKGX-AAAAAAA-1234567", refresh=True)
    url = reverse(f"admin:{model}_changelist")
    assert staff_client.get(url).status_code == 200
    assert staff_client.get(url, {"q": "PKGX"}).status_code == 200


def test_tracker_page_shows_events_inline_and_actions_work(staff_client, acme):
    tracker = services.create_tracker(acme, Mode.TEST, "PKGX-AAAAAAA-1234567", refresh=True).tracker
    page = staff_client.get(reverse("admin:trackers_tracker_change", args=[tracker.pk]))
    assert page.status_code == 200 and b"Shipping label created" in page.content
    changelist = reverse("admin:trackers_tracker_changelist")
    staff_client.post(changelist, {"action": "deactivate", "_selected_action": [tracker.pk]})
    tracker.refresh_from_db()
    assert not tracker.active and tracker.next_refresh_at is None
    response = staff_client.post(changelist, {"action": "refresh_now", "_selected_action": [tracker.pk]}, follow=True)
    assert b"Refreshed 1" in response.content
    assert Tracker.objects.count() == 1
