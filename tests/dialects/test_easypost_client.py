"""EasyPost at /easypost/v2, driven by the official client (easypost==10.7.0) against live_server.

Everything the dialect serves goes through the real client: create, retrieve, list with
get_next_page, filters, batch, delete then NotFoundError, webhook CRUD, and a signed delivery
that easypost.validate_webhook accepts, received by the local HTTP server.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime

import easypost
import pytest
from easypost import EasyPostClient
from easypost.errors import InvalidRequestError, NotFoundError, SignatureVerificationError, UnauthorizedError

from accounts.models import Mode
from trackers import services
from trackers.models import Tracker

pytestmark = pytest.mark.django_db(transaction=True)


def closing(client: EasyPostClient) -> Iterator[EasyPostClient]:
    yield client
    # Close the client's keep-alive connections while the live server still shares its database
    # connection: a server thread that outlives the test would close it from the wrong thread.
    client._requests_session.close()


@pytest.fixture
def client(live_server, acme_test_key) -> Iterator[EasyPostClient]:
    yield from closing(EasyPostClient(acme_test_key, api_base=live_server.url + "/easypost/v2"))


@pytest.fixture
def live_client(live_server, acme_live_key) -> Iterator[EasyPostClient]:
    yield from closing(EasyPostClient(acme_live_key, api_base=live_server.url + "/easypost/v2"))


def test_create_retrieve_and_the_tracker_fields(client):
    tracker = client.tracker.create(tracking_code="EZ1000000001", carrier="USPS")
    assert type(tracker).__name__ == "Tracker"
    assert tracker.id.startswith("trk_")
    assert tracker.object == "Tracker"
    assert tracker.mode == "test"
    assert tracker.tracking_code == "EZ1000000001"
    assert tracker.carrier == "USPS"
    assert tracker.status in ("unknown", "pre_transit")
    assert tracker.public_url.startswith("http")
    for name in (
        "status_detail",
        "est_delivery_date",
        "tracking_details",
        "carrier_detail",
        "signed_by",
        "weight",
        "created_at",
        "updated_at",
        "fees",
    ):
        assert hasattr(tracker, name), name
    again = client.tracker.retrieve(tracker.id)
    assert again.id == tracker.id and again.tracking_code == "EZ1000000001"
    assert Tracker.objects.get(public_id=tracker.id).courier == "usps"


def test_test_codes_reach_their_status_with_events_in_easypost_shape(client, acme, sandbox_instant):
    tracker = client.tracker.create(tracking_code="EZ4000000004", carrier="USPS")
    services.refresh_now(Tracker.objects.get(public_id=tracker.id))
    delivered = client.tracker.retrieve(tracker.id)
    assert delivered.status == "delivered"
    detail = delivered.tracking_details[-1]
    assert detail.object == "TrackingDetail" and detail.status == "delivered"
    assert detail.tracking_location.object == "TrackingLocation"
    assert set(detail.tracking_location.to_dict()) >= {"city", "state", "country", "zip"}
    times = [datetime.fromisoformat(d.datetime) for d in delivered.tracking_details]
    assert times == sorted(times)  # oldest first, each in its local time


def test_list_pages_newest_first_with_get_next_page_and_filters(client, acme):
    made = [client.tracker.create(tracking_code=f"EZ{n}00000000{n}", carrier="USPS").id for n in range(1, 6)]
    first = client.tracker.all(page_size=2)
    assert [t.id for t in first.trackers] == made[::-1][:2]
    assert first.has_more is True
    second = client.tracker.get_next_page(first, page_size=2)
    assert [t.id for t in second.trackers] == made[::-1][2:4]
    third = client.tracker.get_next_page(second, page_size=2)
    assert [t.id for t in third.trackers] == made[:1] and third.has_more is False
    with pytest.raises(easypost.errors.EndOfPaginationError):
        client.tracker.get_next_page(third, page_size=2)
    one = client.tracker.all(tracking_code="EZ3000000003")
    assert [t.tracking_code for t in one.trackers] == ["EZ3000000003"]
    some = client.tracker.all(tracking_codes=["EZ1000000001", "EZ2000000002"], page_size=10)
    assert sorted(t.tracking_code for t in some.trackers) == ["EZ1000000001", "EZ2000000002"]
    assert client.tracker.all(carrier="FedEx").trackers == []
    assert len(client.tracker.all(carrier="USPS", page_size=10).trackers) == 5


def test_batch_retrieves_by_codes(client):
    a = client.tracker.create(tracking_code="EZ1000000001", carrier="USPS")
    client.tracker.create(tracking_code="EZ2000000002", carrier="USPS")
    batch = client.tracker.retrieve_batch(tracking_codes=["EZ1000000001"])
    assert [t.id for t in batch.trackers] == [a.id] and batch.has_more is False


def test_delete_then_not_found(client):
    tracker = client.tracker.create(tracking_code="EZ2000000002", carrier="USPS")
    client.tracker.delete(tracker.id)
    with pytest.raises(NotFoundError):
        client.tracker.retrieve(tracker.id)


def test_errors_map_to_the_clients_exceptions(client, live_server):
    with pytest.raises(InvalidRequestError) as refused:
        client.tracker.create(tracking_code="1Z999AA10123456784", carrier="UPS")
    body = json.loads(refused.value.http_body)
    assert body["error"]["code"] == "PARAMETER.INVALID"  # EasyPost's own code, not ours upper-cased
    assert body["error"]["errors"] == [{"field": "tracking_code", "message": body["error"]["message"]}]
    with pytest.raises(NotFoundError):
        client.tracker.retrieve("trk_nope")
    stranger = EasyPostClient("sk_test_wrong", api_base=live_server.url + "/easypost/v2")
    with pytest.raises(UnauthorizedError):
        stranger.tracker.all()
    stranger._requests_session.close()


def test_live_mode_deduplicates(live_client):
    client = live_client
    first = client.tracker.create(tracking_code="9400111899562537683144", carrier="USPS")
    second = client.tracker.create(tracking_code="9400111899562537683144", carrier="USPS")
    assert first.id == second.id and first.mode == "production"


def test_webhook_crud(client):
    hook = client.webhook.create(url="https://hooks.example.com/easypost", webhook_secret="s3cr3t")
    assert type(hook).__name__ == "Webhook" and hook.id.startswith("hook_")
    assert hook.url == "https://hooks.example.com/easypost" and not hasattr(hook, "webhook_secret")
    assert [h.id for h in client.webhook.all().webhooks] == [hook.id]
    assert client.webhook.retrieve(hook.id).url == hook.url
    updated = client.webhook.update(hook.id, webhook_secret="n3w")
    assert updated.id == hook.id and updated.disabled_at is None
    client.webhook.delete(hook.id)
    with pytest.raises(NotFoundError):
        client.webhook.retrieve(hook.id)


def test_a_delivery_is_an_easypost_event_that_validate_webhook_accepts(client, receiver):
    http_server = receiver
    secret = "s3cr\u00e9t"  # normalized to NFKD before signing, as the client verifies
    client.webhook.create(url=http_server.url + "/hooks", webhook_secret=secret)
    tracker = client.tracker.create(tracking_code="EZ3000000003", carrier="USPS")
    received = http_server.wait_for(1)[0]
    event = easypost.validate_webhook(received.body, received.headers, secret)
    assert event["object"] == "Event" and event["id"].startswith("evt_")
    assert event["description"] == "tracker.created"
    assert event["result"]["id"] == tracker.id and event["result"]["object"] == "Tracker"
    assert event["result"]["tracking_code"] == "EZ3000000003"
    assert "previous_attributes" in event
    with pytest.raises(SignatureVerificationError):
        easypost.validate_webhook(received.body, received.headers, "another secret")
    listed = client.event.all()  # the create, then the first refresh (run inline by the test queue)
    assert [e.description for e in listed.events] == ["tracker.updated", "tracker.created"]
    assert listed.events[-1].id == event["id"]
    assert listed.events[0].previous_attributes.to_dict()["status"] == "unknown"
    assert client.event.retrieve(event["id"]).description == "tracker.created"


def test_another_organizations_tracker_does_not_exist(client, globex):
    other = services.create_tracker(globex, Mode.TEST, "EZ1000000001", "usps").tracker
    with pytest.raises(NotFoundError):
        client.tracker.retrieve(other.public_id)


def test_its_own_openapi_document_and_json_404s(client, live_server):
    import requests

    document = requests.get(live_server.url + "/easypost/v2/openapi.json", timeout=10)
    assert document.status_code == 200
    paths = document.json()["paths"]
    assert {"/trackers", "/trackers/{tracker_id}", "/trackers/batch", "/webhooks", "/events"} <= set(paths)
    assert not any(p.startswith("/api/") for p in paths)
    missing = requests.get(live_server.url + "/easypost/v2/nothing", timeout=10)
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "NOT_FOUND"


SAMPLE_FIELDS = {
    "id",
    "tracking_code",
    "status",
    "created_at",
    "updated_at",
    "est_delivery_date",
    "carrier",
    "tracking_details",
    "public_url",
}


def test_easyposts_samples_create_then_curl_delete_with_basic_auth(live_server, live_client, acme_live_key):
    import requests

    client = live_client
    tracker = client.tracker.create(tracking_code="9400110898825022579493", carrier="USPS")
    assert set(tracker.to_dict()) >= SAMPLE_FIELDS
    assert tracker.carrier == "USPS" and tracker.status == "unknown" and tracker.est_delivery_date is None
    # curl -X DELETE https://…/v2/trackers/trk_... -u "EASYPOST_API_KEY":
    gone = requests.delete(f"{live_server.url}/easypost/v2/trackers/{tracker.id}", auth=(acme_live_key, ""), timeout=10)
    assert gone.status_code == 204
    again = requests.get(f"{live_server.url}/easypost/v2/trackers/{tracker.id}", auth=(acme_live_key, ""), timeout=10)
    assert again.status_code == 404 and again.json()["error"]["code"] == "NOT_FOUND"


def test_a_form_encoded_create_as_curl_sends_it(live_server, acme_test_key):
    import requests

    response = requests.post(
        f"{live_server.url}/easypost/v2/trackers",
        data={"tracker[tracking_code]": "EZ1000000001", "tracker[carrier]": "USPS"},
        auth=(acme_test_key, ""),
        timeout=10,
    )
    assert response.status_code == 201 and response.json()["tracking_code"] == "EZ1000000001"
    unwrapped = requests.post(
        f"{live_server.url}/easypost/v2/trackers",
        json={"tracking_code": "EZ1000000001"},
        auth=(acme_test_key, ""),
        timeout=10,
    )
    assert unwrapped.status_code == 422 and unwrapped.json()["error"]["code"] == "PARAMETER.REQUIRED"
    # A parameter EasyPost accepts and this door does not read (`amount`) is not refused.
    extra = requests.post(
        f"{live_server.url}/easypost/v2/trackers",
        json={"tracker": {"tracking_code": "EZ1000000001", "amount": "10"}},
        auth=(acme_test_key, ""),
        timeout=10,
    )
    assert extra.status_code == 201 and extra.json()["tracking_code"] == "EZ1000000001"
