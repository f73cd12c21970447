"""Tenant isolation: a key never reaches another organization's or mode's objects (always 404)."""

import pytest

from events.outbox import emit
from tests.factories import SubscriptionFactory, TrackerFactory
from trackers import notices


@pytest.fixture
def globex_objects(globex):
    tracker = TrackerFactory(organization=globex)
    sub = SubscriptionFactory(organization=globex, url="http://127.0.0.1:9/in")
    event = emit(notices.created(tracker))
    return tracker, sub, event


def requests_for(tracker, sub, event):
    t, s, e = tracker.public_id, sub.public_id, event.public_id
    return [
        ("get", f"/api/v1/trackers/{t}", None),
        ("patch", f"/api/v1/trackers/{t}", {"title": "mine now"}),
        ("delete", f"/api/v1/trackers/{t}", None),
        ("post", f"/api/v1/trackers/{t}/refresh", None),
        ("get", f"/api/v1/webhooks/{s}", None),
        ("patch", f"/api/v1/webhooks/{s}", {"enabled": False}),
        ("delete", f"/api/v1/webhooks/{s}", None),
        ("get", f"/api/v1/webhooks/{s}/deliveries", None),
        ("post", f"/api/v1/webhooks/{s}/test", None),
        ("get", f"/api/v1/events/{e}", None),
    ]


def test_another_organizations_objects_do_not_exist(api, globex_objects):
    tracker, sub, _event = globex_objects
    for method, path, body in requests_for(*globex_objects):
        response = getattr(api, method)(path, body, format="json")
        assert response.status_code == 404, (method, path)
        assert response.json()["error"]["code"] == "not_found"
    # ...and nothing changed.
    tracker.refresh_from_db()
    sub.refresh_from_db()
    assert tracker.title == "" and sub.enabled
    assert api.get("/api/v1/trackers").json()["data"] == []
    assert api.get("/api/v1/webhooks").json()["data"] == []
    assert api.get("/api/v1/events").json()["data"] == []


def test_the_other_mode_does_not_exist_either(live_api, acme):
    tracker = TrackerFactory(organization=acme)  # test mode
    sub = SubscriptionFactory(organization=acme, url="http://127.0.0.1:9/in")
    event = emit(notices.created(tracker))
    for method, path, body in requests_for(tracker, sub, event):
        assert getattr(live_api, method)(path, body, format="json").status_code == 404, (method, path)
    assert live_api.get("/api/v1/trackers").json()["data"] == []
    assert live_api.get("/api/v1/webhooks").json()["data"] == []
    assert live_api.get("/api/v1/events").json()["data"] == []
