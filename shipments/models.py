"""Shipments for teams that run their own deliveries (as in PackageX), and the places, people and
containers a shipment passes through.

Every row belongs to one organization and one mode, like trackers: test and live never mix, and
another organization's location, contact or container is refused by the update service.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from accounts.models import Mode, Organization
from core.ids import PublicIdField
from shipments.rules import ShipmentStatus, ShipmentType, Visibility


class Scoped(models.Model):
    """What every shipments table shares: its organization, its mode, and when it changed."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    mode = models.CharField(max_length=4, choices=Mode.choices)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        abstract = True


class Location(Scoped):
    """A site of the organization: a mailroom, a warehouse, a depot."""

    public_id = PublicIdField(prefix="loc")
    name = models.CharField(max_length=200)
    address = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["organization", "mode", "-created_at", "-id"], name="location_list")]

    def __str__(self) -> str:
        return self.name


class Layout(Scoped):
    """An area inside one location (a shelf, a bay, a locker bank)."""

    public_id = PublicIdField(prefix="lay")
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="layouts")
    name = models.CharField(max_length=200)

    class Meta:
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["organization", "mode", "-created_at", "-id"], name="layout_list")]

    def __str__(self) -> str:
        return self.name


class Contact(Scoped):
    """A person of the organization a shipment is handed to or held for."""

    public_id = PublicIdField(prefix="ctc")
    name = models.CharField(max_length=200)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    company = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["organization", "mode", "-created_at", "-id"], name="contact_list")]

    def __str__(self) -> str:
        return self.name


class Container(Scoped):
    """Holds shipments (a bag, a cage, a pallet): its status or location update reaches all of them."""

    public_id = PublicIdField(prefix="ctr")
    name = models.CharField(max_length=200)
    status = models.CharField(max_length=24, choices=ShipmentStatus.choices, default=ShipmentStatus.CREATED)
    location = models.ForeignKey(Location, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    layout = models.ForeignKey(Layout, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["organization", "mode", "-created_at", "-id"], name="container_list")]

    def __str__(self) -> str:
        return self.name


class Shipment(Scoped):
    public_id = PublicIdField(prefix="shp")
    type = models.CharField(max_length=10, choices=ShipmentType.choices, default=ShipmentType.OUTBOUND)
    status = models.CharField(max_length=24, choices=ShipmentStatus.choices, default=ShipmentStatus.CREATED)
    # As PackageX gives it: two numbers.
    coordinates = models.JSONField(null=True, blank=True)
    estimated_delivery_at = models.DateTimeField(null=True, blank=True)
    pickup_at = models.DateTimeField(null=True, blank=True)

    rma_number = models.CharField(max_length=100, blank=True)
    invoice_number = models.CharField(max_length=100, blank=True)
    order_number = models.CharField(max_length=100, blank=True)
    purchase_order = models.CharField(max_length=100, blank=True)
    reference_number = models.CharField(max_length=100, blank=True)
    account_id = models.CharField(max_length=100, blank=True)

    tracking_number = models.CharField(max_length=64, blank=True)
    provider_id = models.CharField(max_length=40, blank=True)
    service_level_id = models.CharField(max_length=100, blank=True)
    weight = models.FloatField(null=True, blank=True)
    length = models.FloatField(null=True, blank=True)
    width = models.FloatField(null=True, blank=True)
    height = models.FloatField(null=True, blank=True)
    # A purchased shipment's label exists: its carrier fields are frozen.
    purchased = models.BooleanField(default=False)

    notes = models.TextField(blank=True, max_length=10000)
    tags = models.JSONField(default=list, blank=True)
    metadata = models.JSONField(default=dict, blank=True)

    sender_address = models.JSONField(default=dict, blank=True)
    recipient_address = models.JSONField(default=dict, blank=True)

    container = models.ForeignKey(Container, null=True, blank=True, on_delete=models.SET_NULL, related_name="shipments")
    location = models.ForeignKey(Location, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    layout = models.ForeignKey(Layout, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    contact = models.ForeignKey(Contact, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    tracker = models.ForeignKey(
        "trackers.Tracker", null=True, blank=True, on_delete=models.SET_NULL, related_name="shipments"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["organization", "mode", "-created_at", "-id"], name="shipment_list"),
            models.Index(fields=["organization", "mode", "status", "-created_at"], name="shipment_status"),
            models.Index(fields=["organization", "mode", "type", "-created_at"], name="shipment_type"),
            models.Index(fields=["organization", "mode", "tracking_number"], name="shipment_number"),
            models.Index(
                fields=["organization", "mode", "rma_number"], name="shipment_rma", condition=~Q(rma_number="")
            ),
            models.Index(
                fields=["organization", "mode", "invoice_number"],
                name="shipment_invoice",
                condition=~Q(invoice_number=""),
            ),
            models.Index(
                fields=["organization", "mode", "order_number"], name="shipment_order", condition=~Q(order_number="")
            ),
            models.Index(
                fields=["organization", "mode", "purchase_order"],
                name="shipment_po",
                condition=~Q(purchase_order=""),
            ),
            models.Index(
                fields=["organization", "mode", "reference_number"],
                name="shipment_reference",
                condition=~Q(reference_number=""),
            ),
            models.Index(
                fields=["organization", "mode", "account_id"], name="shipment_account", condition=~Q(account_id="")
            ),
        ]

    def __str__(self) -> str:
        return self.public_id

    @property
    def sender_country(self) -> str:
        return str((self.sender_address or {}).get("country") or "").upper()

    @property
    def recipient_country(self) -> str:
        return str((self.recipient_address or {}).get("country") or "").upper()

    @property
    def is_international(self) -> bool:
        """PackageX's rule: international when sender and recipient countries differ (both known)."""
        return bool(self.sender_country and self.recipient_country and self.sender_country != self.recipient_country)

    @property
    def dimensions(self) -> dict | None:
        if self.length is None and self.width is None and self.height is None:
            return None
        return {"length": self.length, "width": self.width, "height": self.height}


class ShipmentTag(models.Model):
    """One tag of a shipment as a row, so the tag filter is an index lookup on every database."""

    shipment = models.ForeignKey(Shipment, on_delete=models.CASCADE, related_name="tag_rows")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    mode = models.CharField(max_length=4, choices=Mode.choices)
    tag = models.CharField(max_length=50)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["shipment", "tag"], name="shipmenttag_unique")]
        indexes = [models.Index(fields=["organization", "mode", "tag"], name="shipmenttag_lookup")]

    def __str__(self) -> str:
        return self.tag


class ShipmentLog(models.Model):
    public_id = PublicIdField(prefix="slg")
    shipment = models.ForeignKey(Shipment, on_delete=models.CASCADE, related_name="logs")
    message = models.TextField(max_length=5000)
    images = models.JSONField(default=list, blank=True)
    visibility = models.CharField(max_length=10, choices=Visibility.choices, default=Visibility.PRIVATE)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["shipment", "-created_at", "-id"], name="shipmentlog_shipment")]

    def __str__(self) -> str:
        return self.message[:60]


class TrackingUpdate(models.Model):
    """One step of a shipment's history: who moved it where, to which status, and why."""

    class Source(models.TextChoices):
        API = "api", "API"
        DASHBOARD = "dashboard", "Dashboard"
        CONTAINER = "container", "Container"
        TRACKER = "tracker", "Tracker"

    public_id = PublicIdField(prefix="tup")
    shipment = models.ForeignKey(Shipment, on_delete=models.CASCADE, related_name="tracking_updates")
    status = models.CharField(max_length=24, choices=ShipmentStatus.choices)
    previous_status = models.CharField(max_length=24, choices=ShipmentStatus.choices, blank=True)
    forced = models.BooleanField(default=False, help_text="A correction outside the transition table")
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.API)
    container = models.ForeignKey(Container, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    location = models.ForeignKey(Location, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    layout = models.ForeignKey(Layout, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    contact = models.ForeignKey(Contact, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    comment = models.TextField(blank=True, max_length=5000)
    address_text = models.CharField(max_length=500, blank=True)
    address = models.JSONField(default=dict, blank=True)
    images = models.JSONField(default=list, blank=True)
    occurred_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [models.Index(fields=["shipment", "-occurred_at", "-id"], name="trackingupdate_shipment")]

    def __str__(self) -> str:
        return f"{self.shipment_id} {self.status}"


class Customs(models.Model):
    shipment = models.OneToOneField(Shipment, on_delete=models.CASCADE, related_name="customs")
    incoterm = models.CharField(max_length=10, blank=True)
    signer = models.CharField(max_length=200, blank=True)
    certify = models.BooleanField(default=False)
    contents_type = models.CharField(max_length=40, blank=True)
    contents_explanation = models.CharField(max_length=500, blank=True)
    eel_type = models.CharField(max_length=100, blank=True)
    restriction_type = models.CharField(max_length=40, blank=True)
    restriction_comments = models.CharField(max_length=500, blank=True)
    non_delivery_option = models.CharField(max_length=40, blank=True)

    class Meta:
        verbose_name_plural = "customs"

    def __str__(self) -> str:
        return f"customs of {self.shipment_id}"


class CustomsItem(models.Model):
    customs = models.ForeignKey(Customs, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField(default=0)
    description = models.CharField(max_length=500)
    quantity = models.PositiveIntegerField(default=1)
    value = models.FloatField(default=0)
    weight = models.FloatField(default=0)
    sku = models.CharField(max_length=100, blank=True)
    # PackageX's defaults: code falls back to sku, then "N/A"; mode to "test"; manufacturer to "N/A".
    code = models.CharField(max_length=100, default="N/A")
    origin_country = models.CharField(max_length=2, blank=True)
    hs_tariff_number = models.CharField(max_length=20, blank=True)
    currency = models.CharField(max_length=3, blank=True)
    mode = models.CharField(max_length=10, default="test")
    manufacturer = models.CharField(max_length=200, default="N/A")

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.description
