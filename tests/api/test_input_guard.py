"""Hardening of the request surface: every bad input is a clear 4xx in
JSON on API paths, never a 500 (PostgreSQL refuses NUL characters and offsets beyond ±15:59)."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from tests.api.conftest import error_of, make_tracker
from trackers.models import Tracker
from webhooks.models import Subscription

NUL = "\x00"


def post_json(client, path: str, body) -> object:
    return client.post(path, data=json.dumps(body), content_type="application/json")


# --- 1. every body field is type-checked ---------------------------------------------------------


@pytest.mark.parametrize("courier", [5, 1.5, ["usps"], {"code": "usps"}, True, False, 0])
def test_a_courier_that_is_not_a_string_is_a_clear_error(api, courier):
    response = post_json(api, "/api/v1/trackers", {"tracking_number": "EZ1000000001", "courier": courier})
    assert response.status_code == 422
    item = response.json()["errors"][0]["error"]
    assert item["code"] == "invalid_courier" and item["errors"][0]["field"] == "courier"
    assert Tracker.objects.count() == 0


@pytest.mark.parametrize(
    "field", ["title", "order_id", "customer_name", "customer_email", "language", "comment", "destination_country"]
)
@pytest.mark.parametrize("value", [5, ["x"], {"a": 1}, True])
def test_every_text_field_refuses_other_json_types(api, field, value):
    response = post_json(api, "/api/v1/trackers", {"tracking_number": "EZ1000000001", field: value})
    assert response.status_code == 422
    assert response.json()["errors"][0]["error"]["errors"][0]["field"] == field


# --- 2. NUL characters: one guard for the whole request surface ----------------------------------


@pytest.mark.parametrize(
    "body",
    [
        {"tracking_number": "EZ1000000001", "title": "a\x00b"},
        {"tracking_number": "EZ1000000001", "order_id": NUL},
        {"tracking_number": "EZ1000000001", "customer_name": "x\x00"},
        {"tracking_number": "EZ1000000001", "destination_postal_code": "1\x002"},
        {"tracking_number": "EZ1000000001", "language": "e\x00n"},
        {"tracking_number": "EZ1000000001", "comment": NUL},
        {"tracking_number": "EZ1000000001", "metadata": {"k\x00": 1}},
        {"tracking_number": "EZ1000000001", "metadata": {"k": ["ok", {"deep": "v\x00"}]}},
        [{"tracking_number": "EZ1000000001"}, {"tracking_number": "EZ2000000002", "title": NUL}],
    ],
)
def test_a_nul_anywhere_in_a_body_is_a_400_and_nothing_is_created(api, body):
    error = error_of(post_json(api, "/api/v1/trackers", body))
    assert error["status"] == 400 and error["code"] == "invalid_characters"
    assert "U+0000" in error["message"] and error["errors"][0]["field"]
    assert Tracker.objects.count() == 0


def test_the_guard_names_the_field_that_holds_the_nul(api):
    body = {"tracking_number": "EZ1000000001", "metadata": {"items": [{"sku": "a\x00"}]}}
    error = error_of(post_json(api, "/api/v1/trackers", body))
    assert error["errors"][0]["field"] == "metadata.items[0].sku"


def test_webhook_fields_with_a_nul_are_refused(api):
    for field in ("description", "secret", "url"):
        body = {"url": "https://93.184.215.14/hooks", field: "x\x00y"}
        assert error_of(post_json(api, "/api/v1/webhooks", body))["code"] == "invalid_characters"
    assert Subscription.objects.count() == 0


def test_a_nul_in_a_patch_is_refused_and_changes_nothing(api, acme):
    tracker = make_tracker(acme, title="Blue mug")
    response = api.patch(
        f"/api/v1/trackers/{tracker.public_id}", data=json.dumps({"title": NUL}), content_type="application/json"
    )
    assert error_of(response)["code"] == "invalid_characters"
    tracker.refresh_from_db()
    assert tracker.title == "Blue mug"


@pytest.mark.parametrize(
    "query",
    ["q=%00", "courier=%00", "tracking_number=%00", "order_id=%00", "status=%00", "cursor=%00", "q%00=1"],
)
def test_a_nul_in_a_list_filter_is_a_400(api, query):
    error = error_of(api.get(f"/api/v1/trackers?{query}"))
    assert error["status"] == 400 and error["code"] == "invalid_characters"


def test_a_nul_in_the_events_filter_is_a_400(api):
    assert error_of(api.get("/api/v1/events?tracker=%00"))["status"] == 400


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/trackers/%00",
        "/api/v1/trackers/trk_%00/refresh",
        "/api/v1/events/%00",
        "/api/v1/deliveries/%00",
        "/api/v1/webhooks/%00",
        "/api/v1/webhooks/%00/deliveries",
    ],
)
def test_a_nul_in_a_path_id_is_a_404(api, path):
    assert error_of(api.get(path))["status"] == 404


def test_a_missing_key_is_still_401_before_the_guard_speaks(db):
    error = error_of(Client().get("/api/v1/trackers?q=%00"))
    assert error["status"] == 401


def test_text_that_merely_looks_like_an_escape_is_kept(api):
    body = {"tracking_number": "EZ1000000001", "title": "backslash-u0000: \\u0000"}
    response = post_json(api, "/api/v1/trackers", body)
    assert response.status_code == 201
    assert Tracker.objects.get().title == "backslash-u0000: \\u0000"


# --- 3. dates the database can hold ------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "2026-01-01T00:00:00+23:59",
        "2026-01-01T00:00:00-16:00",
        "0001-01-01T00:00:00+01:00",
        "9999-12-31T23:59:59-01:00",
    ],
)
@pytest.mark.parametrize("name", ["created_after", "created_before", "updated_after"])
def test_date_filters_with_extreme_offsets_answer_without_a_500(api, acme, name, value):
    make_tracker(acme)
    response = api.get("/api/v1/trackers", {name: value})
    assert response.status_code in (200, 400), response.content
    if response.status_code == 400:
        assert error_of(response)["errors"][0]["field"] == name


def test_an_offset_beyond_postgresql_range_is_read_as_the_same_instant(api, acme):
    tracker = make_tracker(acme)
    # 2000-01-01T00:00+23:59 is 1999-12-31T00:01Z: the tracker was created after it.
    response = api.get("/api/v1/trackers", {"created_after": "2000-01-01T00:00:00+23:59"})
    assert [t["id"] for t in response.json()["data"]] == [tracker.public_id]


@pytest.mark.parametrize("value", ["2026-01-01T00:00:00+23:59", "0001-01-01T00:00:00+01:00"])
def test_order_create_time_with_an_extreme_offset_is_stored_or_refused_cleanly(api, value):
    response = post_json(api, "/api/v1/trackers", {"tracking_number": "EZ1000000001", "order_created_at": value})
    assert response.status_code in (201, 422)


# --- 4. metadata bounds --------------------------------------------------------------------------


def nested(depth: int) -> dict:
    value: dict = {}
    for _ in range(depth - 1):
        value = {"a": value}
    return value


@pytest.mark.parametrize("depth", [6, 5_000, 50_000])
def test_deep_metadata_is_a_clear_error(api, depth):
    raw = '{"tracking_number": "EZ1000000001", "metadata": ' + '{"a": ' * depth + "{}" + "}" * depth + "}"
    response = api.post("/api/v1/trackers", data=raw, content_type="application/json")
    assert response.status_code in (400, 422)
    assert Tracker.objects.count() == 0


def test_metadata_at_the_limits_is_accepted(api):
    body = {"tracking_number": "EZ1000000001", "metadata": {"k": nested(4), **{f"x{i}": i for i in range(190)}}}
    assert post_json(api, "/api/v1/trackers", body).status_code == 201


@pytest.mark.parametrize(
    ("metadata", "words"),
    [
        ({f"k{i}": i for i in range(201)}, "at most 200"),
        ({"k" * 101: 1}, "at most 100 characters"),
        ({"big": "x" * 16_001}, "16,000 characters"),
        ({"list": list(range(300))}, "at most 200"),
    ],
)
def test_metadata_beyond_a_limit_says_which(api, metadata, words):
    response = post_json(api, "/api/v1/trackers", {"tracking_number": "EZ1000000001", "metadata": metadata})
    error = response.json()["errors"][0]["error"]
    assert error["errors"][0]["field"] == "metadata" and words in error["errors"][0]["message"]


def test_a_merge_that_grows_metadata_past_the_limit_is_refused(api, acme):
    tracker = make_tracker(acme, metadata={f"a{i}": i for i in range(150)})
    response = api.patch(
        f"/api/v1/trackers/{tracker.public_id}",
        data=json.dumps({"metadata": {f"b{i}": i for i in range(60)}}),
        content_type="application/json",
    )
    assert error_of(response)["errors"][0]["field"] == "metadata"
    tracker.refresh_from_db()
    assert len(tracker.metadata) == 150


# --- 6. API paths answer JSON, whatever the method -----------------------------------------------


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize("path", ["/api/v1/trackers/", "/api/v1/nope", "/api/v2/x", "/api/"])
def test_unrouted_api_paths_answer_json_for_every_method(db, acme_test_key, method, path):
    client = Client(enforce_csrf_checks=True)
    response = getattr(client, method)(path, data="{}", content_type="application/json")
    error = error_of(response)
    assert error["status"] == 404


def test_a_trailing_slash_gets_a_hint(db):
    error = error_of(Client().post("/api/v1/trackers/", data="{}", content_type="application/json"))
    assert "try /api/v1/trackers" in error["message"]
