"""Every refusal of the shipments services, as data: code -> (HTTP status, fields, message).

The codes, messages and field lists of seed 002 are copied exactly; the others follow its style.
The native API renders a ServiceError in its envelope (field errors with messages); a dialect
that speaks seed 002 renders `{"error": {"code", "errors": [field, ...], "message", "status"}}`
from the same ServiceError (`[e.field for e in error.errors]`). `refuse` is the one constructor.
"""

from __future__ import annotations

from dataclasses import dataclass

from core.errors import FieldError, ServiceError


@dataclass(frozen=True)
class Refusal:
    status: int
    fields: tuple[str, ...]
    message: str


CATALOG: dict[str, Refusal] = {
    # Seed 002, word for word.
    "update.disabled": Refusal(
        400,
        ("container_id",),
        "Cannot update the status or location on a shipment in a container. Either unlink the shipment "
        "from the container or update the container directly.",
    ),
    "small_tracking_number": Refusal(
        400,
        ("tracking_number",),
        "Invalid tracking number: The tracking number must be at least 10 characters long. Please provide "
        "a complete and valid tracking number.",
    ),
    "invalid:contact": Refusal(400, ("contact_id",), "Contact does not belong to the organization"),
    # The siblings of invalid:contact, in the seed's words.
    "invalid:location": Refusal(400, ("location_id",), "Location does not belong to the organization"),
    "invalid:layout": Refusal(400, ("layout_id",), "Layout does not belong to the organization"),
    "invalid:container": Refusal(400, ("container_id",), "Container does not belong to the organization"),
    "invalid:user": Refusal(400, ("user_id",), "User does not belong to the organization"),
    # Seed 002's restrictions, with codes in its style.
    "invalid:layout_location": Refusal(
        400, ("layout_id", "location_id"), "Layout does not belong to the location. Pick a layout of that location."
    ),
    "update.purchased": Refusal(
        400,
        (),
        "Cannot change provider_id, tracking_number, service_level_id, dimensions or weight on a purchased "
        "shipment: its label exists.",
    ),
    "invalid:status_transition": Refusal(
        400,
        ("status",),
        "This status cannot follow the current one. Send a valid transition, or force_update: true to correct it.",
    ),
    "international.disabled": Refusal(
        400,
        ("customs",),
        "International shipping is not enabled for this organization. Enable it in the organization settings "
        "to update customs on an international shipment.",
    ),
    "invalid:customs.contents_explanation": Refusal(
        400,
        ("customs.contents_explanation",),
        "contents_explanation is required when contents_type is other.",
    ),
    "invalid:customs.restriction_comments": Refusal(
        400,
        ("customs.restriction_comments",),
        "restriction_comments is required when restriction_type is not none.",
    ),
    # Input that is not what the seed says a field is.
    "invalid_fields": Refusal(400, (), "Some fields are not valid."),
    "unknown_field": Refusal(400, (), "Unknown field(s)."),
    "invalid_body": Refusal(400, (), "Send a JSON object with the fields to change."),
    "container.not_empty": Refusal(
        409, ("container_id",), "The container still holds shipments; unlink them before deleting it."
    ),
}


def refuse(
    code: str,
    fields: tuple[str, ...] | list[str] | None = None,
    message: str | None = None,
    *,
    field_messages: dict[str, str] | None = None,
) -> ServiceError:
    """The ServiceError of `code`; `fields`/`message` override the catalog's for this occurrence."""
    entry = CATALOG[code]
    text = message or entry.message
    names = tuple(fields) if fields is not None else entry.fields
    per_field = field_messages or {}
    return ServiceError(code, text, entry.status, [FieldError(name, per_field.get(name, text)) for name in names])


def field_names(error: ServiceError) -> list[str]:
    """Seed 002's `errors`: the field names only."""
    return [e.field for e in error.errors if e.field]
