"""The exception queue's services: read the queue, assign, note, snooze, resolve.

The dashboard's queue page, the tracker page's case panel and bulk actions all call these. Every
function takes the tracker already scoped to the caller's organization and mode (services.get_tracker).
Assignment and resolution are told through the event seam (`exception.assigned`,
`exception.resolved`), in the same transaction as the change.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count, F, Min, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import Membership, Organization, organization_id
from core.errors import ServiceError, invalid
from events.models import EventType
from events.outbox import emit
from trackers.casework import late
from trackers.casework.models import Case, CaseNote
from trackers.casework.notices import exception_event
from trackers.models import EXCEPTIONS, Tracker

NOTE_LIMIT = 5000
VIEWS = ("open", "mine", "unassigned", "snoozed", "resolved")
# Age buckets of the open queue, by time since the carrier's last word.
AGE_BUCKETS = (("under_1d", timedelta(days=1)), ("under_3d", timedelta(days=3)), ("under_7d", timedelta(days=7)))


def needs_a_person(now: datetime | None = None) -> Q:
    """The carrier reports a problem, or the tracker is late."""
    late_q = late.late_q(now or timezone.now())
    return EXCEPTIONS | late_q if late_q is not None else EXCEPTIONS


def late_is_wired() -> bool:
    return late.late_q(timezone.now()) is not None


def resolved_q() -> Q:
    """Resolved, and nothing new from the carrier since: a new scan puts it back in the queue."""
    return Q(case__resolved_at__isnull=False) & (
        Q(last_event_at__isnull=True) | Q(last_event_at__lte=F("case__resolved_at"))
    )


def snoozed_q(now: datetime) -> Q:
    return Q(case__snoozed_until__gt=now)


def queue(trackers: QuerySet[Tracker], view: str = "open", user=None, now: datetime | None = None) -> QuerySet[Tracker]:
    """The queue in one view, oldest problem first. `trackers` is services.trackers_for(...)."""
    now = now or timezone.now()
    waiting = trackers.filter(needs_a_person(now))
    if view == "resolved":
        chosen = waiting.filter(resolved_q()).order_by("-case__resolved_at", "-id")
        return chosen.select_related("case", "case__assignee", "case__resolved_by")
    waiting = waiting.exclude(resolved_q())
    if view == "snoozed":
        waiting = waiting.filter(snoozed_q(now))
    else:
        waiting = waiting.exclude(snoozed_q(now))
        if view == "mine":
            waiting = waiting.filter(case__assignee=user)
        elif view == "unassigned":
            waiting = waiting.filter(Q(case__isnull=True) | Q(case__assignee__isnull=True))
    return (
        waiting.annotate(since=Coalesce("last_event_at", "updated_at"))
        .order_by("since", "id")
        .select_related("case", "case__assignee")
    )


@dataclass
class Summary:
    open: int
    unassigned: int
    mine: int
    snoozed: int
    ages: list[tuple[str, int]]  # (label, count) from the youngest bucket to the oldest
    oldest_since: datetime | None


AGE_LABELS = {"under_1d": "under a day", "under_3d": "1–3 days", "under_7d": "3–7 days", "older": "over a week"}


def summary(trackers: QuerySet[Tracker], user, now: datetime | None = None) -> Summary:
    """Open, unassigned, mine and snoozed counts, and how old the open ones are: one query."""
    now = now or timezone.now()
    waiting = (
        trackers.filter(needs_a_person(now))
        .exclude(resolved_q())
        .annotate(since=Coalesce("last_event_at", "updated_at"))
    )
    is_open = ~Q(case__snoozed_until__gt=now)
    aggregates: dict = {
        "open": Count("id", filter=is_open),
        "unassigned": Count("id", filter=is_open & (Q(case__isnull=True) | Q(case__assignee__isnull=True))),
        "mine": Count("id", filter=is_open & Q(case__assignee=user))
        if user is not None
        else Count("id", filter=Q(pk=None)),
        "snoozed": Count("id", filter=~is_open),
        "oldest": Min("since", filter=is_open),
    }
    previous = now
    for name, age in AGE_BUCKETS:
        aggregates[name] = Count("id", filter=is_open & Q(since__gt=now - age) & Q(since__lte=previous))
        previous = now - age
    aggregates["older"] = Count("id", filter=is_open & Q(since__lte=previous))
    row = waiting.aggregate(**aggregates)
    ages = [(AGE_LABELS[name], row[name]) for name in (*(n for n, _ in AGE_BUCKETS), "older")]
    return Summary(row["open"], row["unassigned"], row["mine"], row["snoozed"], ages, row["oldest"])


def in_queue(tracker: Tracker, now: datetime | None = None) -> bool:
    return Tracker.objects.filter(pk=tracker.pk).filter(needs_a_person(now)).exclude(resolved_q()).exists()


def members(organization: Organization | int) -> QuerySet:
    """The people a tracker can be assigned to: the organization's members."""
    return (
        get_user_model().objects.filter(memberships__organization_id=organization_id(organization)).order_by("username")
    )


def case_of(tracker: Tracker) -> Case | None:
    return Case.objects.filter(tracker=tracker).select_related("assignee", "resolved_by").first()


def notes_of(tracker: Tracker, limit: int = 50) -> list[CaseNote]:
    return list(CaseNote.objects.filter(tracker=tracker).select_related("author")[:limit])


def _case(tracker: Tracker) -> Case:
    case, _ = Case.objects.select_for_update().get_or_create(tracker=tracker)
    return case


def _member(tracker: Tracker, user_id: int | None) -> Any:
    user = members(tracker.organization_id).filter(pk=user_id).first() if user_id else None
    if user_id and user is None:
        # Another organization's user does not exist here.
        raise invalid("unknown_member", "Assign to a member of this organization.", "assignee")
    return user


@transaction.atomic
def assign(tracker: Tracker, assignee_id: int | None, by=None) -> Case:
    """Assign the tracker's problem to a member (None: unassign); tells `exception.assigned`."""
    assignee = _member(tracker, assignee_id)
    case = _case(tracker)
    if case.assignee_id == (assignee.pk if assignee else None):
        return case
    case.assignee = assignee
    case.assigned_at = timezone.now() if assignee else None
    case.save(update_fields=["assignee", "assigned_at"])
    emit(exception_event(tracker, EventType.EXCEPTION_ASSIGNED, case, by))
    return case


@transaction.atomic
def add_note(tracker: Tracker, author, body: str) -> CaseNote:
    text = (body or "").strip()
    if not text:
        raise invalid("empty_note", "Write something first.", "body")
    if len(text) > NOTE_LIMIT:
        raise invalid("note_too_long", f"A note holds at most {NOTE_LIMIT} characters.", "body")
    return CaseNote.objects.create(tracker=tracker, author=author, body=text)


@transaction.atomic
def snooze(tracker: Tracker, until: datetime | None, by=None) -> Case:
    """Hide the tracker from the open queue until `until` (None: wake it now)."""
    now = timezone.now()
    if until is not None and until <= now:
        raise invalid("snooze_in_the_past", "Snooze until a time in the future.", "until")
    if until is not None and until > now + timedelta(days=365):
        raise invalid("snooze_too_long", "Snooze for at most a year.", "until")
    case = _case(tracker)
    case.snoozed_until = until
    case.save(update_fields=["snoozed_until"])
    return case


@transaction.atomic
def resolve(tracker: Tracker, by=None, resolution: str = "") -> Case:
    """Settle the tracker's problem; it leaves the queue until the carrier reports something new.

    Refused (409) when the tracker is not in the queue, so a double click resolves once."""
    if len(resolution or "") > 500:
        raise invalid("resolution_too_long", "Say how it was resolved in at most 500 characters.", "resolution")
    if not in_queue(tracker):
        raise ServiceError("not_in_queue", "This tracker is not in the exception queue.", 409)
    case = _case(tracker)
    case.resolved_at = timezone.now()
    case.resolved_by = by
    case.resolution = (resolution or "").strip()
    case.snoozed_until = None
    case.save(update_fields=["resolved_at", "resolved_by", "resolution", "snoozed_until"])
    emit(exception_event(tracker, EventType.EXCEPTION_RESOLVED, case, by))
    return case


def role_of(user, organization: Organization | int) -> str | None:
    membership = Membership.objects.filter(user=user, organization_id=organization_id(organization)).first()
    return membership.role if membership else None
