"""Notifications for new events: the second listener on the event outbox, after the webhook fan-out.

`on_events` runs inside the transaction that wrote the events (a refresh batch, an update), so it
stays cheap: events without a recipient or without a status change cost nothing, and a batch that
reaches milestones costs four queries (settings, trackers, opt-outs, one insert) whatever its size.
Rows are inserted with ON CONFLICT DO NOTHING against the (tracker, channel, milestone) constraint,
so a repeated status, a refresh run twice or a listener called again inserts nothing. Sending is
queued for after the commit: nothing goes out for a change that rolled back.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from core.ids import new_public_id
from events.models import Event, EventType
from notifications.content import language_of, snapshot
from notifications.milestones import DEFAULT_MILESTONES, Reached, milestone_of
from notifications.models import Channel, Notification, NotificationSettings, NotificationStatus, Suppression
from trackers.models import Tracker

WATCHED = {EventType.TRACKER_CREATED.value, EventType.TRACKER_UPDATED.value}
STATUS_FIELDS = {"status", "status_detail"}
SUPERSEDED = "Not sent: a later milestone of this tracker came first."


@dataclass
class Candidate:
    event: Event
    reached: Reached
    addresses: dict[str, str]  # channel -> recipient


def candidates(events: Sequence[Event]) -> list[Candidate]:
    """Events that reach a milestone of a tracker with a recipient (no query)."""
    found = []
    for event in events:
        if event.subject_type != "tracker" or event.type not in WATCHED:
            continue
        if event.type == EventType.TRACKER_UPDATED and not STATUS_FIELDS & set(event.previous_attributes or ()):
            continue
        data = event.data
        addresses = {
            channel: value
            for channel, value in (
                (Channel.EMAIL.value, data.get("customer_email")),
                (Channel.SMS.value, data.get("customer_phone")),
            )
            if value
        }
        if not addresses:
            continue
        reached = milestone_of(data.get("status", ""), data.get("status_detail", ""))
        if reached is not None:
            found.append(Candidate(event, reached, addresses))
    return found


def settings_for(scopes: set[tuple[int, str]]) -> dict[tuple[int, str], NotificationSettings]:
    """Each (organization, mode)'s settings in one query; the defaults where none were saved."""
    condition = Q()
    for org_id, mode in scopes:
        condition |= Q(organization_id=org_id, mode=mode)
    saved = {(s.organization_id, s.mode): s for s in NotificationSettings.objects.filter(condition)}
    return {
        scope: saved.get(scope)
        or NotificationSettings(organization_id=scope[0], mode=scope[1], milestones=DEFAULT_MILESTONES)
        for scope in scopes
    }


def on_events(events: Sequence[Event]) -> list[Notification]:
    """The outbox listener (registered in NotificationsConfig.ready)."""
    found = candidates(events)
    if not found:
        return []
    chosen = settings_for({(c.event.organization_id, c.event.mode) for c in found})
    wanted = [c for c in found if chosen[(c.event.organization_id, c.event.mode)].wants(c.reached.kind)]
    if not wanted:
        return []
    tracker_ids = dict(
        Tracker.objects.filter(public_id__in={c.event.subject_id for c in wanted}).values_list("public_id", "pk")
    )
    off = set(Suppression.objects.filter(tracker_id__in=tracker_ids.values()).values_list("tracker_id", "channel"))
    now = timezone.now()
    rows = []
    for c in wanted:
        tracker_id = tracker_ids.get(c.event.subject_id)
        if tracker_id is None:
            continue
        channels = chosen[(c.event.organization_id, c.event.mode)].channels()
        context = snapshot(c.event.data)
        language = language_of(c.event.data.get("language"))
        for channel, recipient in c.addresses.items():
            if channel not in channels or (tracker_id, channel) in off:
                continue
            rows.append(
                Notification(
                    public_id=new_public_id("ntf"),
                    organization_id=c.event.organization_id,
                    mode=c.event.mode,
                    tracker_id=tracker_id,
                    channel=channel,
                    kind=c.reached.kind,
                    milestone=c.reached.key,
                    recipient=recipient,
                    language=language,
                    context=context,
                    event_id=c.event.public_id,
                    next_attempt_at=now,
                    created_at=now,
                    updated_at=now,
                )
            )
    if not rows:
        return []
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    supersede(rows, now)
    transaction.on_commit(kick)
    return rows


def supersede(rows: list[Notification], now) -> int:
    """Older messages still waiting for the same trackers and channels would arrive stale: skip them."""
    condition = Q()
    for row in rows:
        condition |= Q(tracker_id=row.tracker_id, channel=row.channel) & ~Q(milestone=row.milestone)
    return Notification.objects.filter(condition, status=NotificationStatus.PENDING, created_at__lt=now).update(
        status=NotificationStatus.SKIPPED, next_attempt_at=None, last_error=SUPERSEDED, updated_at=now
    )


def kick() -> None:
    """Queue the sender now rather than waiting for the per-minute sweep."""
    from notifications.tasks import enqueue_send

    enqueue_send()
