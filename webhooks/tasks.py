"""django-q2 jobs that send webhooks.

`deliver` is queued when a transaction that created deliveries commits (fanout.kick), so a new
event reaches its receivers within a second or two; `sweep` runs every minute from the schedule
(webhooks/schedule.py) and sends whatever is due: retries whose wait is over and deliveries whose
worker died (their lease ran out). A task sends for at most WEBHOOK_TASK_SECONDS, far below the
cluster's timeout, and a task whose first batch was full queues one helper so other workers join in.
"""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django_q.conf import Conf
from django_q.tasks import async_task

from webhooks import dispatch

log = logging.getLogger(__name__)


def task_seconds() -> float:
    return settings.WEBHOOK_TASK_SECONDS


def enqueue_delivery() -> None:
    """Queue one sending task (its success is not stored: there is one per committed batch)."""
    async_task("webhooks.tasks.deliver", group="webhooks", save=False)


def deliver(max_seconds: float | None = None) -> int:
    """Send due deliveries batch after batch until none is due or the time budget is spent."""
    deadline = time.monotonic() + (max_seconds if max_seconds is not None else task_seconds())
    sent = 0
    first = True
    while time.monotonic() < deadline:
        batch = dispatch.claim()
        if not batch:
            break
        if first and len(batch) >= dispatch.batch_size() and not Conf.SYNC:
            enqueue_delivery()  # more is waiting: let another worker help
        first = False
        sent += dispatch.process(batch, deadline)
    else:
        if dispatch.due_exists() and not Conf.SYNC:  # budget spent, work left: hand over to a fresh task
            enqueue_delivery()
    return sent


def sweep() -> int:
    """Scheduled every minute: due retries and deliveries whose lease expired."""
    return deliver()
