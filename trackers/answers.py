"""Carrier answers kept in the carrier's own words, for CARRIER_ANSWER_RETENTION_DAYS.

A refresh keeps an answer only when it changed the tracker (a new scan, a new status): most
answers repeat the last one, and keeping those would cost every refresh a row for nothing. The
row holds the HTTP body as it came, zlib-compressed (not our parse of it: a better parser or map
can read it again, `manage.py renormalize`), the adapter that parsed it and the version of that
adapter's status maps, and why the status was chosen. The rows are written with the refresh
batch's other rows, in its transaction; an hourly schedule drops those past the retention.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone

from carriers import provenance
from trackers.answer_models import CarrierAnswer

if TYPE_CHECKING:
    from trackers.refresh import Outcome

PURGE_BATCH = 5000
LEVEL = 6  # zlib's default: a carrier's JSON shrinks about tenfold, in well under a millisecond


def retention_days() -> int:
    return max(0, int(settings.CARRIER_ANSWER_RETENTION_DAYS))


def to_keep(outcomes: Iterable[Outcome], now: datetime) -> list[CarrierAnswer]:
    """The answer rows of these outcomes (those that changed their tracker), ready to insert."""
    if not retention_days():
        return []
    versions: dict[str, str] = {}
    rows = []
    for outcome in outcomes:
        result = outcome.result
        if result is None or not result.raw_answer or not result.answered_by:
            continue  # an error, the sandbox (it computes its answers), or an answer read again
        adapter = result.answered_by
        if adapter not in versions:
            versions[adapter] = provenance.map_version(adapter)
        rows.append(
            CarrierAnswer(
                tracker_id=outcome.tracker.pk,
                received_at=outcome.asked_at or now,
                adapter=adapter,
                map_version=versions[adapter],
                body=zlib.compress(result.raw_answer, LEVEL),
                raw_code=result.raw_code[:64],
                raw_description=result.raw_description[:300],
                status=result.status,
                status_detail=result.status_detail,
                overridden=result.overridden,
            )
        )
    return rows


def body(answer: CarrierAnswer) -> bytes:
    """The carrier's answer as it came."""
    return zlib.decompress(bytes(answer.body))


def newest_answer_id() -> Subquery:
    """For a Tracker queryset's annotate(): the id of the tracker's newest kept answer."""
    newest = CarrierAnswer.objects.filter(tracker=OuterRef("pk")).order_by("-received_at", "-id")
    return Subquery(newest.values("pk")[:1])


def newest(tracker_id: int) -> CarrierAnswer | None:
    return CarrierAnswer.objects.filter(tracker_id=tracker_id).order_by("-received_at", "-id").first()


def expired(now: datetime | None = None) -> QuerySet[CarrierAnswer]:
    cutoff = (now or timezone.now()) - timedelta(days=retention_days())
    return CarrierAnswer.objects.filter(received_at__lt=cutoff)


def purge(now: datetime | None = None) -> int:
    """Drop answers past the retention, in batches (a long delete would hold its locks); how many."""
    now = now or timezone.now()
    total = 0
    while ids := list(expired(now).order_by().values_list("pk", flat=True)[:PURGE_BATCH]):
        total += CarrierAnswer.objects.filter(pk__in=ids).delete()[0]
    return total
