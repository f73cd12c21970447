"""The tracker page's Courier panel: detected candidates for a first guess that found nothing, a
one-click change through the carrier-change service, the superseded events marked, retrack."""

from __future__ import annotations

import pytest

from accounts.models import Mode
from carriers.statuses import Detail, Status
from events.models import Event, EventType
from tests.factories import TrackerFactory, TrackingEventFactory
from trackers.models import Tracker

pytestmark = pytest.mark.django_db

NUMBER = "123456789012"  # FedEx's format with a valid check digit, and GLS's


@pytest.fixture
def live_client(alice_client):
    alice_client.post("/dashboard/switch/", {"mode": "live"})
    return alice_client


def test_a_tracker_that_found_nothing_offers_the_candidates_and_one_click_changes(live_client, acme):
    tracker = TrackerFactory(
        organization=acme, mode=Mode.LIVE, tracking_number=NUMBER, courier="gls", status_detail=Detail.NOT_FOUND_YET
    )
    url = f"/dashboard/trackers/{tracker.public_id}/"
    body = live_client.get(url).content.decode()
    assert "data-candidates" in body and "check digit valid" in body
    assert 'name="courier" value="gls"' not in body  # its own courier is not offered
    assert 'name="courier" value="fedex"' in body
    response = live_client.post(url + "courier/", {"courier": "fedex"}, follow=True)
    assert "Courier changed to FedEx" in response.content.decode()
    tracker.refresh_from_db()
    assert tracker.courier == "fedex" and tracker.courier_changes == 1
    update = Event.objects.get(type=EventType.TRACKER_UPDATED)
    assert update.previous_attributes["courier"] == "gls"


def test_a_tracker_with_events_offers_no_candidates_but_marks_superseded_ones(alice_client, acme):
    tracker = TrackerFactory(organization=acme, courier="usps", status=Status.IN_TRANSIT)
    TrackingEventFactory(tracker=tracker, courier="usps", message="Arrived at Chicago hub")
    Tracker.objects.filter(pk=tracker.pk).update(last_event_at=tracker.created_at)
    url = f"/dashboard/trackers/{tracker.public_id}/"
    assert "data-candidates" not in alice_client.get(url).content.decode()
    alice_client.post(url + "courier/", {"courier": "ups"})
    body = alice_client.get(url).content.decode()
    assert "Arrived at Chicago hub" in body and "tl-superseded" in body and "1 superseded" in body
    assert "superseded: reported by USPS" in body


def test_past_the_limit_the_page_says_so_and_a_post_is_refused(alice_client, acme, settings):
    settings.CARRIER_CHANGE_LIMIT = 1
    tracker = TrackerFactory(organization=acme, courier="usps")
    url = f"/dashboard/trackers/{tracker.public_id}/"
    alice_client.post(url + "courier/", {"courier": "ups"})
    body = alice_client.get(url).content.decode()
    assert "changed as often as allowed" in body
    response = alice_client.post(url + "courier/", {"courier": "fedex"}, follow=True)
    assert "the most allowed (1)" in response.content.decode()
    tracker.refresh_from_db()
    assert tracker.courier == "ups"


def test_retrack_button_resumes_a_stopped_tracker(alice_client, acme):
    tracker = TrackerFactory(organization=acme, active=False, next_refresh_at=None)
    url = f"/dashboard/trackers/{tracker.public_id}/"
    assert "retrack/" in alice_client.get(url).content.decode()
    response = alice_client.post(url + "retrack/", follow=True)
    assert "Retracked" in response.content.decode()
    tracker.refresh_from_db()
    assert tracker.active and tracker.next_refresh_at is not None
    assert "retrack/" not in alice_client.get(url).content.decode()
    refused = alice_client.post(url + "retrack/", follow=True)
    assert "only an expired or completed one" in refused.content.decode()


def test_another_organizations_tracker_is_a_404(bob_client, acme):
    tracker = TrackerFactory(organization=acme, courier="usps", active=False, next_refresh_at=None)
    url = f"/dashboard/trackers/{tracker.public_id}/"
    assert bob_client.post(url + "courier/", {"courier": "ups"}).status_code == 404
    assert bob_client.post(url + "retrack/").status_code == 404
    tracker.refresh_from_db()
    assert tracker.courier == "usps" and not tracker.active


def test_the_change_form_names_no_courier_until_one_is_chosen(alice_client, acme):
    tracker = TrackerFactory(organization=acme, courier="ups")
    url = f"/dashboard/trackers/{tracker.public_id}/"
    body = alice_client.get(url).content.decode()
    assert '<option value="" selected>Choose a courier…</option>' in body
    response = alice_client.post(url + "courier/", {"courier": ""}, follow=True)
    assert "Choose a courier from the list." in response.content.decode()
    tracker.refresh_from_db()
    assert tracker.courier == "ups" and tracker.courier_changes == 0
