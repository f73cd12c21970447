"""The notification sweep schedule, created by post_migrate: idempotent, never by hand."""

from __future__ import annotations

from core.schedules import every_minutes

SCHEDULE_NAME = "send-due-notifications"


def ensure_schedules(sender=None, using: str = "default", **kwargs) -> None:
    every_minutes(SCHEDULE_NAME, "notifications.tasks.sweep", using)
