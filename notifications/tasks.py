"""django-q2 jobs that send notifications (never a request: views and services only write rows).

`send_due` is queued when a transaction that created notifications commits (listener.kick);
`sweep` runs every minute from the schedule (schedule.py) for retries whose wait is over, rows
whose worker died before sending (their lease ran out) and rows interrupted while sending (closed,
never sent twice). A task sends for at most NOTIFY_TASK_SECONDS and hands the rest to a fresh one.
"""

from __future__ import annotations

import time

from django.conf import settings
from django_q.conf import Conf
from django_q.tasks import async_task

from notifications import dispatch


def enqueue_send() -> None:
    async_task("notifications.tasks.send_due", group="notifications", save=False)


def send_due(max_seconds: float | None = None) -> int:
    """Send due notifications batch after batch until none is due or the time budget is spent."""
    deadline = time.monotonic() + (max_seconds if max_seconds is not None else settings.NOTIFY_TASK_SECONDS)
    dispatch.close_interrupted()
    sent = 0
    first = True
    while time.monotonic() < deadline:
        batch = dispatch.claim()
        if not batch:
            break
        if first and len(batch) >= dispatch.batch_size() and not Conf.SYNC:
            enqueue_send()  # more is waiting: let another worker help
        first = False
        sent += dispatch.process(batch, deadline)
    else:
        if dispatch.due_exists() and not Conf.SYNC:
            enqueue_send()
    return sent


def sweep() -> int:
    """Scheduled every minute."""
    return send_due()
