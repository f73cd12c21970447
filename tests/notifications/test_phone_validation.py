"""customer_phone is checked and stored as E.164 by the one input door (trackers.validation)."""

from __future__ import annotations

import pytest

from trackers.models import Tracker


@pytest.mark.parametrize(
    ("sent", "extra", "stored"),
    [
        ("+1 (415) 555-2671", {}, "+14155552671"),
        ("86 135 3021 8545", {}, "+8613530218545"),  # Tracktry's example, written without the plus
        ("0044 7911 123456", {}, "+447911123456"),
        ("06 12 34 56 78", {"destination_country": "FR"}, "+33612345678"),
        ("", {}, ""),
    ],
)
def test_valid_numbers_are_stored_in_e164(api, sent, extra, stored):
    response = api.post(
        "/api/v1/trackers", {"tracking_number": "PKGX-AAAAAAA-3333333", "customer_phone": sent, **extra}, format="json"
    )
    assert response.status_code == 201, response.content
    data = response.json()["data"][0]
    assert data["customer_phone"] == stored
    assert Tracker.objects.get(public_id=data["id"]).customer_phone == stored


@pytest.mark.parametrize("sent", ["12345", "+1 555", "not a number", "+99 123 456 789", "06 12 34 56 78"])
def test_invalid_numbers_are_refused_with_a_clear_error(api, sent):
    response = api.post(
        "/api/v1/trackers", {"tracking_number": "PKGX-AAAAAAA-3333333", "customer_phone": sent}, format="json"
    )
    assert response.status_code == 422, response.content
    error = response.json()["errors"][0]["error"]
    assert error["code"] == "invalid_fields"
    assert error["errors"] == [
        {
            "field": "customer_phone",
            "message": "Enter a valid phone number with its country code, e.g. +1 415 555 2671 or +44 7911 123456.",
        }
    ]
    assert not Tracker.objects.exists()


def test_an_update_with_an_invalid_number_changes_nothing(api):
    created = api.post(
        "/api/v1/trackers", {"tracking_number": "PKGX-AAAAAAA-3333333", "customer_phone": "+14155552671"}, format="json"
    ).json()["data"][0]
    response = api.patch(f"/api/v1/trackers/{created['id']}", {"customer_phone": "555", "title": "new"}, format="json")
    assert response.status_code == 400
    assert response.json()["error"]["errors"][0]["field"] == "customer_phone"
    tracker = Tracker.objects.get(public_id=created["id"])
    assert tracker.customer_phone == "+14155552671" and tracker.title == ""


def test_the_dashboard_shows_the_phone_error_and_saves_nothing(alice, acme):
    from tests.dashboard.conftest import login
    from trackers import services

    tracker = services.create_tracker(acme, "test", "PKGX-AAAAAAA-3333334", enqueue=False).tracker
    client = login(alice)
    page = client.post(f"/dashboard/trackers/{tracker.public_id}/", {"customer_phone": "555-0100", "title": "x"})
    assert page.status_code == 200
    assert "Enter a valid phone number with its country code" in page.content.decode()
    tracker.refresh_from_db()
    assert tracker.customer_phone == "" and tracker.title == ""
    saved = client.post(f"/dashboard/trackers/{tracker.public_id}/", {"customer_phone": "+44 7911 123456"})
    assert saved.status_code == 302
    tracker.refresh_from_db()
    assert tracker.customer_phone == "+447911123456"
