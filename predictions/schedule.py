"""The model's refit schedule, created by post_migrate: idempotent, never by hand."""

from __future__ import annotations

from core.schedules import every_minutes

SCHEDULE_NAME = "refit-delivery-predictions"
# Deliveries also update the model as they arrive (fitting.add_deliveries); the full refit relearns
# carriers' delivery weekdays and re-measures the interval's coverage, which moves slowly.
REFIT_MINUTES = 360


def ensure_schedules(sender=None, using: str = "default", **kwargs) -> None:
    every_minutes(SCHEDULE_NAME, "predictions.tasks.refit_all", using, minutes=REFIT_MINUTES)
