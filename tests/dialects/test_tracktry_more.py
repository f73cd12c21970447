"""Tracktry beyond the first call: its own carrier codes accepted and answered both ways, checkpoint
dates with their offset, `original_country` and `destination_info` filled when known."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import Mode
from dialects.tracktry import tables
from tests.factories import TrackerFactory, TrackingEventFactory
from trackers.models import Tracker

BASE = "/tracktry/v1"


@pytest.fixture
def live(acme_live_key) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_TRACKTRY_API_KEY=acme_live_key)
    return client


def test_tracktrys_own_carrier_codes_are_accepted_and_answered(live):
    # deutsch-post needs a ship date and postnl-3s a postal code and country: Tracktry's own examples.
    post = {"tracking_number": "RR123456785DE", "carrier_code": "deutsch-post", "tracking_ship_date": "20260401"}
    created = live.post(f"{BASE}/trackings/post", post, format="json")
    assert created.status_code == 201, created.json()
    assert created.json()["data"]["carrier_code"] == "deutsch-post"
    assert Tracker.objects.get().courier == "deutsche-post"
    batch = [
        {
            "tracking_number": "3SABCD1234567",
            "carrier_code": "postnl-3s",
            "tracking_postal_code": "2595 AA",
            "tracking_destination_country": "NL",
        }
    ]
    added = live.post(f"{BASE}/trackings/batch", batch, format="json").json()["data"]
    assert added["added"] == 1 and added["trackings"][0]["carrier_code"] == "postnl-3s"
    assert Tracker.objects.get(tracking_number="3SABCD1234567").courier == "postnl"
    # Addressed, listed, updated and deleted by Tracktry's code.
    got = live.get(f"{BASE}/trackings/deutsch-post/RR123456785DE")
    assert got.status_code == 200 and got.json()["data"]["tracking_ship_date"] == "20260401"
    listed = live.get(f"{BASE}/trackings/get", {"carrier_code": "postnl-3s"}).json()["data"]["items"]
    assert [i["tracking_number"] for i in listed] == ["3SABCD1234567"]
    assert live.put(f"{BASE}/trackings/postnl-3s/3SABCD1234567", {"title": "t"}, format="json").status_code == 200
    gone = live.delete(f"{BASE}/trackings/deutsch-post/RR123456785DE").json()["data"]
    assert gone == {"tracking_number": "RR123456785DE", "carrier_code": "deutsch-post"}
    codes = {c["code"] for c in live.get(f"{BASE}/carriers").json()["data"]}
    assert {"deutsch-post", "postnl-3s", "usps", "4px"} <= codes and "deutsche-post" not in codes


def test_the_code_table_maps_both_ways():
    for theirs, ours in tables.CARRIER_CODES:
        assert tables.courier_code(theirs) == ours
        assert tables.courier_code(tables.carrier_code(ours)) == ours
    assert tables.courier_code("DEUTSCH-POST") == "deutsche-post"
    assert tables.courier_code("usps") == "usps" and tables.carrier_code("usps") == "usps"


def test_checkpoints_carry_their_offset_and_countries_are_filled(acme, live):
    tracker = TrackerFactory(
        organization=acme,
        mode=Mode.LIVE,
        courier="china-post",
        tracking_number="RR123456785CN",
        destination_country="US",
    )
    when = datetime(2026, 4, 1, 2, 8, tzinfo=UTC)
    TrackingEventFactory(
        tracker=tracker, occurred_at=when, city="Shenzhen", state="", country="CN", time_zone="Asia/Shanghai"
    )
    TrackingEventFactory(
        tracker=tracker,
        occurred_at=datetime(2026, 4, 5, 15, 0, tzinfo=UTC),
        city="Chicago",
        country="US",
        time_zone="America/Chicago",
    )
    TrackingEventFactory(
        tracker=tracker, occurred_at=datetime(2026, 4, 6, 9, 0, tzinfo=UTC), city="", country="", time_zone=None
    )
    data = live.get(f"{BASE}/trackings/china-post/RR123456785CN").json()["data"]
    assert data["original_country"] == "CN" and data["destination_country"] == "US"
    origin = data["origin_info"]["trackinfo"]
    destination = data["destination_info"]["trackinfo"]
    assert [c["Date"] for c in origin] == ["2026-04-06 09:00:00+00:00", "2026-04-01 10:08:00+08:00"]
    assert [c["Date"] for c in destination] == ["2026-04-05 10:00:00-05:00"]
    assert data["lastUpdateTime"] == "2026-04-06 09:00:00+00:00"
    # Without a destination country nothing is split; the first scan's country still names the origin.
    tracker.destination_country, tracker.updated_at = "", timezone.now()
    tracker.save()
    data = live.get(f"{BASE}/trackings/china-post/RR123456785CN").json()["data"]
    assert len(data["origin_info"]["trackinfo"]) == 3 and data["destination_info"]["trackinfo"] == []
    assert data["original_country"] == "CN"
