"""Carrier pushes applied through the refresh code: same events, webhooks, freshness and ordering.

A push (carriers/push.py) names a number, not an organization: every active live tracker of that
number whose courier the sender answers for gets it, each in its own right (one Outcome each, one
`apply_outcomes` call, so one transaction and one `tracker.updated` per tracker that changed).
Nothing else is touched: an unknown number changes nothing.

Ordering is the refresh's: a 17TRACK push is stamped with when 17TRACK took its data from the
carrier (its sync time), never later than its arrival, and a push older than what a tracker already
holds is dropped, so replays and late arrivals never regress a tracker. A UPS push carries one scan
with fewer fields than the Track API gives (carriers/ups_push.py): its trackers are made due at
once and the scheduler asks the Track API, through the same claims, budgets and refresh.

Subscribing: 17TRACK pushes for every number registered with it (registering is subscribing);
a live UPS tracker is subscribed to UPS Track Alert when it is created, by a queued task.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.models import Mode
from carriers import seventeentrack_push, ups_push
from carriers.base import CarrierError
from carriers.push import Push
from carriers.registry import AGGREGATOR, get_courier
from trackers.models import Tracker
from trackers.refresh import Outcome, apply_outcomes

log = logging.getLogger(__name__)

PATH = "/carriers/push/"  # each sender's endpoint is PATH + its name (config/urls.py)


@dataclass(frozen=True)
class Received:
    trackers: int  # the trackers the push was for (0: a number nobody tracks here)
    changed: int  # of which changed now (a UPS push changes them at the poll it causes)


def receive_17track(body: bytes, sign: str | None) -> Received:
    """Verify and apply one 17TRACK push (carriers.push.PushRefused when it is refused)."""
    seventeentrack_push.verify(body, sign)
    return apply_push(seventeentrack_push.parse(body))


def receive_ups(body: bytes, credential: str | None) -> Received:
    """Verify and apply one UPS Track Alert push (carriers.push.PushRefused when it is refused)."""
    ups_push.verify(credential)
    return apply_push(ups_push.parse(body))


def _answers_for(tracker: Tracker, push: Push) -> bool:
    """Whether this tracker's carrier data comes from the push's sender (never another courier's)."""
    if push.sender == ups_push.SENDER:
        return tracker.courier == "ups"
    courier = get_courier(tracker.courier)
    if courier is None or courier.through != AGGREGATOR:
        return False
    known = courier.aggregator_key
    return known is None or push.carrier_key is None or known == push.carrier_key


def trackers_for(push: Push) -> list[Tracker]:
    candidates = Tracker.objects.filter(tracking_number=push.number, mode=Mode.LIVE, active=True).order_by("pk")
    return [t for t in candidates if _answers_for(t, push)]


def apply_push(push: Push, now: datetime | None = None) -> Received:
    """Apply one verified push to every tracker it is for; an unknown number changes nothing."""
    now = now or timezone.now()
    trackers = trackers_for(push)
    ids = [t.pk for t in trackers]
    changed = 0
    if ids and push.result is not None:
        taken_at = min(push.taken_at or now, now)  # a sender's clock ahead of ours must not block polls
        changed = apply_outcomes(
            [Outcome(t, result=push.result, asked_at=taken_at, pushed=True) for t in trackers], now
        ).changed
    elif ids and push.ask:  # the carrier's own answer, at the scheduler's next tick
        Tracker.objects.filter(pk__in=ids).update(pushed_at=now)
        Tracker.objects.filter(Q(next_refresh_at__isnull=True) | Q(next_refresh_at__gt=now), pk__in=ids).update(
            next_refresh_at=now
        )
    if ids and push.stopped:  # no more pushes will come: polled at once, then on the normal cadence
        Tracker.objects.filter(pk__in=ids).update(pushed_at=None)
        Tracker.objects.filter(pk__in=ids, next_refresh_at__gt=now).update(next_refresh_at=now)
    return Received(trackers=len(ids), changed=changed)


def subscribe_on_create(tracker: Tracker) -> None:
    """Queue a UPS Track Alert subscription for a new live UPS tracker, once its row is committed."""
    if tracker.mode != Mode.LIVE or tracker.courier != "ups" or not ups_push.subscribable(tracker.tracking_number):
        return
    if not ups_push.enabled():
        return
    number = tracker.tracking_number
    transaction.on_commit(lambda: _enqueue_subscription([number]))


def _enqueue_subscription(numbers: list[str]) -> None:
    from django_q.tasks import async_task

    async_task("trackers.pushes.subscribe_ups", numbers, group="push")


def subscribe_ups(numbers: list[str]) -> list[str]:
    """The task: subscribe numbers to UPS Track Alert. A failure is logged; polling carries on."""
    url = settings.PUBLIC_BASE_URL + PATH + ups_push.SENDER
    try:
        accepted = ups_push.subscribe(numbers, url)
    except CarrierError as exc:
        log.warning("UPS Track Alert subscription failed for %d numbers: %s", len(numbers), exc)
        return []
    refused = sorted(set(numbers) - set(accepted))
    if refused:
        log.info("UPS Track Alert refused %s", ", ".join(refused))
    return accepted
