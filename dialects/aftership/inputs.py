"""AfterShip's create and update bodies onto the tracker's fields, and its list filters onto one
query: translation only; the trackers services judge the values.

Fields with a tracker column go to it (tables.COLUMNS); `customers[0]` feeds the customer fields
that notifications use; `custom_fields` is the tracker's metadata; AfterShip-only fields
(tables.EXTRAS) are kept in metadata under one key (metadata.py); `shipment_tags` are the tracker's tags.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from carriers.numbers import lenient
from core.errors import invalid
from core.inputs import boolean
from core.times import parse_instant
from dialects.aftership import tables
from dialects.aftership.metadata import EXTRAS_KEY, extras
from trackers import tags as tracker_tags

MAX_NUMBERS = 50


def text(body: dict, name: str) -> str | None:
    value = body.get(name)
    if value is not None and not isinstance(value, str):
        raise invalid("invalid_parameter", f"{name} must be a string.", name)
    return value


def _customer(body: dict) -> dict:
    customers = body.get("customers")
    if customers is None:
        return {}
    if not isinstance(customers, list) or not all(isinstance(c, dict) for c in customers):
        raise invalid("invalid_parameter", "customers must be a list of objects.", "customers")
    if not customers:
        return {"customer_name": "", "customer_email": "", "customer_phone": ""}
    first = customers[0]
    names = {"name": "customer_name", "email": "customer_email", "phone_number": "customer_phone"}
    out = {}
    for theirs, ours in names.items():
        value = text(first, theirs)
        if value is not None:
            out[ours] = value
    return out


def _extras(body: dict) -> dict:
    given = {}
    for name in tables.EXTRAS:
        if name not in body:
            continue
        value = body[name]
        if name == "origin_country_region" and value:
            tables.alpha2(value, name)  # refused unless a real alpha-3 code
            value = value.upper()
        else:
            text(body, name)
        given[name] = value
    return given


def tracker_fields(body: dict, current_metadata: dict | None = None) -> dict:
    """The tracker fields (services.create_tracker / update_tracker) this body sets."""
    fields: dict = {}
    for theirs, ours in tables.COLUMNS.items():
        if theirs in body:
            value = body[theirs]
            fields[ours] = value if value is not None else ""
    if "destination_country_region" in body:
        fields["destination_country"] = tables.alpha2(body["destination_country_region"], "destination_country_region")
    fields.update(_customer(body))
    metadata: dict = {}
    if "custom_fields" in body:
        custom = body["custom_fields"]
        if custom is not None and not isinstance(custom, dict):
            raise invalid("invalid_parameter", "custom_fields must be an object.", "custom_fields")
        if custom and EXTRAS_KEY in custom:
            raise invalid("invalid_parameter", f"custom_fields cannot hold the key {EXTRAS_KEY}.", "custom_fields")
        metadata.update(custom or {})
    given = _extras(body)
    if given:
        merged = {**extras(current_metadata), **given}
        metadata[EXTRAS_KEY] = {k: v for k, v in merged.items() if v is not None}
    if metadata:
        fields["metadata"] = metadata
    return fields


def shipment_tags(body: dict) -> list[str] | None:
    """`shipment_tags` as sent (None when absent; null clears them), checked as the tracker's tags."""
    if "shipment_tags" not in body:
        return None
    return tracker_tags.clean_tags(body["shipment_tags"], "shipment_tags")


def values(params, name: str, limit: int | None = None) -> list[str]:
    values = [v.strip() for v in params.get(name, "").split(",") if v.strip()]
    if limit is not None and len(values) > limit:
        raise invalid("invalid_parameter", f"{name} takes at most {limit} values.", name)
    return values


UNSUPPORTED_FILTERS = ("transit_time", "courier_destination_country_region")


def filtered(trackers: QuerySet, params) -> QuerySet:
    """The list's filters, each onto the tracker's fields."""
    for name in UNSUPPORTED_FILTERS:
        if params.get(name):
            raise invalid("invalid_parameter", f"The {name} filter is not supported here.", name)
    if keyword := params.get("keyword", "").strip():
        trackers = trackers.filter(
            Q(tracking_number__icontains=keyword)
            | Q(title__icontains=keyword)
            | Q(order_id__icontains=keyword)
            | Q(customer_name__icontains=keyword)
            | Q(customer_email__icontains=keyword)
            | Q(customer_phone__icontains=keyword)
        )
    if numbers := values(params, "tracking_numbers", MAX_NUMBERS):
        trackers = trackers.filter(tracking_number__in=[lenient(n) for n in numbers])
    if slugs := values(params, "slug"):
        trackers = trackers.filter(courier__in=[tables.courier_code(s) for s in slugs])
    if tags := values(params, "tag"):
        trackers = trackers.filter(tables.tag_filter(tags))
    if order_ids := values(params, "order_id"):
        trackers = trackers.filter(order_id__in=order_ids)
    if destinations := values(params, "destination"):
        trackers = trackers.filter(destination_country__in=[tables.alpha2(d, "destination") for d in destinations])
    if origins := values(params, "origin"):
        for origin in origins:
            tables.alpha2(origin, "origin")
        trackers = trackers.filter(
            **{f"metadata__{EXTRAS_KEY}__origin_country_region__in": [o.upper() for o in origins]}
        )
    if shipment_tags := values(params, "shipment_tags"):
        trackers = trackers.filter(pk__in=tracker_tags.with_any(shipment_tags))
    if params.get("return_to_sender"):
        wanted = {boolean(v, "return_to_sender") for v in values(params, "return_to_sender")}
        returned = Q(status="return_to_sender") | Q(status="failure", status_detail="return_to_sender")
        if wanted == {True}:
            trackers = trackers.filter(returned)
        elif wanted == {False}:
            trackers = trackers.exclude(returned)
    for name, lookup in (
        ("created_at_min", "created_at__gte"),
        ("created_at_max", "created_at__lte"),
        ("updated_at_min", "updated_at__gte"),
        ("updated_at_max", "updated_at__lte"),
    ):
        if raw := params.get(name):
            when = parse_instant(raw)
            if when is None:
                raise invalid("invalid_parameter", f"{name} must be an ISO 8601 date-time.", name)
            trackers = trackers.filter(**{lookup: when})
    return trackers
