"""GET /api/v1/trackers/{id}/notifications: the send log, masked, scoped to the key."""

from __future__ import annotations

from accounts.models import Mode
from notifications.models import Notification
from trackers import services as trackers


def test_the_log_lists_what_was_sent_masked(api, acme, move, django_assert_max_num_queries):
    tracker = trackers.create_tracker(
        acme,
        Mode.TEST,
        "PKGX-AAAAAAA-1212121",
        fields={"customer_email": "karen@example.com", "customer_phone": "+14155552671"},
        enqueue=False,
    ).tracker
    move(tracker, "out_for_delivery")
    move(tracker, "delivered")
    with django_assert_max_num_queries(6):
        response = api.get(f"/api/v1/trackers/{tracker.public_id}/notifications?limit=3")
    assert response.status_code == 200
    body = response.json()
    assert body["meta"]["has_more"] is True and len(body["data"]) == 3
    first = body["data"][0]
    assert first["object"] == "notification" and first["tracker"] == tracker.public_id
    assert first["milestone"] == "delivered" and first["status"] == "sent"
    assert {d["recipient"] for d in body["data"]} <= {"k•••@example.com", "+14•••••2671"}
    assert "karen@example.com" not in response.content.decode() and "4155552671" not in response.content.decode()
    rest = api.get(f"/api/v1/trackers/{tracker.public_id}/notifications?cursor={body['meta']['next_cursor']}").json()
    assert len(rest["data"]) == 1 and Notification.objects.count() == 4


def test_another_organizations_or_modes_tracker_is_a_404(api, live_api, globex_api, acme):
    tracker = trackers.create_tracker(acme, Mode.TEST, "PKGX-AAAAAAA-1313131", enqueue=False).tracker
    assert api.get(f"/api/v1/trackers/{tracker.public_id}/notifications").status_code == 200
    for client in (live_api, globex_api):
        response = client.get(f"/api/v1/trackers/{tracker.public_id}/notifications")
        assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"


def test_without_a_key_it_is_a_401(client, acme):
    tracker = trackers.create_tracker(acme, Mode.TEST, "PKGX-AAAAAAA-1414141", enqueue=False).tracker
    assert client.get(f"/api/v1/trackers/{tracker.public_id}/notifications").status_code == 401
