"""Locations, layouts, contacts and containers: the places, people and holders shipments pass
through. One small door per kind (list, get, create, update, delete), each scoped to an
organization and a mode; a container's status or location update is containers.py's.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.db import models, transaction
from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import Organization, organization_id
from core.errors import not_found
from shipments.errors import refuse
from shipments.fields import Collector, address, text
from shipments.models import Contact, Container, Layout, Location


@dataclass(frozen=True)
class Kind:
    model: type[models.Model]
    noun: str
    # field -> max length; `name` is required on create.
    text_fields: dict[str, int]


LOCATION = Kind(Location, "location", {"name": 200})
LAYOUT = Kind(Layout, "layout", {"name": 200})
CONTACT = Kind(Contact, "contact", {"name": 200, "email": 200, "phone": 40, "company": 200})
CONTAINER = Kind(Container, "container", {"name": 200})
KINDS = {k.noun: k for k in (LOCATION, LAYOUT, CONTACT, CONTAINER)}
RELATED = {"layout": ("location",), "container": ("location", "layout")}


def list_of(kind: Kind, organization: Organization | int, mode: str) -> QuerySet:
    qs = kind.model._default_manager.filter(organization_id=organization_id(organization), mode=mode)
    related = RELATED.get(kind.noun)
    return qs.select_related(*related) if related else qs


def get(kind: Kind, organization: Organization | int, mode: str, public_id: str):
    obj = list_of(kind, organization, mode).filter(public_id=public_id).first()
    if obj is None:
        raise not_found(kind.noun)
    return obj


def _clean(kind: Kind, organization: Organization | int, mode: str, data: object, *, creating: bool) -> dict:
    if not isinstance(data, Mapping):
        raise refuse("invalid_body")
    allowed = set(kind.text_fields) | ({"address"} if kind is LOCATION else set())
    if kind is LAYOUT and creating:
        allowed.add("location_id")
    unknown = sorted(str(k) for k in data if k not in allowed)
    if unknown:
        raise refuse("unknown_field", unknown, f"Unknown field(s): {', '.join(unknown)}.")
    errors = Collector()
    out: dict = {}
    for name, limit in kind.text_fields.items():
        if name in data:
            value = text(data[name], name, limit, errors)
            if value is not None:
                out[name] = value
    if (creating or "name" in data) and not out.get("name") and "name" not in {e.field for e in errors.errors}:
        errors.add("name", "A name is required.")
    if "email" in out and out["email"] and "@" not in out["email"]:
        errors.add("email", "Must be an e-mail address.")
    if "address" in data:
        cleaned = address(data["address"], "address", errors)
        if cleaned is not None:
            out["address"] = cleaned
    if kind is LAYOUT and creating and not isinstance(data.get("location_id"), str):
        errors.add("location_id", "A layout belongs to a location: give its id.")
    errors.raise_if_any()
    if kind is LAYOUT and creating:
        location = Location.objects.filter(
            organization_id=organization_id(organization), mode=mode, public_id=data["location_id"]
        ).first()
        if location is None:
            raise refuse("unknown_location")
        out["location"] = location
    return out


def create(kind: Kind, organization: Organization | int, mode: str, data: object):
    cleaned = _clean(kind, organization, mode, data, creating=True)
    now = timezone.now()
    return kind.model._default_manager.create(
        organization_id=organization_id(organization), mode=mode, created_at=now, updated_at=now, **cleaned
    )


def update(kind: Kind, organization: Organization | int, mode: str, public_id: str, data: object):
    """Names and details only; a container's status and location go through containers.update_container."""
    obj = get(kind, organization, mode, public_id)
    cleaned = _clean(kind, organization, mode, data, creating=False)
    for name, value in cleaned.items():
        setattr(obj, name, value)
    obj.updated_at = timezone.now()  # type: ignore[attr-defined]
    obj.save()
    return obj


def delete(kind: Kind, organization: Organization | int, mode: str, public_id: str) -> None:
    """Shipments keep their history: references to the deleted row become empty.

    A container that still holds shipments is refused (409): unlink them first, so no shipment
    silently leaves its container.
    """
    with transaction.atomic():
        obj = get(kind, organization, mode, public_id)
        if kind is CONTAINER and obj.shipments.exists():  # type: ignore[attr-defined]
            raise refuse("container_not_empty")
        obj.delete()
