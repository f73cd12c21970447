"""The trackers' schedules, created by post_migrate: idempotent, never by hand."""

from __future__ import annotations

from core.schedules import every_minutes

SCHEDULE_NAME = "refresh-due-trackers"
TALLY_SCHEDULE_NAME = "compact-tracker-tally"
ANSWERS_SCHEDULE_NAME = "purge-carrier-answers"


def ensure_schedules(sender=None, using: str = "default", **kwargs) -> None:
    every_minutes(SCHEDULE_NAME, "trackers.tasks.enqueue_due", using)
    # The overview's tally gains a few delta rows per write; folding them every minute keeps a
    # read to a few hundred rows (trackers/tally.py).
    every_minutes(TALLY_SCHEDULE_NAME, "trackers.tally.compact", using)
    # Carrier answers past CARRIER_ANSWER_RETENTION_DAYS (trackers/answers.py), hourly as privacy's purge.
    every_minutes(ANSWERS_SCHEDULE_NAME, "trackers.answers.purge", using, minutes=60)
