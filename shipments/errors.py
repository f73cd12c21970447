"""Every refusal of the shipments services, as data: code -> (HTTP status, fields, message).

The codes are the project's own snake_case words. The messages and field lists of the refusals
PackageX's shipment update documents (a shipment in a container, a short tracking number, a contact
of another organization) are PackageX's word for word, and the others follow their style; the
PackageX dialect maps each code onto PackageX's own (`update.disabled`, `invalid:contact`, …) in
dialects/packagex/tables.py. The native API renders a ServiceError in its envelope (field errors
with messages). `refuse` is the one constructor.
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
    # PackageX's shipment update, word for word.
    "shipment_in_container": Refusal(
        400,
        ("container_id",),
        "Cannot update the status or location on a shipment in a container. Either unlink the shipment "
        "from the container or update the container directly.",
    ),
    "shipment_tracking_number_too_short": Refusal(
        400,
        ("tracking_number",),
        "Invalid tracking number: The tracking number must be at least 10 characters long. Please provide "
        "a complete and valid tracking number.",
    ),
    "unknown_contact": Refusal(400, ("contact_id",), "Contact does not belong to the organization"),
    # The siblings of unknown_contact, in PackageX's words.
    "unknown_location": Refusal(400, ("location_id",), "Location does not belong to the organization"),
    "unknown_layout": Refusal(400, ("layout_id",), "Layout does not belong to the organization"),
    "unknown_container": Refusal(400, ("container_id",), "Container does not belong to the organization"),
    "unknown_user": Refusal(400, ("user_id",), "User does not belong to the organization"),
    # PackageX's restrictions on a shipment update.
    "layout_not_in_location": Refusal(
        400, ("layout_id", "location_id"), "Layout does not belong to the location. Pick a layout of that location."
    ),
    "shipment_purchased": Refusal(
        400,
        (),
        "Cannot change provider_id, tracking_number, service_level_id, dimensions or weight on a purchased "
        "shipment: its label exists.",
    ),
    "invalid_status_transition": Refusal(
        400,
        ("status",),
        "This status cannot follow the current one. Send a valid transition, or force_update: true to correct it.",
    ),
    "international_shipping_disabled": Refusal(
        400,
        ("customs",),
        "International shipping is not enabled for this organization. Enable it in the organization settings "
        "to update customs on an international shipment.",
    ),
    "contents_explanation_required": Refusal(
        400,
        ("customs.contents_explanation",),
        "contents_explanation is required when contents_type is other.",
    ),
    "restriction_comments_required": Refusal(
        400,
        ("customs.restriction_comments",),
        "restriction_comments is required when restriction_type is not none.",
    ),
    # Input that is not what the shipment body says a field is.
    "invalid_fields": Refusal(400, (), "Some fields are not valid."),
    "unknown_field": Refusal(400, (), "Unknown field(s)."),
    "invalid_body": Refusal(400, (), "Send a JSON object with the fields to change."),
    "container_not_empty": Refusal(
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
