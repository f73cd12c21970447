"""FAST_PATHS: each fast path and its plain fallback give the same answer, in either position.

The suite runs whole with the setting on and off (.ci/run); these tests switch it per test, so
both sides of each switch run in every position, on SQLite and on PostgreSQL alike.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import MiddlewareNotUsed
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.fast import bulk, on_postgresql
from core.fast.instances import fetch, instance
from core.fast.lane import ApiLane
from core.fast.runtime import freeze_startup_objects
from tests.factories import TrackerFactory
from trackers import tally
from trackers.models import Tracker

BOTH = pytest.mark.parametrize("fast", [True, False], ids=["fast", "plain"])


def test_the_lane_steps_aside_when_off(settings):
    settings.FAST_PATHS = False
    with pytest.raises(MiddlewareNotUsed):
        ApiLane(lambda request: None)  # type: ignore[arg-type,return-value]
    assert freeze_startup_objects() is False
    assert not on_postgresql(connection)


def test_off_lists_no_lane_in_the_settings_module(monkeypatch):
    """config.settings reads FAST_PATHS from the environment and leaves ApiLane out of MIDDLEWARE."""
    import importlib

    import config.settings as module

    try:
        monkeypatch.setenv("FAST_PATHS", "0")
        off = importlib.reload(module)
        assert off.FAST_PATHS is False and "core.fast.lane.ApiLane" not in off.MIDDLEWARE
        monkeypatch.setenv("FAST_PATHS", "1")
        on = importlib.reload(module)
        assert on.FAST_PATHS is True and on.MIDDLEWARE[0] == "core.fast.lane.ApiLane"
    finally:
        monkeypatch.undo()
        importlib.reload(module)


@BOTH
@pytest.mark.django_db(transaction=True)
def test_a_claim_takes_due_rows_once(settings, acme, fast):
    settings.FAST_PATHS = fast
    now = timezone.now()
    due = [TrackerFactory(organization=acme, next_refresh_at=now - timedelta(minutes=i)) for i in range(3)]
    TrackerFactory(organization=acme, next_refresh_at=now + timedelta(hours=1))
    lease = now + timedelta(minutes=10)
    queryset = Tracker.objects.filter(active=True, next_refresh_at__lte=now).order_by("next_refresh_at")
    with CaptureQueriesContext(connection) as queries:
        first = bulk.claim(queryset[:2], {"next_refresh_at": lease})
    assert sorted(first) == sorted([due[2].pk, due[1].pk])  # the most overdue first
    assert bulk.claim(queryset[:2], {"next_refresh_at": lease}) == [due[0].pk]
    assert bulk.claim(queryset[:2], {"next_refresh_at": lease}) == []
    assert Tracker.objects.filter(next_refresh_at=lease).count() == 3
    if fast and connection.vendor == "postgresql":
        assert len(queries) == 1 and "SKIP LOCKED" in queries[0]["sql"]


@BOTH
@pytest.mark.django_db
def test_increment_returning_counts_only_matching_rows(settings, acme, fast):
    settings.FAST_PATHS = fast
    active, stopped = (
        TrackerFactory(organization=acme, refresh_failures=2),
        TrackerFactory(organization=acme, active=False),
    )
    numbers = bulk.increment_returning(
        Tracker, [active.pk, stopped.pk], "refresh_failures", where={"active": True}, values={"last_error": "x"}
    )
    assert numbers == {active.pk: 3}
    active.refresh_from_db()
    stopped.refresh_from_db()
    assert (active.last_error, stopped.last_error, stopped.refresh_failures) == ("x", "", 0)


@BOTH
@pytest.mark.django_db
def test_instances_and_fetch_match_the_orm(settings, acme, fast):
    settings.FAST_PATHS = fast
    tracker = TrackerFactory(organization=acme, title="A parcel")
    read = fetch(Tracker.objects.filter(pk=tracker.pk))
    orm = Tracker.objects.get(pk=tracker.pk)
    assert [(t.pk, t.title, t.created_at, t._state.adding, t._state.db) for t in read] == [
        (orm.pk, orm.title, orm.created_at, False, "default")
    ]
    new = instance(Tracker, {"id": None, "title": "new"})
    assert new._state.adding and new.title == "new"


@BOTH
@pytest.mark.django_db
def test_the_tally_reads_agree_with_the_trackers(settings, acme, fast):
    settings.FAST_PATHS = fast
    TrackerFactory(organization=acme, status="in_transit")
    TrackerFactory(organization=acme, status="delivered", delivered_at=timezone.now())
    first = timezone.now().date() - timedelta(days=1)
    assert tally.by_status(acme.pk, "test") == {"in_transit": 1, "delivered": 1}
    assert sum(tally.deliveries_by_day(acme.pk, "test", first).values()) == 1
    assert [n for _, n, _ in tally.transit_by_courier(acme.pk, "test", first)] == [1]
