"""The one way an app declares a recurring task: a django-q2 schedule made by post_migrate.

Idempotent (update_or_create on the schedule's name), so every migrate leaves exactly one row
per schedule, with the function and interval the code says, and nobody creates them by hand.
"""

from __future__ import annotations


def every_minutes(name: str, func: str, using: str = "default", minutes: int = 1) -> None:
    """Run the dotted-path `func` every `minutes`, for ever, under the schedule `name`."""
    from django_q.models import Schedule

    Schedule.objects.using(using).update_or_create(
        name=name,
        defaults={"func": func, "schedule_type": Schedule.MINUTES, "minutes": minutes, "repeats": -1},
    )
