"""AfterShip's Tracking API at /tracking/2026-07, driven by the official SDK (aftership-tracking-sdk
10.0.1) unchanged against live_server, only its domain pointed here. The SDK validates every answer
with its own pydantic models (tags against its enum), so each call below also checks the shape.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from collections.abc import Iterator

import pytest
import tracking
from tracking import auth
from tracking.exceptions import (
    BadRequestError,
    ForbiddenError,
    NotFoundError,
    TooManyRequestsError,
    UnauthorizedError,
)
from tracking.models import Tag, Tracking
from tracking.request import ApiClient

from accounts.models import Mode
from trackers import services
from trackers.models import Tracker
from webhooks.subscriptions import create_subscription

pytestmark = pytest.mark.django_db(transaction=True)

SAMPLE = {
    "tracking_number": "EZ4000000004",
    "slug": "usps",
    "title": "Blue pillow",
    "order_id": "ID 1234",
    "order_number": "1234",
    "custom_fields": {"product_name": "iPhone Case", "product_price": "USD19.99"},
    "note": "Leave at the door",
    "language": "en",
    "customers": [
        {"role": "buyer", "name": "Ada Lovelace", "email": "ada@example.com", "phone_number": "+14155552671"}
    ],
    "shipment_tags": ["vip", "fragile"],
    "origin_country_region": "CHN",
    "origin_city": "Shenzhen",
    "destination_country_region": "USA",
    "destination_state": "CA",
    "destination_city": "Los Angeles",
    "tracking_ship_date": "20260401",
    "destination_postal_code": "90001",
    "tracking_account_number": "ACC-1",
}


def sdk_for(domain: str, key: str, **options) -> tracking.Client:
    return tracking.Client(tracking.Configuration(domain=domain, api_key=key, max_retry=0, **options))


@pytest.fixture(autouse=True)
def _fresh_connections() -> Iterator[None]:
    # The SDK keeps one httpx client for the process; its keep-alive connections must not outlive
    # the live server of a test (they would point at the next test's server thread).
    yield
    ApiClient._client.close()
    ApiClient._client = type(ApiClient._client)()


@pytest.fixture
def sdk(live_server, acme_test_key) -> tracking.Client:
    return sdk_for(live_server.url, acme_test_key)


@pytest.fixture
def live_sdk(live_server, acme_live_key) -> tracking.Client:
    return sdk_for(live_server.url, acme_live_key)


def aftership_subscription(organization, mode: str, url: str, secret: str):
    """A subscription whose deliveries take AfterShip's form, made as AfterShip's customers make it:
    outside AfterShip's API (here the native API's `format`), since AfterShip configures webhooks in
    its dashboard."""
    return create_subscription(organization, mode, {"url": url, "secret": secret, "format": "aftership"})


def test_create_and_get_carry_every_field(sdk):
    created = sdk.tracking.create_tracking(SAMPLE).data
    assert isinstance(created, Tracking) and len(created.id) == 32
    assert created.tracking_number == "EZ4000000004" and created.slug == "usps"
    assert created.tag == Tag.PENDING and created.active is True
    assert created.title == "Blue pillow" and created.order_id == "ID 1234" and created.order_number == "1234"
    assert created.custom_fields == SAMPLE["custom_fields"]
    assert created.note == "Leave at the door" and created.language == "en"
    assert created.shipment_tags == ["vip", "fragile"]
    assert created.origin_country_region == "CHN" and created.origin_city == "Shenzhen"
    assert created.destination_country_region == "USA" and created.destination_city == "Los Angeles"
    assert created.destination_postal_code == "90001" and created.tracking_ship_date == "20260401"
    assert created.tracking_account_number == "ACC-1"
    assert created.aftership_tracking_url.startswith("http") and "/t/" in created.aftership_tracking_url
    assert created.courier_tracking_link and "EZ4000000004" in created.courier_tracking_link
    assert created.aftership_estimated_delivery_date is None
    [customer] = created.customers
    assert (customer.name, customer.email, customer.phone_number) == ("Ada Lovelace", "ada@example.com", "+14155552671")
    tracker = Tracker.objects.get(hex_id=created.id)
    # The customer fields that notifications read.
    assert (tracker.customer_name, tracker.customer_email, tracker.destination_country) == (
        "Ada Lovelace",
        "ada@example.com",
        "US",
    )
    again = sdk.tracking.get_tracking_by_id(created.id).data
    assert again.id == created.id and again.shipment_tags == ["vip", "fragile"]


def test_a_sandbox_tracking_follows_to_delivered(sdk, sandbox_instant):
    created = sdk.tracking.create_tracking({"tracking_number": "EZ4000000004", "slug": "usps"}).data
    services.refresh_now(Tracker.objects.get(hex_id=created.id))
    delivered = sdk.tracking.get_tracking_by_id(created.id).data
    assert delivered.tag == Tag.DELIVERED and delivered.subtag == "Delivered_001"
    assert delivered.shipment_delivery_date and delivered.shipment_pickup_date
    assert isinstance(delivered.transit_time, int)
    assert delivered.first_attempted_at is not None
    checkpoints = delivered.checkpoints
    assert len(checkpoints) >= 4
    assert all(isinstance(c.tag, Tag) and c.subtag.startswith(c.tag.value + "_") for c in checkpoints)
    assert checkpoints[0].tag == Tag.INFO_RECEIVED and checkpoints[-1].tag == Tag.DELIVERED
    assert all(c.country_region == "USA" and c.country_region_name == "United States" for c in checkpoints)
    # Each scan's local time with its own offset (the sandbox crosses time zones).
    offsets = {c.checkpoint_time[-6:] for c in checkpoints}
    assert len(offsets) > 1 and all(o[0] in "+-" for o in offsets)


def test_update_changes_the_fields_aftership_allows(sdk):
    created = sdk.tracking.create_tracking(SAMPLE).data
    updated = sdk.tracking.update_tracking_by_id(
        created.id,
        {
            "title": "Red pillow",
            "note": "Ring twice",
            "customers": [{"name": "Grace Hopper", "email": "grace@example.com"}],
            "custom_fields": {"product_name": "Sofa"},
        },
    ).data
    assert updated.title == "Red pillow" and updated.note == "Ring twice"
    # The SDK's update model has no shipment_tags: they stay as created.
    assert updated.shipment_tags == ["vip", "fragile"] and updated.order_number == "1234"
    assert updated.custom_fields["product_name"] == "Sofa"
    assert updated.customers[0].name == "Grace Hopper"
    assert Tracker.objects.get(hex_id=created.id).customer_email == "grace@example.com"
    # A new slug corrects the courier: the tracking starts over with it (docs/dialects.md).
    corrected = sdk.tracking.update_tracking_by_id(created.id, {"slug": "ups"}).data
    assert corrected.slug == "ups" and corrected.title == "Red pillow"
    with pytest.raises(BadRequestError) as refused:
        sdk.tracking.update_tracking_by_id(created.id, {"slug": "no-such-courier"})
    assert refused.value.meta_code == 4010


def test_list_pages_by_cursor_and_searches_by_keyword(sdk):
    ids = {
        sdk.tracking.create_tracking({"tracking_number": f"PKGX-AAAAAAA-000000{i}", "title": f"parcel {i}"}).data.id
        for i in range(1, 6)
    }
    seen, cursor, pages = [], None, 0
    while True:
        options = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        page = sdk.tracking.get_trackings(**options).data
        pages += 1
        assert page.pagination.total == 5
        seen += [t.id for t in page.trackings]
        if not page.pagination.has_next_page:
            break
        cursor = page.pagination.next_cursor
    assert pages == 3 and len(seen) == 5 and set(seen) == ids
    found = sdk.tracking.get_trackings(keyword="parcel 3").data.trackings
    assert [t.title for t in found] == ["parcel 3"]
    assert sdk.tracking.get_trackings(tag="Pending,InfoReceived,InTransit").data.pagination.total == 5
    assert sdk.tracking.get_trackings(tag="Delivered").data.trackings == []
    with pytest.raises(BadRequestError):
        sdk.tracking.get_trackings(tag="Lost")


def test_list_filters_by_tags_numbers_and_countries(sdk):
    sdk.tracking.create_tracking(SAMPLE)
    sdk.tracking.create_tracking({"tracking_number": "EZ2000000002", "slug": "ups", "shipment_tags": ["other"]})
    assert [t.tracking_number for t in sdk.tracking.get_trackings(shipment_tags="vip").data.trackings] == [
        "EZ4000000004"
    ]
    assert [t.slug for t in sdk.tracking.get_trackings(slug="ups").data.trackings] == ["ups"]
    assert sdk.tracking.get_trackings(destination="USA").data.pagination.total == 1
    assert sdk.tracking.get_trackings(origin="CHN").data.pagination.total == 1
    assert sdk.tracking.get_trackings(tracking_numbers="EZ2000000002,EZ9").data.pagination.total == 1
    assert sdk.tracking.get_trackings(order_id="ID 1234").data.pagination.total == 1


def test_mark_as_completed_stops_refreshing_and_retrack_resumes(sdk):
    created = sdk.tracking.create_tracking({"tracking_number": "EZ1000000001"}).data
    lost = sdk.tracking.mark_tracking_completed_by_id(created.id, {"reason": "LOST"}).data
    assert lost.tag == Tag.EXCEPTION and lost.subtag == "Exception_013" and lost.active is False
    tracker = Tracker.objects.get(hex_id=created.id)
    assert not tracker.active and tracker.next_refresh_at is None
    again = sdk.tracking.retrack_tracking_by_id(created.id).data
    assert again.active is True and Tracker.objects.get(pk=tracker.pk).next_refresh_at is not None
    with pytest.raises(BadRequestError) as active:
        sdk.tracking.retrack_tracking_by_id(created.id)
    assert active.value.meta_code == 4016
    done = sdk.tracking.mark_tracking_completed_by_id(created.id, {"reason": "DELIVERED"}).data
    assert done.tag == Tag.DELIVERED and done.subtag == "Delivered_001"
    returned = sdk.tracking.mark_tracking_completed_by_id(created.id, {"reason": "RETURNED_TO_SENDER"}).data
    assert returned.subtag == "Exception_011" and returned.return_to_sender is True


def test_delete_then_not_found(sdk):
    created = sdk.tracking.create_tracking({"tracking_number": "EZ1000000001"}).data
    gone = sdk.tracking.delete_tracking_by_id(created.id).data
    assert gone.id == created.id
    with pytest.raises(NotFoundError) as missing:
        sdk.tracking.get_tracking_by_id(created.id)
    assert missing.value.meta_code == 4004 and missing.value.status_code == 404


def test_a_live_duplicate_is_4003(live_sdk):
    first = live_sdk.tracking.create_tracking({"tracking_number": "9400110898825022579493", "slug": "usps"}).data
    assert first.tag == Tag.PENDING
    with pytest.raises(BadRequestError) as duplicate:
        live_sdk.tracking.create_tracking({"tracking_number": "9400110898825022579493", "slug": "usps"})
    assert duplicate.value.meta_code == 4003 and duplicate.value.status_code == 400
    assert Tracker.objects.filter(tracking_number="9400110898825022579493").count() == 1


def test_bad_keys_and_signed_requests_are_unauthorized(live_server, acme_test_key):
    with pytest.raises(UnauthorizedError) as bad:
        sdk_for(live_server.url, "asat_not_a_key").tracking.get_trackings()
    assert bad.value.meta_code == 401 and bad.value.status_code == 401
    signed = sdk_for(live_server.url, acme_test_key, authentication_type=auth.Aes, api_secret="secret")
    with pytest.raises(UnauthorizedError) as refused:
        signed.tracking.get_trackings()
    assert "as-api-key" in refused.value.message


def test_bad_input_answers_aftership_codes(sdk):
    with pytest.raises(BadRequestError) as required:
        sdk.tracking.create_tracking({"slug": "usps"})
    assert required.value.meta_code == 4007
    with pytest.raises(BadRequestError) as slug:
        sdk.tracking.create_tracking({"tracking_number": "EZ1000000001", "slug": "no-such-courier"})
    assert slug.value.meta_code == 4010
    with pytest.raises(BadRequestError) as number:
        sdk.tracking.create_tracking({"tracking_number": "1Z999AA10123456784"})
    assert number.value.meta_code == 4005  # test mode takes sandbox numbers only
    with pytest.raises(NotFoundError):
        sdk.tracking.get_tracking_by_id("not-an-id")


def test_couriers_and_detect(sdk):
    couriers = sdk.courier.get_couriers(slug="ups,usps,deutsch-post").data
    assert couriers.total == 3 and {c.slug for c in couriers.couriers} == {"ups", "usps", "deutsch-post"}
    everything = sdk.courier.get_couriers().data
    assert everything.total > 100
    detected = sdk.courier.detect_courier({"tracking_number": "1Z999AA10123456784"}).data
    assert "ups" in [c.slug for c in detected.couriers]
    narrowed = sdk.courier.detect_courier({"tracking_number": "1Z999AA10123456784", "slug": ["fedex"]}).data
    assert narrowed.total == 0


def test_unsupported_endpoints_are_forbidden(sdk):
    with pytest.raises(ForbiddenError):
        sdk.courier_connection.get_courier_connections()
    with pytest.raises(ForbiddenError):
        sdk.estimated_delivery_date.predict({"slug": "ups"})


def test_too_many_requests_in_aftership_shape(sdk, settings, one_rate_window):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"api_key": "2/min"}}
    first = sdk.tracking.get_trackings().response_header
    assert (first["x-ratelimit-limit"], first["x-ratelimit-remaining"]) == (["2"], ["1"])
    assert sdk.tracking.get_trackings().response_header["x-ratelimit-remaining"] == ["0"]
    with pytest.raises(TooManyRequestsError) as limited:
        sdk.tracking.get_trackings()
    headers = limited.value.response_header
    assert limited.value.meta_code == 429 and limited.value.status_code == 429
    assert headers["x-ratelimit-limit"] == ["2"] and headers["x-ratelimit-remaining"] == ["0"]
    assert int(headers["x-ratelimit-reset"][0]) > 0 and headers["retry-after"]


def test_a_webhook_in_aftership_form_whose_signature_verifies(sdk, acme, receiver):
    secret = "s3cr3t"
    aftership_subscription(acme, Mode.TEST, receiver.url + "/hooks", secret)
    created = sdk.tracking.create_tracking({"tracking_number": "EZ3000000003", "title": "hooked"}).data
    received = receiver.wait_for(1)[0]
    expected = base64.b64encode(hmac.new(secret.encode(), received.body, hashlib.sha256).digest()).decode()
    assert received.headers["aftership-hmac-sha256"] == expected
    body = json.loads(received.body)
    assert body["event"] == "tracking_update" and body["event_id"].startswith("evt_")
    assert body["is_tracking_first_tag"] is True and isinstance(body["ts"], int)
    msg = Tracking.model_validate(body["msg"])
    assert msg.id == created.id and msg.title == "hooked" and isinstance(msg.tag, Tag)
