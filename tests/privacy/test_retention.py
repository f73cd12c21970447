"""Recipients' data erased a set number of days after the tracker is final; nothing else."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import Mode
from core.errors import ServiceError
from privacy import retention, services
from privacy.models import AuditEntry, PrivacySettings
from tests.factories import TrackerFactory
from trackers.models import Tracker


def person(org, *, active, days_ago, **extra):
    return TrackerFactory(
        organization=org, mode=Mode.LIVE, active=active, customer_name="Karen Ng", customer_email="k@example.com",
        updated_at=timezone.now() - timedelta(days=days_ago), **extra,
    )  # fmt: skip


def test_purge_erases_only_final_trackers_past_the_organizations_retention(acme, globex):
    services.set_retention(acme, 30)
    old_final = person(acme, active=False, days_ago=31)
    old_delivered = person(acme, active=True, days_ago=31, status="delivered", next_refresh_at=None)
    young_final = person(acme, active=False, days_ago=29)
    old_active = person(acme, active=True, days_ago=60)  # still refreshing
    other_org = person(globex, active=False, days_ago=400)  # no retention set: kept
    assert retention.purge() == 2
    assert Tracker.objects.get(pk=old_final.pk).customer_name == ""
    assert Tracker.objects.get(pk=old_delivered.pk).customer_name == ""
    for kept in (young_final, old_active, other_org):
        assert Tracker.objects.get(pk=kept.pk).customer_name == "Karen Ng"
    assert AuditEntry.objects.get(action="privacy.retention_erased").detail == "2 trackers past 30 days"
    assert retention.purge() == 0  # nothing left to erase: no second entry
    assert AuditEntry.objects.filter(action="privacy.retention_erased").count() == 1


def test_purge_works_through_many_trackers_in_batches(acme, monkeypatch):
    monkeypatch.setattr(retention, "BATCH", 3)
    services.set_retention(acme, 1)
    for _ in range(8):
        person(acme, active=False, days_ago=2)
    assert retention.purge() == 8
    assert not Tracker.objects.exclude(customer_name="").exists()


@pytest.mark.parametrize("days", [0, -1, 3651, "30", 2.5, True])
def test_retention_must_be_a_sensible_number_of_days(acme, days):
    with pytest.raises(ServiceError) as exc:
        services.set_retention(acme, days)
    assert exc.value.errors[0].field == "retention_days"
    assert not PrivacySettings.objects.exists()


def test_empty_retention_keeps_data(acme):
    services.set_retention(acme, 10)
    services.set_retention(acme, None)
    assert services.retention_days(acme) is None


def test_the_purge_is_scheduled_hourly(db):
    from django_q.models import Schedule

    retention.ensure_schedules()
    retention.ensure_schedules()
    schedule = Schedule.objects.get(name=retention.SCHEDULE_NAME)
    assert schedule.func == "privacy.retention.purge" and schedule.minutes == 60
