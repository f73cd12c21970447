"""The API's own table: request counters shared by every web process (api/ratelimit.py)."""

from __future__ import annotations

from django.db import models


class RateWindow(models.Model):
    """Requests of one caller in one fixed window; old windows are swept as new ones start.

    On PostgreSQL the table is UNLOGGED (migration 0001): a counter need not survive a crash, and
    skipping the write-ahead log makes the per-request upsert cheap.
    """

    ident = models.CharField(max_length=80)
    bucket = models.BigIntegerField()  # the window number: time // window length
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["ident", "bucket"], name="api_ratewindow_ident_bucket")]
        indexes = [models.Index(fields=["bucket"], name="api_ratewindow_bucket")]

    def __str__(self) -> str:
        return f"{self.ident} @ {self.bucket}: {self.count}"
