"""core.fast.instances.instance builds what Model.__init__ would, for the models the hot paths use."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.db.models.signals import post_init, pre_init

from core.fast.bulk import insert_ignoring_conflicts
from core.fast.instances import instance
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
        "superseded_at": None,
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


def test_fetch_reads_what_iterating_reads(acme):
    from django.db import transaction
    from django.db.models import F

    from core.fast.instances import fetch
    from core.fast.lookups import AnyOf
    from trackers.models import Tracker

    trackers = [TrackerFactory(organization=acme, metadata={"n": i}, last_event_at=AT) for i in range(3)]
    insert_ignoring_conflicts(TrackingEvent, [instance(TrackingEvent, values(trackers[1].pk, "fp"))])
    names = [f.attname for f in Tracker._meta.concrete_fields]
    queryset = Tracker.objects.filter(AnyOf(F("pk"), [t.pk for t in trackers])).order_by("pk")
    with transaction.atomic():
        fast = fetch(queryset.select_for_update())
    slow = list(queryset)
    assert [[getattr(t, n) for n in names] for t in fast] == [[getattr(t, n) for n in names] for t in slow]
    assert all(not t._state.adding and t._state.db == "default" for t in fast)
    assert fast[0].last_event_at == AT and fast[2].metadata == {"n": 2}  # converters and JSON applied
    events = fetch(TrackingEvent.objects.filter(tracker_id=trackers[1].pk))
    assert [(e.fingerprint, e.raw, e.occurred_at) for e in events] == [("fp", {"code": "AF"}, AT)]
    assert fetch(Tracker.objects.filter(pk__in=[])) == []


@pytest.mark.fast_paths
def test_fetch_refuses_querysets_that_are_not_plain_rows(acme):
    from core.fast.instances import fetch
    from trackers.models import Tracker

    TrackerFactory(organization=acme)
    for queryset in (Tracker.objects.only("pk"), Tracker.objects.select_related("organization")):
        with pytest.raises(ValueError):
            fetch(queryset)
