"""General service behaviours that dialects rely on, tested at the service door: Tracktry's fields,
unknown fields refused, auto_correct, a tracker found by (courier, number) or by its hex id."""

from __future__ import annotations

import pytest

from accounts.models import Mode
from core.errors import ServiceError
from core.ids import hex_form
from trackers import services
from trackers.models import Tracker


def test_tracktry_fields_are_stored_and_shown(acme):
    fields = {"destination_code": "us", "logistics_channel": "4PX", "tracking_account_number": "A-1"}
    tracker = services.create_tracker(acme, Mode.TEST, "PKGX-AAAAAAA-0000001", None, fields).tracker
    tracker.refresh_from_db()
    assert (tracker.destination_code, tracker.logistics_channel, tracker.tracking_account_number) == (
        "us",
        "4PX",
        "A-1",
    )


def test_a_batch_item_with_an_unknown_field_is_refused_and_names_it(acme):
    items = [{"tracking_number": "PKGX-AAAAAAA-0000001", "provider_id": "ups", "carrier_code": "ups"}]
    [result] = services.create_trackers(acme, Mode.TEST, items)
    assert result.creation is None and result.error is not None
    assert result.error.code == "unknown_field"
    assert [e.field for e in result.error.errors] == ["carrier_code", "provider_id"]
    assert not Tracker.objects.exists()


def test_auto_correct_replaces_only_a_courier_the_number_does_not_match(acme):
    wrong = services.create_tracker(acme, Mode.LIVE, "1Z999AA10123456784", "usps", auto_correct=True).tracker
    assert wrong.courier == "ups"
    kept = services.create_tracker(acme, Mode.LIVE, "1Z999AA10123456784", "usps").tracker
    assert kept.courier == "usps"


def test_auto_correct_flag_must_be_a_yes_or_no_value(acme):
    [result] = services.create_trackers(
        acme, Mode.LIVE, [{"tracking_number": "1Z999AA10123456784", "auto_correct": "maybe"}]
    )
    assert result.error is not None and result.error.code == "invalid_flag"


def test_a_pair_is_addressed_and_unique_when_asked(acme, globex):
    first = services.create_tracker(acme, Mode.TEST, "PKGX-AAAAAAA-0000001", "usps").tracker
    assert services.get_tracker(acme, Mode.TEST, courier="USPS", tracking_number="pkgx-aaaaaaa-0000001") == first
    with pytest.raises(ServiceError) as exists:
        services.create_tracker(acme, Mode.TEST, "PKGX-AAAAAAA-0000001", "usps", unique_pair=True)
    assert exists.value.code == "tracker_exists" and exists.value.status == 409
    # Without the flag test mode makes a second one, and the pair then names the newest.
    second = services.create_tracker(acme, Mode.TEST, "PKGX-AAAAAAA-0000001", "usps").tracker
    assert services.get_tracker(acme, Mode.TEST, courier="usps", tracking_number="PKGX-AAAAAAA-0000001") == second
    for org, mode, courier in ((globex, Mode.TEST, "usps"), (acme, Mode.LIVE, "usps"), (acme, Mode.TEST, "ups")):
        with pytest.raises(ServiceError) as missing:
            services.get_tracker(org, mode, courier=courier, tracking_number="PKGX-AAAAAAA-0000001")
        assert missing.value.status == 404


def test_every_tracker_has_its_hex_form_and_is_found_by_it(acme, globex):
    tracker = services.create_tracker(acme, Mode.TEST, "PKGX-AAAAAAA-0000001").tracker
    tracker.refresh_from_db()
    assert tracker.hex_id == hex_form(tracker.public_id) and len(tracker.hex_id) == 32
    assert services.get_tracker(acme, Mode.TEST, hex_id=tracker.hex_id.upper()) == tracker
    for org, value in ((globex, tracker.hex_id), (acme, "0" * 32), (acme, tracker.public_id)):
        with pytest.raises(ServiceError):
            services.get_tracker(org, Mode.TEST, hex_id=value)


def test_the_native_api_refuses_fields_it_used_to_drop_and_shows_the_new_ones(api):
    refused = api.post(
        "/api/v1/trackers", {"tracking_number": "PKGX-AAAAAAA-0000001", "provider_id": "ups"}, format="json"
    )
    assert refused.status_code == 422
    [item] = refused.json()["errors"]
    assert item["error"]["code"] == "unknown_field" and item["error"]["errors"][0]["field"] == "provider_id"
    created = api.post(
        "/api/v1/trackers", {"tracking_number": "PKGX-AAAAAAA-0000001", "logistics_channel": "4PX"}, format="json"
    )
    [tracker] = created.json()["data"]
    assert tracker["logistics_channel"] == "4PX" and tracker["destination_code"] == ""
    assert "tracking_account_number" in tracker


def test_the_dashboard_shows_and_edits_the_new_fields(acme, alice):
    from django.test import Client

    tracker = services.create_tracker(
        acme, Mode.TEST, "PKGX-AAAAAAA-0000001", None, {"logistics_channel": "4PX"}
    ).tracker
    client = Client()
    client.force_login(alice)
    page = client.get(f"/dashboard/trackers/{tracker.public_id}/").content.decode()
    assert "Logistics channel" in page and 'value="4PX"' in page
    client.post(f"/dashboard/trackers/{tracker.public_id}/", {"logistics_channel": "4PX", "destination_code": "us"})
    tracker.refresh_from_db()
    assert tracker.destination_code == "us"
