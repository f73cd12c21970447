"""Admin for every shipments model. Shipments and their history are read-only here: their changes
go through shipments.services (rules, one transaction, shipment.updated), which the API and the
dashboard call; places, people and containers are plain records staff may correct."""

from django.contrib import admin

from shipments.models import (
    Contact,
    Container,
    Customs,
    CustomsItem,
    Layout,
    Location,
    Shipment,
    ShipmentLog,
    ShipmentTag,
    TrackingUpdate,
)


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class TrackingUpdateInline(ReadOnlyInline):
    model = TrackingUpdate
    fields = ["occurred_at", "status", "previous_status", "forced", "source", "location", "container", "comment"]
    ordering = ["-occurred_at"]


class ShipmentLogInline(ReadOnlyInline):
    model = ShipmentLog
    fields = ["created_at", "visibility", "message", "author"]


@admin.register(Shipment)
class ShipmentAdmin(ReadOnly):
    list_display = ["public_id", "organization", "mode", "type", "status", "tracking_number", "order_number"]
    list_filter = ["status", "type", "mode", "purchased", "organization"]
    search_fields = ["public_id", "tracking_number", "order_number", "reference_number", "invoice_number"]
    list_select_related = ["organization"]
    inlines = [TrackingUpdateInline, ShipmentLogInline]


@admin.register(TrackingUpdate)
class TrackingUpdateAdmin(ReadOnly):
    list_display = ["public_id", "shipment", "status", "previous_status", "forced", "source", "occurred_at"]
    list_filter = ["source", "forced", "status"]
    list_select_related = ["shipment"]


@admin.register(ShipmentLog)
class ShipmentLogAdmin(ReadOnly):
    list_display = ["public_id", "shipment", "visibility", "message", "created_at"]
    list_filter = ["visibility"]
    list_select_related = ["shipment"]


@admin.register(ShipmentTag)
class ShipmentTagAdmin(ReadOnly):
    list_display = ["tag", "shipment", "organization", "mode"]
    search_fields = ["tag"]


class CustomsItemInline(ReadOnlyInline):
    model = CustomsItem
    fields = ["position", "description", "quantity", "value", "currency", "sku", "code", "origin_country"]


@admin.register(Customs)
class CustomsAdmin(ReadOnly):
    list_display = ["shipment", "incoterm", "contents_type", "restriction_type"]
    inlines = [CustomsItemInline]


@admin.register(CustomsItem)
class CustomsItemAdmin(ReadOnly):
    list_display = ["description", "customs", "quantity", "value", "code", "mode", "manufacturer"]


class Scoped(admin.ModelAdmin):
    list_filter = ["mode", "organization"]
    search_fields = ["name", "public_id"]
    list_select_related = ["organization"]
    readonly_fields = ["public_id", "created_at", "updated_at"]


@admin.register(Location)
class LocationAdmin(Scoped):
    list_display = ["name", "public_id", "organization", "mode"]


@admin.register(Layout)
class LayoutAdmin(Scoped):
    list_display = ["name", "public_id", "location", "organization", "mode"]
    raw_id_fields = ["location"]


@admin.register(Contact)
class ContactAdmin(Scoped):
    list_display = ["name", "public_id", "email", "organization", "mode"]


@admin.register(Container)
class ContainerAdmin(Scoped):
    list_display = ["name", "public_id", "status", "location", "organization", "mode"]
    # Status and location reach the shipments inside: only through the service (API, dashboard).
    readonly_fields = [*Scoped.readonly_fields, "status", "location", "layout"]
