"""django-q2 jobs that send webhooks.

`deliver` is queued when a transaction that created deliveries commits (fanout.kick), so a new
event reaches its receivers within a second or two; `sweep` runs every minute from the schedule
(webhooks/schedule.py) and sends whatever is due: retries whose wait is over and deliveries whose
worker died (their lease ran out). A task sends for at most WEBHOOK_TASK_SECONDS, far below the
cluster's timeout, and a task whose first batch was full queues one helper so other workers join in.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django_q.tasks import async_task

from core.draining import drain
from webhooks import dispatch, health

log = logging.getLogger(__name__)


def task_seconds() -> float:
    return settings.WEBHOOK_TASK_SECONDS


def enqueue_delivery() -> None:
    """Queue one sending task (its success is not stored: there is one per committed batch)."""
    async_task("webhooks.tasks.deliver", group="webhooks", save=False)


def deliver(max_seconds: float | None = None) -> int:
    """Send due deliveries batch after batch until none is due or the time budget is spent."""
    return drain(
        dispatch.claim,
        dispatch.process,
        batch_size=dispatch.batch_size,
        due_exists=dispatch.due_exists,
        enqueue_more=enqueue_delivery,
        seconds=max_seconds if max_seconds is not None else task_seconds(),
    )


def sweep() -> int:
    """Scheduled every minute: a probe for each failing endpoint, then due retries and deliveries
    whose lease expired."""
    health.probe_failing()
    return deliver()
