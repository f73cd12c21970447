"""Every dialect answers in its own words: the refusals of the tracker services name the dialect's
fields (`provider_id`, `courier_code`, `carrier_code`, `tracking_code`/`carrier`) and its own
paths, never the native `courier` or `GET /api/v1/couriers` (Dialect.field_names and hints)."""

from __future__ import annotations

import base64

import pytest
from rest_framework.test import APIClient

from api.dialect import Dialect
from core.errors import COURIER_LIST_HINT, FieldError, ServiceError
from dialects.easypost import EASYPOST
from dialects.packagex import PACKAGEX
from dialects.packy import PACKY
from dialects.tracktry import TRACKTRY

UNPLACED = "QWRTX0003506539ZZ"  # a live number no local rule places (and no aggregator here)


def client(**credentials) -> APIClient:
    api = APIClient()
    api.credentials(**credentials)
    return api


def native_words_absent(text: str) -> None:
    assert "`courier`" not in text and "/api/v1" not in text, text


def test_speak_renames_fields_and_paths_and_statuses():
    error = ServiceError(
        "unknown_courier",
        f"Unknown courier code 'x' in `courier`. {COURIER_LIST_HINT}",
        422,
        [FieldError("courier", "`courier` must be a string."), FieldError("courier.name", "x"), FieldError(None, "y")],
    )
    spoken = PACKAGEX.speak(error)
    assert spoken.message == "Unknown courier code 'x' in `provider_id`."
    assert spoken.status == 400
    assert [(e.field, e.message) for e in spoken.errors] == [
        ("provider_id", "`provider_id` must be a string."),
        ("provider_id.name", "x"),
        (None, "y"),
    ]
    packy = PACKY.speak(error)
    assert (
        packy.message == "Unknown courier code 'x' in `courier_code`. GET /packy/v1/couriers lists the supported codes."
    )
    assert packy.status == 422
    assert TRACKTRY.speak(error).errors[0].field == "carrier_code"
    assert EASYPOST.speak(error).errors[0].field == "carrier"
    assert error.message.startswith("Unknown courier code 'x' in `courier`.")  # the original is untouched
    plain = Dialect(name="plain", authenticators=list)
    assert plain.speak(error) is error


@pytest.mark.django_db
def test_packagex_names_provider_id(acme_live_key):
    px = client(HTTP_PX_API_KEY=acme_live_key)
    unknown = px.post(
        "/packagex/v1/trackers", {"tracking_number": "1Z999AA10123456784", "provider_id": "nope"}, format="json"
    )
    error = unknown.json()["error"]
    assert unknown.status_code == 400 and error["errors"] == ["provider_id"] and "`provider_id`" in error["message"]
    native_words_absent(error["message"])
    undetected = px.post("/packagex/v1/trackers", {"tracking_number": UNPLACED}, format="json")
    error = undetected.json()["error"]
    assert undetected.status_code == 400 and error["code"] == "courier_not_detected"
    assert error["errors"] == ["provider_id"] and "pass `provider_id`" in error["message"]
    native_words_absent(error["message"])
    wrong_type = px.post(
        "/packagex/v1/trackers", {"tracking_number": "1Z999AA10123456784", "provider_id": 7}, format="json"
    )
    assert wrong_type.json()["error"]["errors"] == ["provider_id"]
    native_words_absent(wrong_type.json()["error"]["message"])


@pytest.mark.django_db
def test_packy_names_courier_code_and_its_courier_list(acme_live_key):
    packy = client(HTTP_X_API_KEY=acme_live_key)
    body = [{"tracking_number": "1Z999AA10123456784", "courier_code": "nope"}, {"tracking_number": UNPLACED}]
    response = packy.post("/packy/v1/trackings", body, format="json")
    assert response.status_code == 422
    unknown, undetected = response.json()["errors"]
    assert unknown["index"] == 0 and "`courier_code`" in unknown["message"]
    assert "GET /packy/v1/couriers lists the supported codes." in unknown["message"]
    assert undetected["code"] == "courier_not_detected" and "pass `courier_code`" in undetected["message"]
    for item in (unknown, undetected):
        native_words_absent(item["message"])


@pytest.mark.django_db
def test_tracktry_names_carrier_code_and_the_field_that_failed(acme_live_key):
    tracktry = client(HTTP_TRACKTRY_API_KEY=acme_live_key)
    unknown = tracktry.post(
        "/tracktry/v1/trackings/post", {"tracking_number": "1Z999AA10123456784", "carrier_code": "nope"}, format="json"
    ).json()["meta"]
    assert unknown["code"] == 4015 and "`carrier_code`" in unknown["message"]
    assert "GET /tracktry/v1/carriers" in unknown["message"]
    native_words_absent(unknown["message"])
    bad = {"tracking_number": "1Z999AA10123456784", "carrier_code": "ups", "tracking_ship_date": "someday"}
    refused = tracktry.post("/tracktry/v1/trackings/post", bad, format="json")
    meta = refused.json()["meta"]
    assert refused.status_code == 400 and meta["code"] == 4012
    assert "tracking_ship_date" in meta["message"] and " ship_date:" not in meta["message"]
    batch = tracktry.post("/tracktry/v1/trackings/batch", [bad], format="json").json()["data"]
    assert batch["errors"][0]["code"] == 4012 and "tracking_ship_date" in batch["errors"][0]["message"]


@pytest.mark.django_db
def test_tracktry_says_which_endpoint_takes_what(acme_test_key):
    tracktry = client(HTTP_TRACKTRY_API_KEY=acme_test_key)
    one = {"tracking_number": "PKGX-AAAAAAA-0000001", "carrier_code": "usps"}
    to_post = tracktry.post("/tracktry/v1/trackings/post", [one], format="json")
    assert to_post.status_code == 400 and to_post.json()["meta"]["code"] == 4012
    assert "one JSON object" in to_post.json()["meta"]["message"]
    assert "/trackings/batch" in to_post.json()["meta"]["message"]
    to_batch = tracktry.post("/tracktry/v1/trackings/batch", one, format="json")
    assert to_batch.status_code == 400 and "takes an array" in to_batch.json()["meta"]["message"]
    assert "/trackings/post" in to_batch.json()["meta"]["message"]


@pytest.mark.django_db
def test_easypost_names_tracking_code_and_carrier(acme_live_key):
    basic = base64.b64encode(f"{acme_live_key}:".encode()).decode()
    easypost = client(HTTP_AUTHORIZATION=f"Basic {basic}")
    unknown = easypost.post(
        "/easypost/v2/trackers", {"tracker": {"tracking_code": "1Z999AA10123456784", "carrier": "nope"}}, format="json"
    ).json()["error"]
    assert [e["field"] for e in unknown["errors"]] == ["carrier"] and "`carrier`" in unknown["message"]
    native_words_absent(unknown["message"])
    missing = easypost.post("/easypost/v2/trackers", {"tracker": {"carrier": "UPS"}}, format="json").json()["error"]
    assert [e["field"] for e in missing["errors"]] == ["tracking_code"]


@pytest.mark.django_db
def test_an_unknown_field_is_named_as_the_caller_sent_it(acme_test_key):
    px = client(HTTP_PX_API_KEY=acme_test_key)
    refused = px.post(
        "/packagex/v1/trackers", {"tracking_number": "PKGX-AAAAAAA-0000001", "courier": "usps"}, format="json"
    )
    error = refused.json()["error"]
    assert refused.status_code == 400 and error["code"] == "unknown_field" and error["errors"] == ["courier"]


@pytest.mark.django_db
def test_aftership_names_slug_and_its_courier_list(acme_live_key):
    aftership = client(HTTP_AS_API_KEY=acme_live_key)
    body = {"tracking_number": "1Z999AA10123456784", "slug": "nope"}
    message = aftership.post("/tracking/2026-07/trackings", body, format="json").json()["meta"]["message"]
    assert "`slug`" in message and "GET /tracking/2026-07/couriers" in message
    native_words_absent(message)
