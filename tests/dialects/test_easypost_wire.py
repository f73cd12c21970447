"""EasyPost's own words on the wire, read through the official client (easypost==10.7.0).

Timestamps a strict `%Y-%m-%dT%H:%M:%SZ` parser reads, previous_attributes of what an EasyPost user
sees, no tracker.updated for a change they cannot see, EasyPost's carrier names both ways, its error
codes, its status_detail list, test trackers that come back with their first scans, and Events that
say where they were delivered.
"""

from __future__ import annotations

import json
import re
from datetime import datetime

import easypost
import pytest
import requests
from django.utils import timezone
from easypost import EasyPostClient
from easypost.errors import UnauthorizedError

from accounts.models import Mode
from trackers import services
from trackers.models import Tracker
from webhooks import subscriptions
from webhooks.models import Delivery
from webhooks.tasks import deliver

pytestmark = pytest.mark.django_db(transaction=True)

UTC_FORMAT = "%Y-%m-%dT%H:%M:%SZ"
# A scan's local time: whole seconds, and an offset (or Z when the zone is unknown).
LOCAL = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)$")


@pytest.fixture
def client(live_server, acme_test_key):
    client = EasyPostClient(acme_test_key, api_base=live_server.url + "/easypost/v2")
    yield client
    client._requests_session.close()  # before the live server's thread goes (see test_easypost_client)


def test_timestamps_are_whole_seconds_with_a_z_and_scans_keep_their_offset(client, receiver):
    hook = client.webhook.create(url=receiver.url + "/hooks", webhook_secret="s3cr3t")
    datetime.strptime(hook.created_at, UTC_FORMAT)
    tracker = client.tracker.create(tracking_code="EZ2000000002", carrier="USPS")
    for name in ("created_at", "updated_at"):
        datetime.strptime(getattr(tracker, name), UTC_FORMAT)
    again = client.tracker.retrieve(tracker.id)
    datetime.strptime(again.updated_at, UTC_FORMAT)
    stamps = [d.datetime for d in again.tracking_details]
    assert stamps and all(LOCAL.match(s) for s in stamps), stamps
    # The sandbox's scans are in US cities, whose zone is known: local time with its offset.
    assert all(not s.endswith("Z") and not s.endswith("+00:00") for s in stamps)
    body = receiver.wait_for(1)[0].body
    delivered = json.loads(body)
    datetime.strptime(delivered["created_at"], UTC_FORMAT)
    datetime.strptime(delivered["result"]["created_at"], UTC_FORMAT)
    for event in client.event.all().events:
        datetime.strptime(event.created_at, UTC_FORMAT)


def test_previous_attributes_hold_only_what_an_easypost_user_sees(client):
    client.tracker.create(tracking_code="EZ3000000003", carrier="USPS")
    updated = [e for e in client.event.all().events if e.description == "tracker.updated"]
    assert updated
    for event in updated:
        previous = event.previous_attributes.to_dict()
        assert previous, "the first scans changed the status"
        assert set(previous) <= {"status", "status_detail", "est_delivery_date", "carrier", "signed_by", "weight"}
        assert "last_event_at" not in previous and "delivered_at" not in previous


def test_no_tracker_updated_reaches_an_easypost_webhook_when_nothing_it_shows_changed(client, acme, receiver):
    client.webhook.create(url=receiver.url + "/easypost", webhook_secret="s3cr3t")
    native = subscriptions.create_subscription(acme, Mode.TEST, {"url": receiver.url + "/native"})
    created = client.tracker.create(tracking_code="EZ2000000002", carrier="USPS")
    tracker = Tracker.objects.get(public_id=created.id)
    services.update_tracker(tracker, {"metadata": {"order": "A-1"}})  # EasyPost shows no metadata
    hidden = Delivery.objects.filter(event__type="tracker.updated", event__previous_attributes__has_key="metadata")
    assert [d.subscription_id for d in hidden] == [native.pk]
    # A change it shows still reaches it.
    shown = Delivery.objects.filter(event__type="tracker.updated", subscription__format="easypost")
    assert shown.exists()


def test_carriers_keep_easyposts_names_both_ways(client):
    unnamed = client.tracker.create(tracking_code="EZ1000000001")
    assert unnamed.carrier == "USPS"  # as EasyPost's test trackers show, not "Sandbox"
    for name, code in (("DhlEcs", "dhl-ecommerce"), ("DHLExpress", "dhl"), ("DHLPaket", "dhl-paket"), ("LSO", "lso")):
        made = client.tracker.create(tracking_code="EZ1000000001", carrier=name)
        assert made.carrier == name
        assert Tracker.objects.get(public_id=made.id).courier == code
        assert all(d.source == name for d in made.tracking_details)
    assert [t.carrier for t in client.tracker.all(carrier="DhlEcs").trackers] == ["DhlEcs"]
    assert [t.id for t in client.tracker.all(carrier="USPS").trackers] == [unnamed.id]


def test_easyposts_error_codes(client, live_server):
    response = requests.post(f"{live_server.url}/easypost/v2/trackers", json={}, timeout=10)
    assert response.status_code == 401 and response.json()["error"]["code"] == "APIKEY.REQUIRED"
    stranger = EasyPostClient("sk_test_wrong", api_base=live_server.url + "/easypost/v2")
    with pytest.raises(UnauthorizedError):
        stranger.tracker.all()
    stranger._requests_session.close()
    with pytest.raises(easypost.errors.NotFoundError) as missing:
        client.tracker.retrieve("trk_nope")
    assert json.loads(missing.value.http_body)["error"]["code"] == "NOT_FOUND"
    with pytest.raises(easypost.errors.BadRequestError) as invalid:
        client.tracker.all(page_size=1000)
    assert json.loads(invalid.value.http_body)["error"]["code"] == "PARAMETER.INVALID"


def test_a_test_tracker_comes_back_from_create_with_its_first_scans(client):
    tracker = client.tracker.create(tracking_code="EZ4000000004", carrier="USPS")
    assert tracker.status == "pre_transit" and tracker.status_detail == "label_created"
    assert len(tracker.tracking_details) >= 1
    first = tracker.tracking_details[0]
    assert first.object == "TrackingDetail" and first.source == "USPS" and first.status == "pre_transit"


def test_events_say_where_they_were_delivered(client, receiver):
    hook_url = receiver.url + "/hooks"
    client.webhook.create(url=hook_url, webhook_secret="s3cr3t")
    receiver.status = 500  # the receiver fails: the delivery is retried later
    client.tracker.create(tracking_code="EZ1000000001", carrier="USPS")
    receiver.wait_for(1)
    created = next(e for e in client.event.all().events if e.description == "tracker.created")
    assert created.status == "retrying" and created.pending_urls == [hook_url] and created.completed_urls == []
    receiver.status = 200
    Delivery.objects.filter(status="pending").update(next_attempt_at=timezone.now())
    deliver()
    done = client.event.retrieve(created.id)
    assert done.status == "completed" and done.completed_urls == [hook_url] and done.pending_urls == []
