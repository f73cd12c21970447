"""The trackers API: every endpoint's success and failure paths."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from accounts.models import Mode
from tests.factories import TrackerFactory, TrackingEventFactory
from trackers.models import Tracker

URL = "/api/v1/trackers"


def post(client, body, query=""):
    return client.post(URL + query, body, format="json")


def test_create_one_is_201_with_detection_info(api):
    response = post(api, {"tracking_number": "pkgx-aaaaaaa-1234567", "title": "Blue mug"})
    assert response.status_code == 201
    body = response.json()
    assert body["errors"] == []
    (item,) = body["data"]
    assert item["id"].startswith("trk_") and item["tracking_number"] == "PKGX-AAAAAAA-1234567"
    assert item["courier"] == "sandbox" and item["courier_detected"] is True
    assert item["deduplicated"] is False and item["courier_candidates"][0]["courier"] == "sandbox"
    assert item["title"] == "Blue mug" and item["public_url"].startswith("http://testserver/t/")
    assert "events" not in item  # async by default: refreshed in the background


def test_batch_partial_success_is_207(api):
    response = post(
        api, [{"tracking_number": "EZ4000000004", "courier": "usps"}, {"tracking_number": "1Z999AA10123456784"}]
    )
    assert response.status_code == 207
    body = response.json()
    assert len(body["data"]) == 1 and body["data"][0]["courier"] == "usps"
    (error,) = body["errors"]
    assert error["index"] == 1 and error["tracking_number"] == "1Z999AA10123456784"
    assert error["error"]["code"] == "not_a_sandbox_number"


def test_batch_with_nothing_created_is_422(api):
    response = post(api, [{"tracking_number": ""}, {"courier": "sandbox"}, "text"])
    assert response.status_code == 422
    body = response.json()
    assert body["data"] == []
    assert [e["error"]["code"] for e in body["errors"]] == [
        "tracking_number_required",
        "tracking_number_required",
        "invalid_item",
    ]
    assert not Tracker.objects.exists()


@pytest.mark.parametrize(("body", "code"), [([], "empty_batch"), ("nope", "invalid_body"), (5, "invalid_body")])
def test_bad_bodies_are_422(api, body, code):
    response = post(api, body)
    assert response.status_code == 422
    assert response.json()["error"]["code"] == code


def test_more_than_40_is_422_saying_the_limit(api):
    response = post(api, [{"tracking_number": f"PKGX-AAAAAAA-{i:07d}"} for i in range(41)])
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "batch_too_large"
    assert "40" in response.json()["error"]["message"]
    assert not Tracker.objects.exists()


def test_async_false_includes_events(api):
    with time_machine.travel(datetime(2026, 3, 1, 12, tzinfo=UTC), tick=False):
        response = post(api, {"tracking_number": "EZ4000000004"}, "?async=false")
    assert response.status_code == 201
    (item,) = response.json()["data"]
    assert item["status"] == "pre_transit"
    (event,) = item["events"]
    assert event["status_detail"] == "label_created"
    assert event["time_zone"] and event["local_time"].endswith(("-05:00", "-06:00", "-07:00", "-08:00", "-04:00"))


def test_async_false_reports_a_carrier_failure_on_the_item(live_api):
    response = post(live_api, {"tracking_number": "1Z999AA10123456784"}, "?async=false")
    assert response.status_code == 201
    (item,) = response.json()["data"]
    assert item["status_detail"] == "no_adapter" and "No adapter" in item["refresh_error"]
    assert item["events"] == []


def test_bad_async_value_is_400(api):
    response = post(api, {"tracking_number": "EZ4000000004"}, "?async=maybe")
    assert response.status_code == 400 and response.json()["error"]["code"] == "invalid_parameter"


def test_live_duplicates_come_back_marked_and_uncharged(midday, live_api, acme):
    acme.credit_balance = 5
    acme.save()
    first = post(live_api, {"tracking_number": "1Z999AA10123456784"}).json()["data"][0]
    again = post(live_api, {"tracking_number": "1Z999AA10123456784", "courier": "ups"})
    assert again.status_code == 201
    item = again.json()["data"][0]
    assert item["id"] == first["id"] and item["deduplicated"] is True
    usage = live_api.get("/api/v1/usage").json()
    assert usage["credit_balance"] == 4 and usage["trackers_created"]["live"] == 1


def test_out_of_credits_fails_the_item_with_402_code(live_api, acme):
    acme.credit_balance = 0
    acme.save()
    response = post(live_api, {"tracking_number": "1Z999AA10123456784"})
    assert response.status_code == 422
    error = response.json()["errors"][0]["error"]
    assert error == {"code": "insufficient_credits", "message": error["message"], "errors": [], "status": 402}


def test_list_newest_first_with_keyset_pages(api, acme):
    base = datetime(2026, 1, 1, tzinfo=UTC)
    for i in range(25):
        TrackerFactory(organization=acme, tracking_number=f"EZ-{i:02d}", created_at=base + timedelta(minutes=i))
    first = api.get(URL, {"limit": 10}).json()
    assert [t["tracking_number"] for t in first["data"]][:2] == ["EZ-24", "EZ-23"]
    assert first["meta"]["has_more"] and first["meta"]["limit"] == 10
    seen = [t["id"] for t in first["data"]]
    cursor = first["meta"]["next_cursor"]
    while cursor:
        page = api.get(URL, {"limit": 10, "cursor": cursor}).json()
        seen += [t["id"] for t in page["data"]]
        cursor = page["meta"]["next_cursor"]
    assert len(seen) == len(set(seen)) == 25


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({"limit": 0}, "invalid_limit"),
        ({"limit": 101}, "invalid_limit"),
        ({"limit": "x"}, "invalid_limit"),
        ({"cursor": "garbage!"}, "invalid_cursor"),
        ({"status": "lost"}, "invalid_parameter"),
        ({"created_after": "yesterday"}, "invalid_parameter"),
    ],
)
def test_bad_list_parameters_are_400(api, params, code):
    response = api.get(URL, params)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == code


def test_list_filters(api, acme):
    old = datetime(2025, 1, 1, tzinfo=UTC)
    a = TrackerFactory(organization=acme, status="delivered", order_id="#1", customer_email="kim@example.com")
    b = TrackerFactory(organization=acme, status="in_transit", courier="usps", title="Red Chair", created_at=old)
    c = TrackerFactory(organization=acme, status="in_transit", updated_at=old, created_at=old)

    def ids(**params):
        return {t["id"] for t in api.get(URL, params).json()["data"]}

    assert ids(status="delivered") == {a.public_id}
    assert ids(courier="USPS") == {b.public_id}
    assert ids(order_id="#1") == {a.public_id}
    assert ids(tracking_number=a.tracking_number.lower()) == {a.public_id}
    assert ids(q="chair") == {b.public_id}
    assert ids(q="KIM@") == {a.public_id}
    assert ids(created_after="2025-06-01") == {a.public_id}
    assert ids(created_before="2025-06-01T00:00:00Z") == {b.public_id, c.public_id}
    assert ids(updated_after="2025-06-01") == {a.public_id, b.public_id}


def test_list_page_of_100_in_constant_queries(one_rate_window, api, acme, django_assert_max_num_queries):
    for tracker in TrackerFactory.create_batch(100, organization=acme):
        TrackingEventFactory(tracker=tracker)
    api.get(URL)  # warm the key's last_used_at
    with django_assert_max_num_queries(3):
        response = api.get(URL, {"limit": 100})
    assert len(response.json()["data"]) == 100


def test_detail_with_200_events_in_constant_queries(one_rate_window, api, acme, django_assert_max_num_queries):
    tracker = TrackerFactory(organization=acme)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    for i in range(200):
        TrackingEventFactory(
            tracker=tracker, occurred_at=start + timedelta(hours=i), time_zone=None if i % 2 else "Europe/Paris"
        )
    api.get(f"{URL}/{tracker.public_id}")
    with django_assert_max_num_queries(3):
        body = api.get(f"{URL}/{tracker.public_id}").json()
    assert len(body["events"]) == 200
    newest, older = body["events"][0], body["events"][1]
    assert newest["occurred_at"] > older["occurred_at"]
    # Known zone: local time with its offset; unknown: UTC, and said so.
    paris = next(e for e in body["events"] if e["time_zone"])
    assert paris["time_zone"] == "Europe/Paris" and paris["local_time"].endswith("+01:00")
    unknown = next(e for e in body["events"] if not e["time_zone"])
    assert unknown["time_zone_known"] is False and unknown["local_time"].endswith("+00:00")


def test_patch_merges_metadata_fixes_the_number_and_checks_the_courier(api):
    tracker = post(api, {"tracking_number": "EZ4000000004", "metadata": {"a": 1, "b": 2}}).json()["data"][0]
    url = f"{URL}/{tracker['id']}"
    response = api.patch(url, {"metadata": {"b": None, "c": 3}, "customer_name": "Karen Ng"}, format="json")
    assert response.status_code == 200
    assert response.json()["metadata"] == {"a": 1, "c": 3}
    assert response.json()["customer_name"] == "Karen Ng"
    for field, code in (("tracking_number", "immutable_field"), ("courier", "unknown_courier")):
        response = api.patch(url, {field: "X"}, format="json")
        assert response.status_code == 400
        assert response.json()["error"]["code"] == code
        assert response.json()["error"]["errors"][0]["field"] == field
    bad = api.patch(url, {"customer_email": "nope", "ship_date": "soon"}, format="json")
    assert bad.status_code == 400 and {e["field"] for e in bad.json()["error"]["errors"]} == {
        "customer_email",
        "ship_date",
    }
    assert api.patch(url, ["x"], format="json").status_code == 400
    assert api.get(url).json()["customer_name"] == "Karen Ng"


def test_delete_then_404_and_gone_from_list(api):
    tracker = post(api, {"tracking_number": "EZ4000000004"}).json()["data"][0]
    url = f"{URL}/{tracker['id']}"
    assert api.delete(url).status_code == 204
    assert api.get(url).status_code == 404
    assert api.get(url).json()["error"]["code"] == "not_found"
    assert api.delete(url).status_code == 404
    assert api.post(f"{url}/refresh").status_code == 404
    assert api.get(URL).json()["data"] == []


def test_refresh_now_answers_the_tracker_with_events(api):
    with time_machine.travel(datetime(2026, 3, 1, 12, tzinfo=UTC), tick=False) as clock:
        tracker = post(api, {"tracking_number": "PKGX-DDDDDDD-1234567"}).json()["data"][0]
        clock.shift(timedelta(minutes=30))
        response = api.post(f"{URL}/{tracker['id']}/refresh")
    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["status_detail"]) == ("failure", "package_damaged")
    assert len(body["events"]) >= 6


def test_couriers_and_detection(api):
    couriers = api.get("/api/v1/couriers").json()["data"]
    assert {"sandbox", "usps", "ups", "fedex"} <= {c["code"] for c in couriers}
    response = api.post("/api/v1/couriers/detect", {"tracking_number": "986578788855"}, format="json")
    assert response.status_code == 200
    assert [c["courier"] for c in response.json()["data"]][:2] == ["fedex", "gls"]
    bad = api.post("/api/v1/couriers/detect", {"tracking_number": "ab"}, format="json")
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "tracking_number_too_short"
    assert api.post("/api/v1/couriers/detect", [], format="json").status_code == 400


def test_usage(midday, api, acme):
    post(api, {"tracking_number": "EZ4000000004"})
    body = api.get("/api/v1/usage").json()
    assert body["mode"] == "test" and body["trackers_created"] == {"test": 1, "live": 0}
    assert body["unlimited"] is True and body["credit_balance"] is None


def test_test_keys_never_see_live_trackers(api, live_api, acme):
    live = TrackerFactory(organization=acme, mode=Mode.LIVE, tracking_number="1Z999AA10123456784", courier="ups")
    assert api.get(URL).json()["data"] == []
    assert api.get(f"{URL}/{live.public_id}").status_code == 404
    assert [t["id"] for t in live_api.get(URL).json()["data"]] == [live.public_id]
