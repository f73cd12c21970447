"""Shipment statuses as words in templates (history rows keep the stored code)."""

from django import template

from shipments.rules import ShipmentStatus

register = template.Library()


@register.filter
def shipment_status(value: str) -> str:
    return ShipmentStatus(value).label if value in ShipmentStatus.values else value
