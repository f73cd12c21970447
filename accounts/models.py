"""Organizations own everything; members reach it through the dashboard, keys through the API."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from core.ids import PublicIdField


class Mode(models.TextChoices):
    TEST = "test", "Test"
    LIVE = "live", "Live"


class Organization(models.Model):
    slug = models.SlugField(max_length=64, unique=True)
    name = models.CharField(max_length=200)
    # What recipients see on the public tracking page.
    display_name = models.CharField(max_length=200, blank=True)
    brand_color = models.CharField(max_length=7, blank=True, help_text="Hex colour, e.g. #0b5fff")
    logo_url = models.URLField(blank=True)
    international_shipping = models.BooleanField(default=False)
    # How recipients reach the shop when something goes wrong (shown on the public page).
    support_email = models.EmailField(blank=True)
    support_phone = models.CharField(max_length=32, blank=True)
    support_url = models.URLField(blank=True, max_length=300)
    # The shop's own host for its public pages (accounts/domains.py); empty: PUBLIC_BASE_URL.
    tracking_domain = models.CharField(max_length=253, blank=True)
    # When refreshing stops (trackers/lifecycle.py); None: the installation's default.
    expire_after_days = models.PositiveSmallIntegerField(null=True, blank=True)
    refresh_after_delivery_days = models.PositiveSmallIntegerField(null=True, blank=True)
    # None means unlimited; a number is what live creations may still use.
    credit_balance = models.IntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["tracking_domain"], condition=~models.Q(tracking_domain=""), name="org_tracking_domain_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def public_name(self) -> str:
        return self.display_name or self.name


def organization_id(organization: Organization | int) -> int:
    """Scoped reads take an organization or its id (API views hold only the id): the id either way."""
    return organization if isinstance(organization, int) else organization.pk


class Membership(models.Model):
    class Role(models.TextChoices):
        OWNER = "owner", "Owner"
        ADMIN = "admin", "Admin"
        MEMBER = "member", "Member"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.MEMBER)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "organization"], name="membership_unique")]

    def __str__(self) -> str:
        return f"{self.user} in {self.organization} ({self.role})"


class ApiKey(models.Model):
    """Only a SHA-256 of the key is stored; the key itself is shown once, at creation."""

    public_id = PublicIdField(prefix="key")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="api_keys")
    mode = models.CharField(max_length=4, choices=Mode.choices)
    name = models.CharField(max_length=100, blank=True)
    prefix = models.CharField(max_length=16, help_text="The visible start of the key.")
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["organization", "mode"], name="apikey_org_mode")]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.mode})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class UsageCounter(models.Model):
    """Trackers created per organization, mode and month: read by /usage without a COUNT(*)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="usage")
    mode = models.CharField(max_length=4, choices=Mode.choices)
    month = models.DateField(help_text="First day of the month")
    trackers_created = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organization", "mode", "month"], name="usage_unique")]

    def __str__(self) -> str:
        return f"{self.organization_id} {self.mode} {self.month:%Y-%m}: {self.trackers_created}"
