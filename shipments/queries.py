"""The one query door for shipment lists: the API list and the dashboard list.

One django-filter FilterSet states every filter once (each backed by an index of the migration).
The API is strict (a bad value is a 400 naming the parameter); the dashboard drops a bad value and
shows what the valid filters select.
"""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet

from carriers import numbers
from core.filtering import asks_any, lenient, strict
from shipments.models import Shipment
from shipments.rules import ShipmentStatus, ShipmentType

SEARCH_MAX = 100
REFERENCE_FILTERS = ("rma_number", "invoice_number", "order_number", "purchase_order", "reference_number", "account_id")


def search_q(text: str) -> Q:
    """A tracking number (spaces ignored, any case) or any reference number, by prefix."""
    text = text.strip()[:SEARCH_MAX]
    q = Q(tracking_number__startswith=numbers.lenient(text))
    for name in REFERENCE_FILTERS:
        q |= Q(**{f"{name}__startswith": text})
    return q | Q(public_id=text)


class ShipmentFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label="Search")
    status = django_filters.ChoiceFilter(choices=ShipmentStatus.choices, empty_label="Any status")
    type = django_filters.ChoiceFilter(choices=ShipmentType.choices, empty_label="Any type")
    rma_number = django_filters.CharFilter()
    invoice_number = django_filters.CharFilter()
    order_number = django_filters.CharFilter()
    purchase_order = django_filters.CharFilter()
    reference_number = django_filters.CharFilter()
    account_id = django_filters.CharFilter()
    tracking_number = django_filters.CharFilter(method="filter_number")
    tag = django_filters.CharFilter(field_name="tag_rows__tag")
    container_id = django_filters.CharFilter(field_name="container__public_id")

    class Meta:
        model = Shipment
        fields: list[str] = []

    def filter_q(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(search_q(value)) if value.strip() else queryset

    def filter_number(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(tracking_number=numbers.lenient(value))


def api_filtered(params, queryset: QuerySet[Shipment]) -> QuerySet[Shipment]:
    """Strict, and free when no filter is asked for."""
    if not asks_any(ShipmentFilter, params):
        return queryset
    return strict(ShipmentFilter(params, queryset=queryset))


def dashboard_filtered(params, queryset: QuerySet[Shipment]) -> tuple[ShipmentFilter, QuerySet[Shipment]]:
    """The filter form and the queryset narrowed by the valid filters only."""
    filterset = ShipmentFilter(params, queryset=queryset)
    return filterset, lenient(filterset)
