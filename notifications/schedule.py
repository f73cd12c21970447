"""The notification sweep schedule, created by post_migrate: idempotent, never by hand."""

from __future__ import annotations

SCHEDULE_NAME = "send-due-notifications"


def ensure_schedules(sender=None, using: str = "default", **kwargs) -> None:
    from django_q.models import Schedule

    Schedule.objects.using(using).update_or_create(
        name=SCHEDULE_NAME,
        defaults={
            "func": "notifications.tasks.sweep",
            "schedule_type": Schedule.MINUTES,
            "minutes": 1,
            "repeats": -1,
        },
    )
