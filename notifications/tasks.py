"""django-q2 jobs that send notifications (never a request: views and services only write rows).

`send_due` is queued when a transaction that created notifications commits (listener.kick);
`sweep` runs every minute from the schedule (schedule.py) for retries whose wait is over, rows
whose worker died before sending (their lease ran out) and rows interrupted while sending (closed,
never sent twice). A task sends for at most NOTIFY_TASK_SECONDS and hands the rest to a fresh one.
"""

from __future__ import annotations

from django.conf import settings
from django_q.tasks import async_task

from core.draining import drain
from notifications import dispatch


def enqueue_send() -> None:
    async_task("notifications.tasks.send_due", group="notifications", save=False)


def send_due(max_seconds: float | None = None) -> int:
    """Send due notifications batch after batch until none is due or the time budget is spent."""
    dispatch.close_interrupted()
    return drain(
        dispatch.claim,
        dispatch.process,
        batch_size=dispatch.batch_size,
        due_exists=dispatch.due_exists,
        enqueue_more=enqueue_send,
        seconds=max_seconds if max_seconds is not None else settings.NOTIFY_TASK_SECONDS,
    )


def sweep() -> int:
    """Scheduled every minute."""
    return send_due()
