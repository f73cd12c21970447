"""POST /api/v1/trackers: one or a batch, 201/207/422, detection, async=false, dedup, credits."""

from __future__ import annotations

import pytest

from accounts.models import Organization, UsageCounter
from carriers import sandbox
from carriers.base import TemporaryFailure
from carriers.statuses import Status
from events.models import Event
from tests.api.conftest import error_of
from trackers.models import Tracker, TrackingEvent


def test_one_object_creates_one_tracker_201(api, acme):
    response = api.post(
        "/api/v1/trackers",
        {"tracking_number": "pkgx-aaaaaaa-0000001", "order_id": "#1", "metadata": {"k": "v"}},
        format="json",
    )
    assert response.status_code == 201
    body = response.json()
    assert body["errors"] == []
    [item] = body["data"]
    assert item["id"].startswith("trk_")
    assert item["tracking_number"] == "PKGX-AAAAAAA-0000001"
    assert item["courier"] == "sandbox"
    assert item["courier_detected"] is True
    assert item["deduplicated"] is False
    assert item["courier_candidates"] == [
        {"rank": 1, "courier": "sandbox", "name": "Sandbox carrier", "confidence": 1.0, "check_digit_valid": False}
    ]
    assert item["metadata"] == {"k": "v"}
    assert item["order_id"] == "#1"
    assert item["public_url"].startswith("http://testserver/t/")
    assert "events" not in item  # async (default): events come with the background refresh
    tracker = Tracker.objects.get(public_id=item["id"])
    assert tracker.organization == acme and tracker.mode == "test"
    assert Event.objects.filter(subject_id=item["id"], type="tracker.created").count() == 1


def test_named_courier_is_not_detected(api):
    response = api.post("/api/v1/trackers", {"tracking_number": "EZ1000000001", "courier": "USPS"}, format="json")
    assert response.status_code == 201
    [item] = response.json()["data"]
    assert item["courier"] == "usps"
    assert item["courier_detected"] is False


def test_a_batch_where_all_succeed_is_201(api):
    items = [{"tracking_number": f"PKGX-BBBBBBB-{i:07d}"} for i in range(40)]
    response = api.post("/api/v1/trackers", items, format="json")
    assert response.status_code == 201
    assert len(response.json()["data"]) == 40
    assert Tracker.objects.count() == 40


def test_a_partial_batch_is_207_with_indexed_errors(api):
    items = [
        {"tracking_number": "PKGX-AAAAAAA-0000001"},
        {"tracking_number": "1Z999AA10123456784"},
        {"courier": "usps"},
        "not an object",
        {"tracking_number": "EZ2000000002", "customer_email": "nope"},
        {"tracking_number": "EZ3000000003", "courier": "no-such-courier"},
    ]
    response = api.post("/api/v1/trackers", items, format="json")
    assert response.status_code == 207
    body = response.json()
    assert [t["tracking_number"] for t in body["data"]] == ["PKGX-AAAAAAA-0000001"]
    errors = {e["index"]: e for e in body["errors"]}
    assert set(errors) == {1, 2, 3, 4, 5}
    assert errors[1]["tracking_number"] == "1Z999AA10123456784"
    assert errors[1]["error"]["code"] == "not_a_sandbox_number"
    assert "PKGX-" in errors[1]["error"]["message"]
    assert errors[2]["error"]["code"] == "tracking_number_required"
    assert errors[3]["error"]["code"] == "invalid_item"
    assert errors[4]["error"]["code"] == "invalid_fields"
    assert errors[5]["error"]["code"] == "unknown_courier"
    for error in body["errors"]:
        assert set(error) == {"index", "tracking_number", "error"}
        assert {"code", "message"} <= set(error["error"])
    assert Tracker.objects.count() == 1


def test_nothing_created_is_422_with_only_errors(api):
    response = api.post("/api/v1/trackers", [{"tracking_number": "12"}, {"tracking_number": "X" * 65}], format="json")
    assert response.status_code == 422
    body = response.json()
    assert body["data"] == []
    assert [e["error"]["code"] for e in body["errors"]] == ["tracking_number_too_short", "tracking_number_too_long"]
    assert Tracker.objects.count() == 0


def test_more_than_40_is_422_saying_the_limit(api):
    response = api.post("/api/v1/trackers", [{"tracking_number": "EZ1000000001"}] * 41, format="json")
    assert response.status_code == 422
    error = error_of(response)
    assert error["code"] == "batch_too_large"
    assert "40" in error["message"]
    assert Tracker.objects.count() == 0


def test_an_empty_body_is_422_asking_for_the_number(api):
    response = api.post("/api/v1/trackers", data="", content_type="application/json")
    assert response.status_code == 422
    assert response.json()["errors"][0]["error"]["code"] == "tracking_number_required"


@pytest.mark.parametrize("body", [[], "a string", 42, True])
def test_bodies_that_are_not_objects_or_arrays_are_422(api, body):
    response = api.post("/api/v1/trackers", body, format="json")
    assert response.status_code == 422
    assert error_of(response)["code"] in {"empty_batch", "invalid_body"}


# (A NUL character is refused for the whole request by the request guard: tests/api/test_input_guard.py.)
@pytest.mark.parametrize("value", [["PKGX-AAAAAAA-0000001"], {"n": 1}, 1.5, "PKGX-AAAAAAA-00000\x011"])
def test_wrong_types_for_the_number_are_clean_item_errors(api, value):
    response = api.post("/api/v1/trackers", {"tracking_number": value}, format="json")
    assert response.status_code == 422
    [error] = response.json()["errors"]
    assert error["error"]["code"].startswith("tracking_number_")


def test_bad_async_value_is_400(api):
    response = api.post("/api/v1/trackers?async=maybe", {"tracking_number": "EZ1000000001"}, format="json")
    assert response.status_code == 400
    assert error_of(response)["errors"] == [{"field": "async", "message": "async must be true or false."}]
    assert Tracker.objects.count() == 0


def test_async_false_refreshes_and_includes_events(api):
    response = api.post(
        "/api/v1/trackers?async=false",
        [{"tracking_number": "PKGX-AAAAAAA-0000001"}, {"tracking_number": "EZ4000000004"}],
        format="json",
    )
    assert response.status_code == 201
    for item in response.json()["data"]:
        assert item["events"], item
        assert item["status"] != Status.UNKNOWN
        first = item["events"][0]
        assert {"occurred_at", "local_time", "time_zone", "status", "status_detail", "message", "location"} <= set(
            first
        )
        assert "refresh_error" not in item
    assert TrackingEvent.objects.count() >= 2


def test_async_false_reports_a_carrier_failure_on_the_tracker_not_a_500(api, monkeypatch):
    def failing(self, tracking_number, *, created_at, now, details=None):
        raise TemporaryFailure("carrier timed out")

    monkeypatch.setattr(type(sandbox.ADAPTER), "track", failing)
    response = api.post("/api/v1/trackers?async=false", {"tracking_number": "PKGX-AAAAAAA-0000001"}, format="json")
    assert response.status_code == 201
    [item] = response.json()["data"]
    assert item["events"] == []
    assert "carrier timed out" in item["refresh_error"]


def test_async_false_survives_an_adapter_bug(api, monkeypatch):
    def broken(self, tracking_number, *, created_at, now, details=None):
        raise KeyError("unexpected document")

    monkeypatch.setattr(type(sandbox.ADAPTER), "track", broken)
    response = api.post("/api/v1/trackers?async=false", {"tracking_number": "PKGX-AAAAAAA-0000001"}, format="json")
    assert response.status_code == 201
    assert response.json()["data"][0]["refresh_error"]


def test_live_courier_without_adapter_is_kept_with_a_reason(live_api):
    response = live_api.post(
        "/api/v1/trackers?async=false", {"tracking_number": "123456789012", "courier": "fedex"}, format="json"
    )
    assert response.status_code == 201
    [item] = response.json()["data"]
    assert item["status"] == "unknown"
    assert item["status_detail"]
    assert item["refresh_error"]


def test_live_mode_detects_the_courier_and_lists_candidates(live_api):
    response = live_api.post("/api/v1/trackers", {"tracking_number": "1Z999AA10123456784"}, format="json")
    assert response.status_code == 201
    [item] = response.json()["data"]
    assert item["courier"] == "ups"
    assert item["courier_detected"] is True
    assert item["courier_candidates"][0]["courier"] == "ups"


def test_live_mode_refuses_sandbox_numbers(live_api):
    response = live_api.post("/api/v1/trackers", {"tracking_number": "EZ1000000001"}, format="json")
    assert response.status_code == 422
    assert response.json()["errors"][0]["error"]["code"] == "sandbox_number_in_live_mode"


def test_live_deduplication_returns_the_original_without_a_new_charge(live_api, acme):
    acme.credit_balance = 5
    acme.save()
    first = live_api.post("/api/v1/trackers", {"tracking_number": "1Z999AA10123456784"}, format="json").json()
    again = live_api.post(
        "/api/v1/trackers",
        [{"tracking_number": "1z999aa1 0123456784"}, {"tracking_number": "1Z999AA10123456784"}],
        format="json",
    )
    assert again.status_code == 201
    data = again.json()["data"]
    assert [t["id"] for t in data] == [first["data"][0]["id"]] * 2
    assert all(t["deduplicated"] for t in data)
    assert Tracker.objects.filter(mode="live").count() == 1
    acme.refresh_from_db()
    assert acme.credit_balance == 4
    assert UsageCounter.objects.get(organization=acme, mode="live").trackers_created == 1


def test_test_mode_does_not_deduplicate(api):
    api.post("/api/v1/trackers", {"tracking_number": "EZ1000000001"}, format="json")
    response = api.post("/api/v1/trackers", {"tracking_number": "EZ1000000001"}, format="json")
    assert response.json()["data"][0]["deduplicated"] is False
    assert Tracker.objects.count() == 2


def test_out_of_credits_fails_that_item_with_insufficient_credits(live_api, acme):
    Organization.objects.filter(pk=acme.pk).update(credit_balance=1)
    response = live_api.post(
        "/api/v1/trackers",
        [{"tracking_number": "1Z999AA10123456784"}, {"tracking_number": "9400111899562537683144"}],
        format="json",
    )
    assert response.status_code == 207
    body = response.json()
    assert len(body["data"]) == 1
    [error] = body["errors"]
    assert error["index"] == 1
    assert error["error"]["code"] == "insufficient_credits"
    assert error["error"]["status"] == 402
    # Nothing left: a single create is refused outright, but deduplication still answers.
    assert (
        live_api.post("/api/v1/trackers", {"tracking_number": "9400111899562537683144"}, format="json").status_code
        == 422
    )
    dedup = live_api.post("/api/v1/trackers", {"tracking_number": "1Z999AA10123456784"}, format="json")
    assert dedup.status_code == 201 and dedup.json()["data"][0]["deduplicated"] is True


def test_test_mode_never_uses_credits(api, acme):
    Organization.objects.filter(pk=acme.pk).update(credit_balance=0)
    assert api.post("/api/v1/trackers", {"tracking_number": "EZ1000000001"}, format="json").status_code == 201
