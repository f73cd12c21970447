"""The privacy door: export and erase one person's data, set retention; each with an audit entry.

The API, the `privacy` command and the dashboard call these; they validate the person's email or
phone (privacy.subjects.subject) and record who did it (privacy.audit).
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from accounts.models import Organization
from core.errors import FieldError, ServiceError
from privacy import audit, subjects
from privacy.models import PrivacySettings

MAX_RETENTION_DAYS = 3650


def export_subject(
    organization: Organization, email: object = None, phone: object = None, source: str = "", label: str = ""
) -> dict:
    who = subjects.subject(email, phone)
    data = subjects.export(organization, who)
    found = len(data["trackers"]) + len(data["notifications"]) + len(data["shipments"])
    audit.record(
        "privacy.exported",
        organization=organization,
        target=who.label,
        detail=f"{found} records",
        source=source or None,
        label=label,
    )
    return data


def erase_subject(
    organization: Organization, email: object = None, phone: object = None, source: str = "", label: str = ""
) -> dict:
    who = subjects.subject(email, phone)
    with transaction.atomic():
        erased = subjects.erase(organization, who)
        counts = erased.as_dict()
        detail = ", ".join(f"{counts[k]} {k}" for k in ("trackers", "events", "notifications", "shipments"))
        audit.record(
            "privacy.erased",
            organization=organization,
            target=who.label,
            detail=detail,
            source=source or None,
            label=label,
        )
    return counts


def retention_days(organization: Organization) -> int | None:
    row = PrivacySettings.objects.filter(organization=organization).first()
    return row.retention_days if row else None


def set_retention(organization: Organization, days: object) -> PrivacySettings:
    """Days after a tracker is final before its recipient's data is erased; None keeps it."""
    if days in ("", None):
        value = None
    elif isinstance(days, int) and not isinstance(days, bool) and 1 <= days <= MAX_RETENTION_DAYS:
        value = days
    else:
        message = f"Use a whole number of days from 1 to {MAX_RETENTION_DAYS}, or leave it empty to keep the data."
        raise ServiceError("invalid_retention", message, 400, errors=[FieldError("retention_days", message)])
    row, _ = PrivacySettings.objects.get_or_create(organization=organization)
    if row.retention_days != value:
        row.retention_days = value
        row.updated_at = timezone.now()
        row.save()
    return row
