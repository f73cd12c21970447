"""End to end with real commits: a tracker made through the API reaches a real receiver, signed.

`transactional_db`: deliveries are queued when the transaction commits (on_commit), and the test
settings run queued tasks inline (django-q2 sync), so the receiver sees what production sends.
"""

import json
from datetime import UTC, datetime

import pytest
import time_machine
from django_q.conf import Conf
from django_q.models import OrmQ
from standardwebhooks import Webhook

from accounts.models import Mode
from tests.factories import OrganizationFactory
from tests.httpserver import LocalServer
from trackers import services as trackers
from trackers.models import Tracker
from trackers.refresh import refresh_trackers
from webhooks.models import Delivery, DeliveryStatus, Subscription
from webhooks.signing import generate_secret

pytestmark = pytest.mark.django_db(transaction=True)
T0 = datetime(2026, 3, 1, 12, tzinfo=UTC)
NUMBER = "PKGX-DDDDDDD-7654321"


def create_tracker(api, number: str = NUMBER) -> Tracker:
    """Through POST /api/v1/trackers (queued refresh, as an integration would call it)."""
    response = api.post("/api/v1/trackers", {"tracking_number": number}, format="json")
    assert response.status_code == 201, response.content
    return Tracker.objects.get(public_id=response.json()["data"][0]["id"])


def verified(receiver: LocalServer, secret: str) -> list[dict]:
    return [Webhook(secret).verify(r.body, r.headers) for r in receiver.requests]


def test_a_tracker_created_through_the_api_reaches_the_receiver_signed(api, acme, receiver):
    secret = generate_secret()
    Subscription.objects.create(organization=acme, mode=Mode.TEST, url=receiver.url + "/hooks", secret=secret)
    with time_machine.travel(T0, tick=False) as clock:
        tracker = create_tracker(api)
        created = verified(receiver, secret)
        assert created[0]["type"] == "tracker.created" and created[0]["data"]["id"] == tracker.public_id
        before = len(receiver.requests)
        clock.shift(61)  # one sandbox step
        refresh_trackers([Tracker.objects.get(pk=tracker.pk)])
        events = verified(receiver, secret)
    assert len(events) == before + 1
    update = events[-1]
    assert update["type"] == "tracker.updated" and update["object"] == "event" and update["mode"] == "test"
    assert update["data"]["status"] == "in_transit"
    assert update["previous_attributes"]["status"] == "pre_transit"
    assert receiver.requests[-1].headers["webhook-id"] == update["id"]
    assert events[0]["type"] == "tracker.created"
    assert all(e["type"] == "tracker.updated" for e in events[1:])
    assert set(Delivery.objects.values_list("status", flat=True)) == {DeliveryStatus.SUCCEEDED}


def test_no_delivery_crosses_organizations_or_modes(api, acme, receiver):
    with LocalServer() as globex_receiver, LocalServer() as live_receiver:
        globex = OrganizationFactory(slug="globex")
        Subscription.objects.create(organization=acme, mode=Mode.TEST, url=receiver.url + "/hooks")
        Subscription.objects.create(organization=globex, mode=Mode.TEST, url=globex_receiver.url + "/hooks")
        Subscription.objects.create(organization=acme, mode=Mode.LIVE, url=live_receiver.url + "/hooks")
        create_tracker(api)
        assert receiver.requests and all(json.loads(r.body)["mode"] == "test" for r in receiver.requests)
        assert globex_receiver.requests == [] and live_receiver.requests == []


def test_a_deleted_tracker_only_sends_its_deleted_event(api, acme, receiver):
    Subscription.objects.create(organization=acme, mode=Mode.TEST, url=receiver.url + "/hooks")
    with time_machine.travel(T0, tick=False) as clock:
        tracker = create_tracker(api)
        receiver.status = 500  # the next update fails and waits for a retry
        clock.shift(120)
        refresh_trackers([Tracker.objects.get(pk=tracker.pk)])
        assert Delivery.objects.filter(status=DeliveryStatus.PENDING).count() == 1
        receiver.status = 200
        receiver.requests.clear()
        trackers.delete_tracker(Tracker.objects.get(pk=tracker.pk))
        clock.shift(3600 * 24 * 4)  # every retry would be due by now
        from webhooks.tasks import sweep

        sweep()
    assert [json.loads(r.body)["type"] for r in receiver.requests] == ["tracker.deleted"]
    assert Delivery.objects.filter(status=DeliveryStatus.CANCELED).count() == 1


def test_without_sync_mode_a_commit_queues_one_sending_task(acme, receiver):
    Subscription.objects.create(organization=acme, mode=Mode.TEST, url=receiver.url + "/hooks")
    previous, Conf.SYNC = Conf.SYNC, False
    try:
        trackers.create_tracker(acme, Mode.TEST, NUMBER)
        funcs = [q.task["func"] for q in OrmQ.objects.all()]
    finally:
        Conf.SYNC = previous
    assert funcs.count("webhooks.tasks.deliver") == 1
    assert receiver.requests == []  # nothing sent until a worker runs the task
    from webhooks.tasks import deliver

    assert deliver() == 1 and len(receiver.requests) == 1
