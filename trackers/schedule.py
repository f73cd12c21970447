"""The refresh schedule, created by post_migrate: idempotent, never by hand."""

from __future__ import annotations

SCHEDULE_NAME = "refresh-due-trackers"


def ensure_schedules(sender=None, using: str = "default", **kwargs) -> None:
    from django_q.models import Schedule

    Schedule.objects.using(using).update_or_create(
        name=SCHEDULE_NAME,
        defaults={
            "func": "trackers.tasks.enqueue_due",
            "schedule_type": Schedule.MINUTES,
            "minutes": 1,
            "repeats": -1,
        },
    )
