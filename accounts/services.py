"""Organization, membership and API-key rules, shared by the dashboard, commands and admin."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify

from accounts import domains, lifecycle_settings
from accounts.branding import (
    COLOUR_HINT,
    EMAIL_HINT,
    LOGO_HINT,
    PHONE_HINT,
    URL_HINT,
    valid_colour,
    valid_logo,
    valid_support_email,
    valid_support_phone,
    valid_support_url,
)
from accounts.models import ApiKey, Membership, Mode, Organization, UsageCounter
from core.errors import FieldError, ServiceError


def hash_key(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@dataclass
class NewApiKey:
    api_key: ApiKey
    raw: str  # shown once; never stored


def get_or_create_organization(slug: str, name: str | None = None) -> Organization:
    slug = slugify(slug)
    if not slug:
        raise ServiceError("invalid_slug", "An organization slug needs letters or digits.")
    org, _ = Organization.objects.get_or_create(slug=slug, defaults={"name": name or slug})
    return org


SETTINGS_FIELDS = (
    "display_name",
    "brand_color",
    "logo_url",
    "international_shipping",
    "support_email",
    "support_phone",
    "support_url",
    "tracking_domain",
    *lifecycle_settings.FIELDS,  # when refreshing stops (trackers/lifecycle.py); None: the default
)
# The lifecycle's numbers: (least, most) days a person may set.
LIFECYCLE_BOUNDS = {"expire_after_days": (1, 365), "refresh_after_delivery_days": (0, 365)}


CONTACT_RULES = (
    ("support_email", valid_support_email, EMAIL_HINT),
    ("support_phone", valid_support_phone, PHONE_HINT),
    ("support_url", valid_support_url, URL_HINT),
)


def update_settings(organization: Organization, data: dict) -> Organization:
    """What recipients see on the public page, whether international shipping is on, and when
    refreshing a tracker stops."""
    unknown = sorted(set(data) - set(SETTINGS_FIELDS))
    errors = [FieldError(name, "Not an organization setting.") for name in unknown]
    cleaned: dict = {}
    if "display_name" in data:
        name = data["display_name"] or ""
        if not isinstance(name, str) or len(name) > 200:
            errors.append(FieldError("display_name", "At most 200 characters."))
        else:
            cleaned["display_name"] = name.strip()
    if "brand_color" in data:
        raw = data["brand_color"] or ""
        colour = valid_colour(raw) if isinstance(raw, str) else ""
        if raw and not colour:
            errors.append(FieldError("brand_color", COLOUR_HINT))
        cleaned["brand_color"] = colour
    if "logo_url" in data:
        raw = data["logo_url"] or ""
        logo = valid_logo(raw) if isinstance(raw, str) and len(raw) <= 200 else ""
        if raw and not logo:
            errors.append(FieldError("logo_url", LOGO_HINT))
        cleaned["logo_url"] = logo
    if "international_shipping" in data:
        if not isinstance(data["international_shipping"], bool):
            errors.append(FieldError("international_shipping", "Must be true or false."))
        else:
            cleaned["international_shipping"] = data["international_shipping"]
    for name, check, hint in CONTACT_RULES:
        if name in data:
            raw = data[name] or ""
            value = check(raw) if isinstance(raw, str) else ""
            if raw and not value:
                errors.append(FieldError(name, hint))
            cleaned[name] = value
    if "tracking_domain" in data:
        raw = data["tracking_domain"] or ""
        domain = domains.valid_domain(raw) if isinstance(raw, str) else ""
        if raw and not domain:
            errors.append(FieldError("tracking_domain", domains.HINT))
        elif domain and domain in {h.lower() for h in settings.STATIC_ALLOWED_HOSTS}:
            errors.append(FieldError("tracking_domain", "This host is the server's own; pick your shop's domain."))
        elif domain and Organization.objects.filter(tracking_domain=domain).exclude(pk=organization.pk).exists():
            raise ServiceError(
                "tracking_domain_taken",
                "Another organization uses this tracking domain.",
                409,
                [FieldError("tracking_domain", "Another organization uses this tracking domain.")],
            )
        cleaned["tracking_domain"] = domain
    for name, (least, most) in LIFECYCLE_BOUNDS.items():
        if name in data:
            days = data[name]
            whole = isinstance(days, int) and not isinstance(days, bool)
            if days is not None and not (whole and least <= days <= most):
                hint = f"A whole number of days from {least} to {most}, or empty for the default."
                errors.append(FieldError(name, hint))
            else:
                cleaned[name] = days
    if errors:
        raise ServiceError("invalid_settings", "Some settings are not valid.", 400, errors)
    for name, value in cleaned.items():
        setattr(organization, name, value)
    if cleaned:
        organization.save(update_fields=list(cleaned))
    if "tracking_domain" in cleaned:
        domains.forget()
    if cleaned.keys() & LIFECYCLE_BOUNDS.keys():
        lifecycle_settings.forget()
    return organization


def add_member(organization: Organization, user, role: str = Membership.Role.MEMBER) -> Membership:
    """Give a user access to an organization (idempotent: an existing membership is kept)."""
    if role not in Membership.Role.values:
        raise ServiceError("invalid_role", f"Role must be one of: {', '.join(Membership.Role.values)}.")
    membership, _ = Membership.objects.get_or_create(user=user, organization=organization, defaults={"role": role})
    return membership


def create_api_key(organization: Organization, mode: str, name: str = "") -> NewApiKey:
    if mode not in Mode.values:
        raise ServiceError("invalid_mode", f"Mode must be one of: {', '.join(Mode.values)}.")
    raw = f"sk_{mode}_{secrets.token_urlsafe(32)}"
    key = ApiKey.objects.create(
        organization=organization, mode=mode, name=name, prefix=raw[:12], key_hash=hash_key(raw)
    )
    return NewApiKey(api_key=key, raw=raw)


def revoke_api_key(api_key: ApiKey) -> None:
    if api_key.revoked_at is None:
        api_key.revoked_at = timezone.now()
        api_key.save(update_fields=["revoked_at"])


def find_api_key(raw: str) -> ApiKey | None:
    """The active key for a raw key string, with its organization, or None."""
    if not raw or len(raw) > 200:
        return None
    key = ApiKey.objects.select_related("organization").filter(key_hash=hash_key(raw), revoked_at__isnull=True).first()
    if key is None:
        return None
    now = timezone.now()
    # Writing last_used_at on every request would make reads write; once a minute is plenty.
    if key.last_used_at is None or (now - key.last_used_at).total_seconds() > 60:
        ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
        key.last_used_at = now
    return key


def month_start(when=None):
    when = timezone.localdate(when or timezone.now(), timezone=UTC)
    return when.replace(day=1)


def record_creations(organization_id: int, mode: str, count: int) -> None:
    """Add creations to this month's counter (inside the caller's transaction)."""
    if count <= 0:
        return
    month = month_start()
    updated = UsageCounter.objects.filter(organization_id=organization_id, mode=mode, month=month).update(
        trackers_created=F("trackers_created") + count
    )
    if not updated:
        with transaction.atomic():
            counter, created = UsageCounter.objects.get_or_create(
                organization_id=organization_id, mode=mode, month=month, defaults={"trackers_created": count}
            )
        if not created:
            UsageCounter.objects.filter(pk=counter.pk).update(trackers_created=F("trackers_created") + count)


def usage(organization: Organization) -> dict:
    month = month_start()
    rows = dict(
        UsageCounter.objects.filter(organization=organization, month=month).values_list("mode", "trackers_created")
    )
    return {
        "month": month.isoformat(),
        "trackers_created": {mode: rows.get(mode, 0) for mode in Mode.values},
        "credit_balance": organization.credit_balance,
        "unlimited": organization.credit_balance is None,
    }


def grant_credits(organization: Organization, amount: int | None) -> int | None:
    """Add tracker credits (Packy's credits; an operator's act). An unlimited organization
    starts counting from the grant; `None` makes it unlimited again. Returns the new balance."""
    if amount is not None and (isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0):
        raise ServiceError("invalid_amount", "Grant a whole number of credits above zero.", 400)
    with transaction.atomic():
        org = Organization.objects.select_for_update().get(pk=organization.pk)
        org.credit_balance = None if amount is None else (org.credit_balance or 0) + amount
        org.save(update_fields=["credit_balance"])
    organization.credit_balance = org.credit_balance
    return org.credit_balance
