"""The sandbox timeline: a pure function of (number, creation time, now), for every forced status."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from accounts.models import Mode
from carriers.sandbox import route, timeline
from carriers.statuses import Detail, Status
from trackers import services

T0 = datetime(2026, 3, 1, 12, 0, 0, tzinfo=UTC)
STEP = 60
FAR = T0 + timedelta(hours=1)

PKGX_FINALS = [
    ("PKGX-AAAAAAA-1234567", Status.DELIVERED, Detail.DELIVERED),
    ("PKGX-BBBBBBB-1234567", Status.DELIVERED, Detail.PICKED_UP),
    ("PKGX-CCCCCCC-1234567", Status.ERROR, Detail.CONTACT_PROVIDER),
    ("PKGX-DDDDDDD-1234567", Status.FAILURE, Detail.PACKAGE_DAMAGED),
    ("PKGX-EEEEEEE-1234567", Status.FAILURE, Detail.PACKAGE_UNDELIVERABLE),
    ("PKGX-FFFFFFF-1234567", Status.FAILURE, Detail.PACKAGE_LOST),
    ("PKGX-GGGGGGG-1234567", Status.FAILURE, Detail.ADDRESS_ISSUE),
    ("PKGX-HHHHHHH-1234567", Status.RETURN_TO_SENDER, Detail.RETURN_TO_SENDER),
    ("PKGX-IIIIIII-1234567", Status.CANCELED, Detail.CANCELED),
    ("PKGX-XYZ1234-1234567", Status.DELIVERED, Detail.DELIVERED),  # any other block: the default
]

EZ_FINALS = [
    ("EZ1000000001", Status.PRE_TRANSIT),
    ("EZ2000000002", Status.IN_TRANSIT),
    ("EZ3000000003", Status.OUT_FOR_DELIVERY),
    ("EZ4000000004", Status.DELIVERED),
    ("EZ5000000005", Status.RETURN_TO_SENDER),
    ("EZ6000000006", Status.FAILURE),
    ("EZ7000000007", Status.UNKNOWN),
]


@pytest.mark.parametrize(("number", "status", "detail"), PKGX_FINALS)
def test_pkgx_numbers_progress_then_end_in_their_forced_status(number, status, detail):
    result = timeline(number, T0, FAR, STEP)
    assert (result.status, result.status_detail) == (status, detail)
    assert result.complete
    statuses = [e.status for e in result.events]
    assert statuses[0] == Status.PRE_TRANSIT and result.events[0].status_detail == Detail.LABEL_CREATED
    assert statuses[1] == Status.IN_TRANSIT
    facility_scans = [e for e in result.events if e.status_detail == Detail.ARRIVED_AT_FACILITY]
    assert 2 <= len(facility_scans) <= 3
    assert len({e.city for e in facility_scans}) == len(facility_scans)
    expected_penultimate = Status.AVAILABLE_FOR_PICKUP if detail == Detail.PICKED_UP else Status.OUT_FOR_DELIVERY
    assert statuses[-2] == expected_penultimate
    # One step a minute, in order.
    times = [e.occurred_at for e in result.events]
    assert times == [T0 + timedelta(seconds=STEP * i) for i in range(len(times))]


@pytest.mark.parametrize(("number", "status"), EZ_FINALS)
def test_easypost_test_codes_stop_at_their_status(number, status):
    result = timeline(number, T0, FAR, STEP)
    assert result.status == status
    assert result.complete
    if status == Status.UNKNOWN:
        assert result.events == []
    else:
        assert result.events[-1].status == status


def test_the_timeline_reveals_one_step_per_interval():
    number = "PKGX-DDDDDDD-1234567"
    seen = [len(timeline(number, T0, T0 + timedelta(seconds=STEP * i + 1), STEP).events) for i in range(10)]
    total = len(timeline(number, T0, FAR, STEP).events)
    assert seen[:total] == list(range(1, total + 1))
    assert seen[total:] == [total] * (10 - total)
    assert not timeline(number, T0, T0 + timedelta(seconds=STEP), STEP).complete


def test_same_inputs_same_events():
    a = timeline("PKGX-GGGGGGG-ABCDEFG", T0, FAR, STEP)
    b = timeline("PKGX-GGGGGGG-ABCDEFG", T0, FAR, STEP)
    assert [e.fingerprint for e in a.events] == [e.fingerprint for e in b.events]


def test_scans_cross_at_least_three_time_zones():
    for suffix in ("1234567", "ABCDEFG", "ZZZZZZZ", "0000001", "HELLO42"):
        zones = {place.time_zone for place in route(f"PKGX-AAAAAAA-{suffix}")}
        assert len(zones) >= 3
        result = timeline(f"PKGX-AAAAAAA-{suffix}", T0, FAR, STEP)
        assert len({e.time_zone for e in result.events}) >= 3


def test_estimated_delivery_until_settled():
    moving = timeline("PKGX-AAAAAAA-1234567", T0, T0 + timedelta(seconds=STEP * 2 + 1), STEP)
    assert moving.est_delivery_at is not None and moving.est_delivery_at > T0
    assert timeline("PKGX-AAAAAAA-1234567", T0, FAR, STEP).est_delivery_at is None


@pytest.mark.parametrize(("number", "status", "detail"), PKGX_FINALS)
def test_a_tracker_reaches_its_forced_status_under_frozen_time(acme, settings, number, status, detail):
    settings.SANDBOX_STEP_SECONDS = STEP
    with time_machine.travel(T0, tick=False) as clock:
        tracker = services.create_tracker(acme, Mode.TEST, number, refresh=True).tracker
        assert (tracker.status, tracker.status_detail) == (Status.PRE_TRANSIT, Detail.LABEL_CREATED)
        for _ in range(12):
            clock.shift(STEP)
            services.refresh_now(tracker)
    tracker.refresh_from_db()
    assert (tracker.status, tracker.status_detail) == (status, detail)
    assert tracker.next_refresh_at is None  # the sandbox has nothing more to say
    if status == Status.DELIVERED:
        assert tracker.delivered_at == tracker.events.first().occurred_at
