"""django-q2 jobs: claim due trackers in batches, refresh each batch in one task.

`enqueue_due` runs every minute from the schedule (trackers/schedule.py). Claiming moves a
tracker's next_refresh_at forward by a lease inside the claiming transaction, with
`SELECT … FOR UPDATE SKIP LOCKED` on PostgreSQL (core.fast.bulk.claim), so two clusters never take
the same tracker; a worker that dies mid-batch only delays its trackers until the lease ends.

The lease's end is also the claim's token: the task carries it, and refreshes only the trackers
that still hold it. A task that runs late (an orphan a broker hands out again after its worker
died, or one that waited in the queue past the lease) skips the trackers another worker has
claimed or refreshed since, so two workers do not refresh one tracker at once.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django_q.tasks import async_task

from core.fast.bulk import claim
from core.fast.instances import fetch
from core.fast.lookups import AnyOf
from trackers.cadence import lookahead
from trackers.models import Tracker
from trackers.refresh import Report, refresh_trackers

log = logging.getLogger(__name__)


def claim_due(limit: int | None = None, now: datetime | None = None) -> list[int]:
    """Take up to `limit` due trackers for this worker; returns their primary keys."""
    return claim_batch(limit, now)[0]


def claim_batch(limit: int | None = None, now: datetime | None = None) -> tuple[list[int], datetime]:
    """Take up to `limit` trackers due before the next tick (cadence.lookahead); returns their primary
    keys and the lease (the claim's token)."""
    now = now or timezone.now()
    limit = limit or settings.REFRESH_BATCH_SIZE
    lease_until = now + timedelta(seconds=settings.REFRESH_CLAIM_SECONDS)
    horizon = now + lookahead()
    due = Tracker.objects.filter(active=True, next_refresh_at__lte=horizon).order_by("next_refresh_at")[:limit]
    # One statement on PostgreSQL (a fast path), else a locking read and an update in one transaction.
    return claim(due, {"next_refresh_at": lease_until}), lease_until


def still_held(ids: list[int], lease_until: datetime, now: datetime | None = None) -> list[int]:
    """The trackers of a claim that nobody has claimed or refreshed since; a lapsed claim is renewed.

    Renewing under SKIP LOCKED means a late task and a new claim cannot both take a tracker.
    """
    now = now or timezone.now()
    with transaction.atomic():
        held = list(
            Tracker.objects.select_for_update(skip_locked=True)
            .filter(pk__in=ids, active=True, next_refresh_at=lease_until)
            .values_list("pk", flat=True)
        )
        if held and lease_until <= now:
            renewed = now + timedelta(seconds=settings.REFRESH_CLAIM_SECONDS)
            Tracker.objects.filter(pk__in=held).update(next_refresh_at=renewed)
    return held


def enqueue_due() -> int:
    """Scheduled every minute: queue one refresh task per claimed batch. Returns the batch count."""
    batches = 0
    for _ in range(settings.REFRESH_MAX_BATCHES_PER_RUN):
        ids, lease_until = claim_batch()
        if not ids:
            break
        enqueue_refresh(ids, lease_until)
        batches += 1
    return batches


def enqueue_refresh(ids: list[int], lease_until: datetime | None = None) -> None:
    """Queue one refresh task; with a claim's lease, it refreshes only what the claim still holds."""
    async_task("trackers.tasks.refresh_batch", ids, lease_until, group="refresh")


def refresh_ids(ids: list[int]) -> Report:
    """Refresh the given trackers (deleted or deactivated ones are skipped)."""
    return refresh_trackers(fetch(Tracker.objects.filter(AnyOf(F("pk"), ids), active=True).order_by()))


def refresh_batch(ids: list[int], lease_until: datetime | None = None) -> dict:
    """The queued task: its result, kept by django-q2, is the report."""
    if lease_until is not None:
        held = still_held(ids, lease_until)
        report = refresh_ids(held)
        report.not_held = len(ids) - len(held)
        return report.__dict__
    return refresh_ids(ids).__dict__


def refresh_all_due(batch_size: int | None = None) -> Report:
    """Synchronously refresh everything due, batch after batch (the `refresh_trackers --due` command)."""
    total = Report()
    while ids := claim_due(batch_size):
        total.add(refresh_ids(ids))
    return total
