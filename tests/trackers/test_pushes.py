"""Carrier pushes over HTTP: signed as each sender documents, applied through the refresh code.

17TRACK signs `sign` = sha256(raw body + "/" + security key), hex; UPS Track Alert sends back the
`credential` we subscribed with. Both are posted here through Django's test client as raw bodies.
"""

from __future__ import annotations

import copy
import hashlib
import json
from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from accounts.models import Mode
from carriers.statuses import Status
from events.models import Event, EventType
from tests.carriers import documents as ups_doc
from tests.carriers import seventeentrack_documents as doc
from tests.factories import OrganizationFactory, TrackerFactory
from tests.httpserver import Canned
from trackers import services
from trackers.models import Tracker, TrackingEvent
from trackers.refresh import refresh_trackers

KEY = "17track-security-key"
CREDENTIAL = "ups-push-credential"
NOW = datetime(2026, 3, 10, 9, tzinfo=UTC)
SYNCED = datetime(2026, 3, 10, 8, 40, 12, tzinfo=UTC)  # the documents' providers[].latest_sync_time
URL_17 = "/carriers/push/17track"
URL_UPS = "/carriers/push/ups"
INFO = "/track/v2.2/gettrackinfo"


@pytest.fixture
def aggregator(settings, http_server):
    settings.CARRIER_SETTINGS = {
        **settings.CARRIER_SETTINGS,
        "17track": {"base_url": http_server.url, "api_key": "17-key"},
    }
    settings.SEVENTEENTRACK_PUSH_KEY = KEY
    settings.CARRIER_TIMEOUT = 10
    return http_server


def pushed(answer: dict, event: str = "TRACKING_UPDATED", synced: str | None = None) -> bytes:
    """A webhook body carrying one gettrackinfo item, as 17TRACK posts it."""
    item = copy.deepcopy(answer["data"]["accepted"][0])
    if synced:
        item["track_info"]["tracking"]["providers"][0]["latest_sync_time"] = synced
    return json.dumps({"event": event, "data": item}).encode()


def sign(body: bytes, key: str = KEY) -> str:
    return hashlib.sha256(body + b"/" + key.encode()).hexdigest()


def post(client, body: bytes, signature: str | None = None, url: str = URL_17, **headers):
    if signature is not None:
        headers["HTTP_SIGN"] = signature
    return client.post(url, data=body, content_type="application/json", **headers)


def live(org, number=doc.NUMBER, courier="yanwen", **fields) -> Tracker:
    fields.setdefault("next_refresh_at", NOW + timedelta(hours=4))
    return TrackerFactory(
        organization=org,
        mode=Mode.LIVE,
        tracking_number=number,
        courier=courier,
        created_at=NOW - timedelta(days=6),
        **fields,
    )


def updates() -> list[Event]:
    return list(Event.objects.filter(type=EventType.TRACKER_UPDATED).order_by("id"))


def state(tracker: Tracker) -> dict:
    row = Tracker.objects.filter(pk=tracker.pk).values().get()
    return {**row, "events": TrackingEvent.objects.filter(tracker=tracker).count()}


@time_machine.travel(NOW, tick=False)
def test_a_signed_push_applies_its_events_and_emits_one_update(client, aggregator, acme):
    tracker = live(acme)
    body = pushed(doc.IN_TRANSIT)
    response = post(client, body, sign(body))
    assert response.status_code == 200
    assert response.json() == {"received": True, "trackers": 1, "changed": 1}
    tracker.refresh_from_db()
    assert tracker.status == Status.OUT_FOR_DELIVERY
    assert TrackingEvent.objects.filter(tracker=tracker).count() == 5
    assert [e.subject_id for e in updates()] == [tracker.public_id]
    # Freshness as a poll leaves it: checked when 17TRACK last asked the carrier; polling slows.
    assert tracker.last_refreshed_at == SYNCED
    assert tracker.pushed_at == NOW
    assert tracker.next_refresh_at == SYNCED + timedelta(hours=12)
    assert tracker.staleness_reason == ""
    assert aggregator.hits("POST", INFO) == []  # nothing was asked of 17TRACK


@pytest.mark.parametrize(
    ("signature", "configured", "status", "code"),
    [
        (None, True, 401, "signature_missing"),
        ("0" * 64, True, 401, "signature_invalid"),
        ("other key", True, 401, "signature_invalid"),
        ("tampered", True, 401, "signature_invalid"),
        ("good", False, 403, "push_not_configured"),
    ],
)
@time_machine.travel(NOW, tick=False)
def test_a_push_not_signed_with_our_key_changes_nothing(
    client, aggregator, settings, acme, signature, configured, status, code
):
    tracker = live(acme)
    before = state(tracker)
    body = pushed(doc.IN_TRANSIT)
    header = {"other key": sign(body, "not-our-key"), "tampered": sign(body + b" "), "good": sign(body)}.get(
        signature, signature
    )
    if not configured:
        settings.SEVENTEENTRACK_PUSH_KEY = ""
    response = post(client, body, header)
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"]["code"] == code
    assert state(tracker) == before
    assert updates() == []


@time_machine.travel(NOW, tick=False)
def test_a_repeated_push_is_idempotent(client, aggregator, acme):
    tracker = live(acme)
    body = pushed(doc.IN_TRANSIT)
    for _ in range(3):
        assert post(client, body, sign(body)).status_code == 200
    assert TrackingEvent.objects.filter(tracker=tracker).count() == 5
    assert len(updates()) == 1


def test_an_older_push_arriving_late_never_regresses_the_tracker(client, aggregator, acme):
    tracker = live(acme)
    newer = pushed(doc.delivered(), synced="2026-03-10T11:10:00Z")
    older = pushed(doc.IN_TRANSIT, synced="2026-03-10T08:40:12Z")
    with time_machine.travel(NOW + timedelta(hours=3), tick=False):
        assert post(client, newer, sign(newer)).status_code == 200
        assert post(client, older, sign(older)).status_code == 200
    tracker.refresh_from_db()
    assert tracker.status == Status.DELIVERED
    assert tracker.last_refreshed_at == datetime(2026, 3, 10, 11, 10, tzinfo=UTC)
    assert TrackingEvent.objects.filter(tracker=tracker).count() == 6
    assert len(updates()) == 1


@time_machine.travel(NOW, tick=False)
def test_a_sender_clock_ahead_of_ours_is_taken_as_now(client, aggregator, acme):
    tracker = live(acme)
    body = pushed(doc.IN_TRANSIT, synced="2026-03-11T09:00:00Z")
    assert post(client, body, sign(body)).status_code == 200
    tracker.refresh_from_db()
    assert tracker.last_refreshed_at == NOW


@time_machine.travel(NOW, tick=False)
def test_an_unknown_number_is_taken_and_changes_nothing(client, aggregator, acme):
    tracker = live(acme, number="UG000000000YW")
    before = state(tracker)
    body = pushed(doc.IN_TRANSIT)
    response = post(client, body, sign(body))
    assert response.status_code == 200
    assert response.json()["trackers"] == 0
    assert state(tracker) == before
    assert updates() == []


@time_machine.travel(NOW, tick=False)
def test_every_organization_tracking_the_number_gets_it_in_its_own_tracker(client, aggregator, acme, globex):
    mine, theirs = live(acme), live(globex)
    sandboxed = TrackerFactory(organization=acme, mode=Mode.TEST, tracking_number=doc.NUMBER, courier="yanwen")
    other_courier = live(OrganizationFactory(), courier="sandbox")
    untouched = [state(sandboxed), state(other_courier)]
    body = pushed(doc.IN_TRANSIT)
    assert post(client, body, sign(body)).json()["trackers"] == 2
    for tracker in (mine, theirs):
        tracker.refresh_from_db()
        assert tracker.status == Status.OUT_FOR_DELIVERY
        assert TrackingEvent.objects.filter(tracker=tracker).count() == 5
    assert sorted((e.organization_id, e.subject_id) for e in updates()) == sorted(
        [(acme.pk, mine.public_id), (globex.pk, theirs.public_id)]
    )
    assert [state(sandboxed), state(other_courier)] == untouched


def test_polling_slows_while_pushes_arrive_and_recovers_when_they_stop(client, aggregator, acme):
    aggregator.add("POST", INFO, Canned(200, doc.IN_TRANSIT), Canned(200, doc.IN_TRANSIT))
    tracker = live(acme)
    with time_machine.travel(NOW, tick=False) as clock:
        body = pushed(doc.IN_TRANSIT)
        post(client, body, sign(body))
        tracker.refresh_from_db()
        assert tracker.next_refresh_at == SYNCED + timedelta(hours=12)  # out for delivery alone: 30 min
        clock.move_to(tracker.next_refresh_at)
        refresh_trackers([tracker])  # the fallback poll, while pushes still come
        assert tracker.next_refresh_at == SYNCED + timedelta(hours=24)
        clock.move_to(NOW + timedelta(hours=48))  # no push for PUSH_SILENCE_HOURS
        refresh_trackers([tracker])
        assert tracker.next_refresh_at == NOW + timedelta(hours=48, minutes=30)
    assert len(aggregator.hits("POST", INFO)) == 2


@time_machine.travel(NOW, tick=False)
def test_tracking_stopped_returns_the_tracker_to_normal_polling(client, aggregator, acme):
    tracker = live(acme)
    body = pushed(doc.IN_TRANSIT)
    post(client, body, sign(body))
    stopped = json.dumps({"event": "TRACKING_STOPPED", "data": {"number": doc.NUMBER, "carrier": doc.YANWEN}}).encode()
    assert post(client, stopped, sign(stopped)).status_code == 200
    tracker.refresh_from_db()
    assert tracker.pushed_at is None
    assert tracker.next_refresh_at == NOW
    assert tracker.status == Status.OUT_FOR_DELIVERY


@time_machine.travel(NOW, tick=False)
def test_refusals_are_json_and_change_nothing(client, aggregator, settings, acme):
    tracker = live(acme)
    before = state(tracker)
    answer = client.get(URL_17)
    assert (answer.status_code, answer.json()["error"]["code"], answer["Allow"]) == (405, "method_not_allowed", "POST")
    not_json = b"{not json"
    assert post(client, not_json, sign(not_json)).json()["error"]["code"] == "invalid_json"
    unknown = json.dumps({"event": "SOMETHING_ELSE", "data": {}}).encode()
    assert post(client, unknown, sign(unknown)).status_code == 400
    settings.PUSH_MAX_BYTES = 100
    big = pushed(doc.IN_TRANSIT)
    assert post(client, big, sign(big)).status_code == 413
    settings.PUSH_MAX_BYTES = 1_000_000
    nul = b'{"event": "TRACKING_UPDATED", "data": {"number": "\\u0000"}}'
    response = post(client, nul, sign(nul))
    assert response.status_code == 400 and response.json()["error"]["code"]
    assert state(tracker) == before


# --- UPS Track Alert ----------------------------------------------------------------------------


@pytest.fixture
def ups_alert(settings, http_server):
    settings.CARRIER_SETTINGS = {
        **settings.CARRIER_SETTINGS,
        "ups": {"base_url": http_server.url, "client_id": "ups-id", "client_secret": "ups-secret"},
    }
    settings.UPS_PUSH_CREDENTIAL = CREDENTIAL
    settings.CARRIER_TIMEOUT = 10
    http_server.add("POST", "/security/v1/oauth/token", Canned(200, ups_doc.UPS_TOKEN))
    return http_server


def scan(number: str = ups_doc.UPS_NUMBER) -> bytes:
    """An out-for-delivery scan as Track Alert posts it (the documentation's example, our number)."""
    return json.dumps(
        {
            "trackingNumber": number,
            "localActivityDate": "20260305",
            "localActivityTime": "074512",
            "activityLocation": {"city": "El Paso", "stateProvince": "TX", "postalCode": "", "country": "US"},
            "activityStatus": {
                "type": "I",
                "code": "OT",
                "description": "Out For Delivery Today",
                "descriptionCode": "021",
            },
            "scheduledDeliveryDate": "20260305",
            "actualDeliveryDate": "",
            "actualDeliveryTime": "",
            "gmtActivityDate": "20260305",
            "gmtActivityTime": "144512",
            "deliveryStartTime": "",
            "deliveryEndTime": "",
            "deliveryTimeDescription": "end of day",
        }
    ).encode()


def test_a_ups_push_has_the_tracker_ask_the_track_api_at_once(client, ups_alert, acme):
    ups_alert.add("GET", f"/api/track/v1/details/{ups_doc.UPS_NUMBER}", Canned(200, ups_doc.UPS_TRACKING))
    tracker = live(acme, number=ups_doc.UPS_NUMBER, courier="ups")
    with time_machine.travel(NOW, tick=False) as clock:
        response = post(client, scan(), url=URL_UPS, HTTP_CREDENTIAL=CREDENTIAL)
        assert response.json() == {"received": True, "trackers": 1, "changed": 0}
        tracker.refresh_from_db()
        assert (tracker.next_refresh_at, tracker.pushed_at) == (NOW, NOW)
        assert updates() == []  # nothing applied before UPS's own answer
        clock.shift(60)
        refresh_trackers([tracker])  # what the scheduler's next tick does
    assert tracker.status == Status.OUT_FOR_DELIVERY
    assert TrackingEvent.objects.filter(tracker=tracker).count() == 5
    assert len(updates()) == 1
    assert tracker.next_refresh_at == NOW + timedelta(seconds=60, hours=12)  # a fallback while UPS pushes


@pytest.mark.parametrize(("header", "status"), [(None, 401), ("wrong", 401), (CREDENTIAL, 403)])
@time_machine.travel(NOW, tick=False)
def test_a_ups_push_without_our_credential_changes_nothing(client, ups_alert, settings, acme, header, status):
    tracker = live(acme, number=ups_doc.UPS_NUMBER, courier="ups")
    before = state(tracker)
    if status == 403:
        settings.UPS_PUSH_CREDENTIAL = ""
    headers = {"HTTP_CREDENTIAL": header} if header else {}
    response = post(client, scan(), url=URL_UPS, **headers)
    assert response.status_code == status
    assert state(tracker) == before


@time_machine.travel(NOW, tick=False)
def test_a_ups_push_for_a_number_nobody_tracks_or_another_courier_changes_nothing(client, ups_alert, acme):
    yanwen = live(acme, number=ups_doc.UPS_NUMBER, courier="yanwen")
    before = state(yanwen)
    assert post(client, scan(), url=URL_UPS, HTTP_CREDENTIAL=CREDENTIAL).status_code == 200
    assert state(yanwen) == before


def test_a_new_live_ups_tracker_is_subscribed_to_track_alert(
    ups_alert, acme, settings, django_capture_on_commit_callbacks
):
    settings.PUBLIC_BASE_URL = "https://track.example.com"
    subscribe = "/api/track/v1/subscription/standard/package"
    ups_alert.add("POST", subscribe, Canned(200, {"validTrackingNumbers": [ups_doc.UPS_NUMBER]}))
    with django_capture_on_commit_callbacks(execute=True):
        services.create_tracker(acme, Mode.LIVE, ups_doc.UPS_NUMBER, "ups", enqueue=False)
        services.create_tracker(acme, Mode.LIVE, doc.NUMBER, "yanwen", enqueue=False)  # not UPS: no subscription
    # Tests run queued tasks in the calling process (tests/conftest.py): the subscription has run.
    assert len(ups_alert.hits("POST", subscribe)) == 1
    sent = ups_alert.hits("POST", subscribe)[0]
    assert sent.headers["Authorization"] == "Bearer ups-token-1"
    assert json.loads(sent.body) == {
        "locale": "en_US",
        "countryCode": "US",
        "trackingNumberList": [ups_doc.UPS_NUMBER],
        "destination": {
            "url": "https://track.example.com/carriers/push/ups",
            "credentialType": "Bearer",
            "credential": CREDENTIAL,
        },
    }
