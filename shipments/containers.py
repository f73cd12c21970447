"""A container's status or location update, which reaches every shipment in it.

Shipments in a container refuse their own status and location updates (`shipment_in_container`); this is
the other door PackageX's shipments name. Each shipment's move is checked against the transition table
before anything is written, so one shipment that cannot follow refuses the whole update.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from accounts.models import Organization
from core.errors import not_found
from events.outbox import emit_many
from shipments import fields, notices, validation
from shipments.errors import refuse
from shipments.models import Container, Shipment, ShipmentLog, TrackingUpdate
from shipments.representation import attributes
from shipments.services import RELATED, check_status, organization_of, place, resolve_references

MOVE_FIELDS = ("status", "location_id", "layout_id", "comment", "images")
ALLOWED = frozenset({*MOVE_FIELDS, "name", "force_update", "disable_webhooks"})


def update_container(
    organization: Organization | int,
    mode: str,
    container_id: str,
    changes: object,
    *,
    user: User | None = None,
) -> Container:
    org = organization_of(organization)
    if not isinstance(changes, Mapping):
        raise refuse("invalid_body")
    unknown = sorted(str(k) for k in changes if k not in ALLOWED)
    if unknown:
        raise refuse("unknown_field", unknown, f"Unknown field(s): {', '.join(unknown)}.")
    errors = fields.Collector()
    move = validation.tracking_update({k: changes[k] for k in MOVE_FIELDS if k in changes}, errors)
    name = fields.text(changes["name"], "name", 200, errors, nullable=False) if "name" in changes else None
    if "name" in changes and not name and "name" not in {e.field for e in errors.errors}:
        errors.add("name", "A name is required.")
    for flag in ("force_update", "disable_webhooks"):
        if flag in changes and not isinstance(changes[flag], bool):
            errors.add(flag, "Must be true or false.")
    errors.raise_if_any()
    force = bool(changes.get("force_update"))

    with transaction.atomic():
        container = (
            Container.objects.select_related("location", "layout")
            .select_for_update(of=("self",))
            .filter(organization=org, mode=mode, public_id=container_id)
            .first()
        )
        if container is None:
            raise not_found("container")
        refs = resolve_references(org, mode, move)
        new_status = move.get("status")
        check_status(container.status, new_status, force, "the container's status")
        shipments = list(
            container.shipments.select_related(*RELATED).select_for_update(of=("self",)).order_by("pk")  # type: ignore[attr-defined]
        )
        forced = {s.pk for s in shipments if check_status(s.status, new_status, force, f"the status of {s.public_id}")}
        place(container, move, refs)
        if new_status:
            container.status = new_status
        if name:
            container.name = name
        now = timezone.now()
        container.updated_at = now
        container.save()

        moved = bool({"status", "location_id", "layout_id"} & set(move))
        if not moved:
            return container
        befores = {s.pk: attributes(s) for s in shipments}
        updates, logs = [], []
        for s in shipments:
            previous_status = s.status
            s.status = new_status or s.status
            s.location, s.layout = container.location, container.layout
            s.updated_at = now
            updates.append(
                TrackingUpdate(
                    shipment=s,
                    status=s.status,
                    previous_status=previous_status,
                    forced=s.pk in forced,
                    source=TrackingUpdate.Source.CONTAINER,
                    container=container,
                    location=s.location,
                    layout=s.layout,
                    user=user,
                    comment=move.get("comment", ""),
                    images=move.get("images", []),
                    occurred_at=now,
                )
            )
            if s.pk in forced:
                logs.append(
                    ShipmentLog(
                        shipment=s,
                        message=f"Status corrected from {previous_status} to {s.status} with its container "
                        f"{container.public_id} (force_update).",
                        author=user,
                        created_at=now,
                    )
                )
        Shipment.objects.bulk_update(shipments, ["status", "location", "layout", "updated_at"])
        TrackingUpdate.objects.bulk_create(updates)
        ShipmentLog.objects.bulk_create(logs)
        if not changes.get("disable_webhooks"):
            specs = []
            for s in shipments:
                after = attributes(s)
                previous = {k: befores[s.pk][k] for k in after if after[k] != befores[s.pk][k]}
                specs.append(notices.updated(s, previous))
            emit_many(specs)
    return container
