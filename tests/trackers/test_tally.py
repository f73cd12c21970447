"""The overview's tally (trackers/tally.py) stays exact through every kind of write.

Each test writes trackers one way and compares the tally with a fresh count of the trackers
themselves: by status, deliveries per UTC day, and per courier with the transit time summed.
They run on SQLite (row triggers) and on PostgreSQL (statement triggers) alike.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, timedelta

import pytest
from django.db import connection
from django.utils import timezone

from accounts.models import Mode
from carriers.statuses import Status
from tests.factories import OrganizationFactory, TrackerFactory
from trackers import overview, services, tally
from trackers.models import Tracker, TrackerTally

# Deliveries are tallied per UTC day: the clock is held at noon so a run crossing midnight counts one day.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("midday")]

FAR_BACK = timezone.now().date() - timedelta(days=10_000)


def fresh(organization_id: int, mode: str) -> tuple[dict, dict, dict]:
    """What the tally should hold, counted from the trackers in Python."""
    trackers = list(Tracker.objects.filter(organization_id=organization_id, mode=mode))
    statuses = Counter(t.status for t in trackers)
    delivered = [t for t in trackers if t.status == Status.DELIVERED and t.delivered_at is not None]
    days = Counter(t.delivered_at.astimezone(UTC).date() for t in delivered)
    couriers: dict[str, list[int]] = {}
    for t in delivered:
        n, ms = couriers.setdefault(t.courier, [0, 0])
        couriers[t.courier] = [n + 1, ms + round((t.delivered_at - t.created_at).total_seconds() * 1000)]
    return dict(statuses), dict(days), {c: tuple(v) for c, v in couriers.items()}


def tallied(organization_id: int, mode: str) -> tuple[dict, dict, dict]:
    return (
        tally.by_status(organization_id, mode),
        tally.deliveries_by_day(organization_id, mode, FAR_BACK),
        {c: (n, ms) for c, n, ms in tally.transit_by_courier(organization_id, mode, FAR_BACK)},
    )


def assert_exact(organization, mode: str = Mode.TEST) -> None:
    expected = fresh(organization.pk, mode)
    statuses, days, couriers = tallied(organization.pk, mode)
    assert statuses == expected[0]
    assert days == expected[1]
    # Transit sums: the database rounds each tracker's milliseconds as Python does, to within 1 ms.
    assert couriers.keys() == expected[2].keys()
    for courier, (n, ms) in couriers.items():
        assert n == expected[2][courier][0]
        assert abs(ms - expected[2][courier][1]) <= n


@pytest.fixture
def org():
    return OrganizationFactory()


def delivered(org, days_ago: float, courier: str = "sandbox", transit_days: float = 2.5, **fields):
    at = timezone.now() - timedelta(days=days_ago)
    return TrackerFactory(
        organization=org,
        status=Status.DELIVERED,
        courier=courier,
        delivered_at=at,
        created_at=at - timedelta(days=transit_days),
        **fields,
    )


def test_creates_saves_and_deletes_are_counted(org):
    a = TrackerFactory(organization=org, status=Status.IN_TRANSIT)
    delivered(org, 1)
    delivered(org, 3, courier="dhl", transit_days=4.25)
    TrackerFactory(organization=org, mode=Mode.LIVE, status=Status.FAILURE)
    assert_exact(org)
    assert_exact(org, Mode.LIVE)
    a.status, a.delivered_at = Status.DELIVERED, timezone.now()
    a.save()
    assert_exact(org)
    a.delete()
    assert_exact(org)


def test_bulk_statements_are_counted(org):
    TrackerFactory.create_batch(5, organization=org, status=Status.IN_TRANSIT)
    Tracker.objects.bulk_create(
        [Tracker(organization=org, mode=Mode.TEST, tracking_number=f"PKGX-AAAAAAA-B{i:06d}") for i in range(4)]
    )
    assert_exact(org)
    Tracker.objects.filter(organization=org, status=Status.IN_TRANSIT).update(
        status=Status.DELIVERED, delivered_at=timezone.now() - timedelta(hours=5)
    )
    assert_exact(org)
    two = Tracker.objects.filter(organization=org, status=Status.DELIVERED).values_list("pk", flat=True)[:2]
    Tracker.objects.filter(pk__in=list(two)).update(courier="ups")
    Tracker.objects.filter(organization=org, courier="ups").update(created_at=timezone.now() - timedelta(days=9))
    assert_exact(org)
    Tracker.objects.filter(organization=org, status=Status.UNKNOWN).delete()
    assert_exact(org)


def test_moving_between_organizations_and_modes_moves_the_count(org):
    other = OrganizationFactory()
    t = TrackerFactory(organization=org, status=Status.IN_TRANSIT)
    Tracker.objects.filter(pk=t.pk).update(organization=other, mode=Mode.LIVE)
    assert_exact(org)
    assert_exact(other, Mode.LIVE)
    assert tally.by_status(org.pk, Mode.TEST) == {}


def test_a_write_that_changes_nothing_counted_adds_no_rows(org):
    t = delivered(org, 2)
    before = TrackerTally.objects.count()
    Tracker.objects.filter(pk=t.pk).update(next_refresh_at=None, title="Renamed", last_error="x")
    assert TrackerTally.objects.count() == before


def test_the_refresh_path_is_counted(org, sandbox_instant):
    created = services.create_tracker(org, Mode.TEST, "PKGX-AAAAAAA-7000001").tracker
    Tracker.objects.filter(pk=created.pk).update(created_at=timezone.now() - timedelta(hours=3))
    created.refresh_from_db()
    services.refresh_now(created)
    created.refresh_from_db()
    assert created.status == Status.DELIVERED  # the sandbox's "A" numbers end delivered
    assert_exact(org)


def test_deleting_an_organization_leaves_nothing_after_compaction(org):
    delivered(org, 1)
    TrackerFactory(organization=org, status=Status.IN_TRANSIT)
    org_id = org.pk
    org.delete()
    assert tally.by_status(org_id, Mode.TEST) == {}
    tally.compact()
    assert not TrackerTally.objects.filter(organization_id=org_id).exists()


def test_compaction_keeps_the_numbers_and_folds_the_rows(org):
    trackers = TrackerFactory.create_batch(6, organization=org, status=Status.PRE_TRANSIT)
    for t in trackers:
        Tracker.objects.filter(pk=t.pk).update(status=Status.IN_TRANSIT)
    for t in trackers[:3]:
        Tracker.objects.filter(pk=t.pk).update(status=Status.DELIVERED, delivered_at=timezone.now())
    before = tallied(org.pk, Mode.TEST)
    rows_before = TrackerTally.objects.filter(organization_id=org.pk).count()
    tally.compact()
    assert tallied(org.pk, Mode.TEST) == before
    # One row per key: in transit, and delivered today by the sandbox.
    assert TrackerTally.objects.filter(organization_id=org.pk).count() == 2 < rows_before
    Tracker.objects.filter(pk=trackers[3].pk).delete()
    assert_exact(org)


def test_the_overview_reads_the_tally(org):
    delivered(org, 0.1, transit_days=3)
    delivered(org, 40, courier="dhl", transit_days=1)  # outside the 30-day chart, inside the 90 days
    delivered(org, 200)  # outside both
    TrackerFactory(organization=org, status=Status.RETURN_TO_SENDER)
    counts = {value: n for value, _, n in overview.status_counts(org.pk, Mode.TEST)}
    assert counts["delivered"] == 3 and counts["return_to_sender"] == 1 and counts["unknown"] == 0
    assert sum(n for _, n in overview.deliveries_per_day(org.pk, Mode.TEST)) == 1
    transit = overview.transit_days_by_courier(org.pk, Mode.TEST)
    rounded = [(name, round(days, 3), n) for name, days, n in transit]
    assert rounded == [("DHL Express", 1.0, 1), ("Sandbox carrier", 3.0, 1)]


@pytest.mark.postgres
def test_the_trigger_is_one_statement_level_trigger_per_operation():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tgname, tgtype FROM pg_trigger WHERE tgrelid = 'trackers_tracker'::regclass "
            "AND tgname LIKE 'trackers_tally_%%' ORDER BY tgname"
        )
        rows = cursor.fetchall()
    # tgtype bit 0 set means FOR EACH ROW; ours are all FOR EACH STATEMENT.
    assert [name for name, _ in rows] == ["trackers_tally_delete", "trackers_tally_insert", "trackers_tally_update"]
    assert all(tgtype & 1 == 0 for _, tgtype in rows)


def test_lost_triggers_come_back_after_migrations_with_an_exact_count(acme):
    """A table rebuild (SQLite's AlterField) drops the triggers; post_migrate re-installs them."""
    TrackerFactory.create_batch(3, organization=acme, status=Status.IN_TRANSIT)
    assert tally.ensure_triggers() is False  # all present: nothing done
    with connection.cursor() as cursor:
        on = " ON trackers_tracker" if connection.vendor == "postgresql" else ""
        cursor.execute(f"DROP TRIGGER trackers_tally_insert{on}")
    TrackerFactory.create_batch(2, organization=acme, status=Status.DELIVERED, delivered_at=timezone.now())
    assert tally.triggers_present() == tally.TRIGGER_NAMES - {"trackers_tally_insert"}
    assert tally.ensure_triggers() is True
    assert tally.triggers_present() == tally.TRIGGER_NAMES
    assert_exact(acme)  # the two created without a trigger are counted
    TrackerFactory(organization=acme, status=Status.PRE_TRANSIT)
    assert_exact(acme)  # and the triggers count again
