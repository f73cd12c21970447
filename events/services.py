"""Reading the outbox, scoped to one organization and mode like every other read."""

from __future__ import annotations

from django.db.models import QuerySet

from events.models import Event


def events_for(organization_id: int, mode: str) -> QuerySet[Event]:
    return Event.objects.filter(organization_id=organization_id, mode=mode)


def events_about(organization_id: int, mode: str, subject_id: str) -> QuerySet[Event]:
    """Every event about one subject (a tracker's trk_… id, say), newest first."""
    return events_for(organization_id, mode).filter(subject_id=subject_id).order_by("-created_at", "-id")
