"""core.fast.bulk.overlapped: statements sent to the database while Python works, errors kept."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, connection, transaction

from core.fast.bulk import bulk_update, overlapped
from tests.factories import TrackerFactory
from trackers.models import Tracker

pytestmark = pytest.mark.django_db


def test_the_work_runs_and_the_rows_are_written(acme):
    trackers = [TrackerFactory(organization=acme) for _ in range(3)]
    for t in trackers:
        t.refresh_failures, t.last_error = 2, "timeout: still waiting"
    seen = []

    def work() -> int:
        seen.append("worked")
        return 42

    with transaction.atomic():
        assert overlapped(lambda: bulk_update(Tracker, trackers, ["refresh_failures", "last_error"]), work) == 42
        # Within the transaction, after the block, the writes are visible to the next statement.
        assert Tracker.objects.filter(refresh_failures=2, last_error="timeout: still waiting").count() == 3
    assert seen == ["worked"]


def test_an_error_in_the_statements_is_raised_and_nothing_is_written(acme):
    tracker = TrackerFactory(organization=acme, title="before")
    tracker.refresh_failures, tracker.title = -1, "after"  # the check constraint refuses it
    with pytest.raises(IntegrityError), transaction.atomic():
        overlapped(lambda: bulk_update(Tracker, [tracker], ["refresh_failures", "title"]), lambda: None)
    tracker.refresh_from_db()
    assert (tracker.refresh_failures, tracker.title) == (0, "before")


def test_an_error_in_the_work_is_raised_after_the_statements_finish(acme):
    tracker = TrackerFactory(organization=acme)
    tracker.title = "written first"

    def work() -> None:
        raise RuntimeError("document failed")

    with pytest.raises(RuntimeError), transaction.atomic():
        overlapped(lambda: bulk_update(Tracker, [tracker], ["title"]), work)
    assert Tracker.objects.get(pk=tracker.pk).title == ""  # rolled back with the transaction
    # The connection is usable afterwards (the pipeline was closed).
    assert Tracker.objects.filter(pk=tracker.pk).exists()
    assert connection.vendor in ("postgresql", "sqlite")
