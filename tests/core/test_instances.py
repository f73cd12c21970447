"""core.instances.instance builds what Model.__init__ would, for the models the hot paths use."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.db.models.signals import post_init, pre_init

from core.bulk import insert_ignoring_conflicts
from core.instances import instance
from tests.factories import TrackerFactory
from trackers.models import TrackingEvent

pytestmark = pytest.mark.django_db

AT = datetime(2026, 3, 1, 12, tzinfo=UTC)


def values(tracker_id: int, fingerprint: str) -> dict:
    return {
        "id": None,
        "tracker_id": tracker_id,
        "occurred_at": AT,
        "time_zone": "America/Chicago",
        "status": "in_transit",
        "status_detail": "arrived_at_facility",
        "message": "Arrived",
        "city": "Chicago",
        "state": "IL",
        "postal_code": "60601",
        "country": "US",
        "courier": "sandbox",
        "fingerprint": fingerprint,
        "raw": {"code": "AF"},
        "created_at": AT,
    }


def test_the_fast_models_have_no_init_receivers():
    assert not pre_init.has_listeners(TrackingEvent) and not post_init.has_listeners(TrackingEvent)


def test_a_new_instance_is_what_init_makes_and_is_written_alike():
    tracker = TrackerFactory()
    fast = instance(TrackingEvent, values(tracker.pk, "fast"))
    slow = TrackingEvent(**values(tracker.pk, "slow"))
    names = [f.attname for f in TrackingEvent._meta.concrete_fields]
    assert [getattr(fast, n) for n in names if n != "fingerprint"] == [
        getattr(slow, n) for n in names if n != "fingerprint"
    ]
    assert fast._state.adding and fast._state.db is None
    insert_ignoring_conflicts(TrackingEvent, [fast, slow])
    rows = {e.fingerprint: e for e in TrackingEvent.objects.filter(tracker=tracker)}
    assert rows.keys() == {"fast", "slow"}
    keep = [n for n in names if n not in ("id", "fingerprint")]
    assert [getattr(rows["fast"], n) for n in keep] == [getattr(rows["slow"], n) for n in keep]


def test_a_read_instance_loads_a_field_left_out_from_its_database():
    tracker = TrackerFactory(title="Kept in the row")
    partial = instance(type(tracker), {"id": tracker.pk, "tracking_number": tracker.tracking_number}, db="default")
    assert not partial._state.adding
    assert partial.title == "Kept in the row"  # deferred: loaded on access, as from_db's would be
