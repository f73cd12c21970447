"""Organization, membership and API-key rules, shared by the dashboard, commands and admin."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify

from accounts.errors import ServiceError
from accounts.models import ApiKey, Mode, Organization, UsageCounter


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
