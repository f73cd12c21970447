"""The webhook sweep schedule, created by post_migrate: idempotent, never by hand."""

from __future__ import annotations

from core.schedules import every_minutes

SCHEDULE_NAME = "send-due-webhooks"


def ensure_schedules(sender=None, using: str = "default", **kwargs) -> None:
    every_minutes(SCHEDULE_NAME, "webhooks.tasks.sweep", using)
