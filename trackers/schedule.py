"""The trackers' schedules, created by post_migrate: idempotent, never by hand."""

from __future__ import annotations

SCHEDULE_NAME = "refresh-due-trackers"
TALLY_SCHEDULE_NAME = "compact-tracker-tally"


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
    # The overview's tally gains a few delta rows per write; folding them every minute keeps a
    # read to a few hundred rows (trackers/tally.py).
    Schedule.objects.using(using).update_or_create(
        name=TALLY_SCHEDULE_NAME,
        defaults={
            "func": "trackers.tally.compact",
            "schedule_type": Schedule.MINUTES,
            "minutes": 1,
            "repeats": -1,
        },
    )
