"""The one door to notification settings, templates, opt-outs and the send log.

The dashboard, the unsubscribe page and admin call these; no rule lives in a view or a form.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import Organization
from core.errors import FieldError, ServiceError
from notifications import content
from notifications.milestones import DEFAULT_MILESTONES, Milestone
from notifications.models import (
    Channel,
    MessageTemplate,
    Notification,
    NotificationSettings,
    NotificationStatus,
    Suppression,
)
from notifications.wording import Wording
from trackers.models import Tracker

# --- settings -------------------------------------------------------------------------------------


def settings_for(organization: Organization, mode: str) -> NotificationSettings:
    """The saved settings, or the defaults (unsaved) when the organization never changed them."""
    found = NotificationSettings.objects.filter(organization=organization, mode=mode).first()
    return found or NotificationSettings(organization=organization, mode=mode, milestones=list(DEFAULT_MILESTONES))


def update_settings(
    organization: Organization, mode: str, *, email_enabled: bool, sms_enabled: bool, milestones: list[str]
) -> NotificationSettings:
    unknown = sorted(set(milestones) - set(Milestone.values))
    if unknown:
        raise ServiceError(
            "invalid_milestones",
            f"Unknown milestone(s): {', '.join(unknown)}.",
            400,
            [FieldError("milestones", f"Choose among {', '.join(Milestone.values)}.")],
        )
    ordered = [m for m in Milestone.values if m in set(milestones)]
    row, _ = NotificationSettings.objects.update_or_create(
        organization=organization,
        mode=mode,
        defaults={
            "email_enabled": email_enabled,
            "sms_enabled": sms_enabled,
            "milestones": ordered,
            "updated_at": timezone.now(),
        },
    )
    return row


# --- templates ------------------------------------------------------------------------------------


def wording_for(organization: Organization, channel: str, language: str) -> tuple[str, str, bool]:
    """(subject, body, customized) the organization's messages use in this channel and language."""
    row = MessageTemplate.objects.filter(organization=organization, channel=channel, language=language).first()
    if row is not None:
        return row.subject, row.body, True
    subject, body = Wording().get(organization.pk, channel, language)
    return subject, body, False


def check_template(channel: str, subject: str, body: str) -> None:
    """Refuse unknown placeholders, an empty body and an SMS without its link."""
    errors = []
    for name, text in (("subject", subject), ("body", body)):
        unknown = content.unknown_placeholders(text)
        if unknown:
            allowed = ", ".join("{" + p + "}" for p in content.PLACEHOLDERS)
            errors.append(FieldError(name, f"Unknown placeholder {{{unknown[0]}}}; use {allowed}."))
    if not body.strip():
        errors.append(FieldError("body", "Write the message (placeholders are filled in when it is sent)."))
    if channel == Channel.EMAIL and not subject.strip():
        errors.append(FieldError("subject", "An email needs a subject."))
    if errors:
        raise ServiceError("invalid_template", "The template has mistakes.", 400, errors)


def save_template(organization: Organization, channel: str, language: str, subject: str, body: str) -> MessageTemplate:
    check_template(channel, subject, body)
    row, _ = MessageTemplate.objects.update_or_create(
        organization=organization,
        channel=channel,
        language=content.language_of(language),
        defaults={
            "subject": subject.strip() if channel == Channel.EMAIL else "",
            "body": body.strip(),
            "updated_at": timezone.now(),
        },
    )
    return row


def reset_template(organization: Organization, channel: str, language: str) -> None:
    MessageTemplate.objects.filter(organization=organization, channel=channel, language=language).delete()


def sample_context(organization: Organization) -> dict:
    """A parcel out for delivery, for previews: no tracker of the organization is needed."""
    now = timezone.now()
    return {
        "status": "out_for_delivery",
        "status_detail": "out_for_delivery",
        "tracking_number": "PKGX-AAAAAAA-1234567",
        "courier": "sandbox",
        "est_delivery_at": (now + timedelta(hours=6)).isoformat(),
        "delivered_at": None,
        "public_url": "https://track.example.com/t/preview/",
        "name": "Karen Ng",
        "last_event": {
            "message": "Out for delivery",
            "place": "Chicago, US",
            "occurred_at": now.isoformat(),
            "time_zone": "America/Chicago",
        },
    }


def preview(organization: Organization, channel: str, language: str, subject: str, body: str) -> dict:
    """What the template would send for a sample parcel; raises ServiceError like save would."""
    check_template(channel, subject, body)
    context = sample_context(organization)
    language = content.language_of(language)
    if channel == Channel.EMAIL:
        words = content.email(organization, context, language, subject, body, "https://track.example.com/unsubscribe")
        return {"subject": words.subject, "text": words.text, "html": words.html}
    text = content.sms(organization, context, language, body)
    return {"text": text, "length": content.sms_length(text), "limit": content.segment_limit(text)}


# --- opt-outs -------------------------------------------------------------------------------------


def suppressed_channels(tracker: Tracker) -> set[str]:
    return set(Suppression.objects.filter(tracker=tracker).values_list("channel", flat=True))


def opt_out(tracker: Tracker, channels: list[str], source: str = Suppression.Source.TEAM) -> int:
    """Stop these channels for the tracker, and whatever of them is still waiting; returns how many stopped."""
    with transaction.atomic():
        for channel in channels:
            Suppression.objects.get_or_create(tracker=tracker, channel=channel, defaults={"source": source})
        return Notification.objects.filter(
            tracker=tracker, channel__in=channels, status=NotificationStatus.PENDING
        ).update(
            status=NotificationStatus.SKIPPED,
            next_attempt_at=None,
            last_error="Not sent: notifications for this tracker were turned off.",
            updated_at=timezone.now(),
        )


def opt_in(tracker: Tracker) -> None:
    """The team turns notifications back on; a recipient's own refusal (unsubscribe link, STOP) is kept."""
    Suppression.objects.filter(tracker=tracker, source=Suppression.Source.TEAM).delete()


def by_token(token: str) -> Notification:
    found = (
        Notification.objects.filter(unsubscribe_token=token, channel=Channel.EMAIL)
        .select_related("organization", "tracker")
        .first()
        if 20 <= len(token) <= 40
        else None
    )
    if found is None:
        raise ServiceError("not_found", "This unsubscribe link is not valid.", 404)
    return found


def unsubscribe(token: str) -> Notification:
    """The recipient's link: no more emails about this tracker (idempotent)."""
    notification = by_token(token)
    opt_out(notification.tracker, [Channel.EMAIL], Suppression.Source.RECIPIENT)
    return notification


# --- the log --------------------------------------------------------------------------------------


def log_for(tracker: Tracker) -> QuerySet[Notification]:
    return Notification.objects.filter(tracker=tracker).order_by("-created_at", "-id")
