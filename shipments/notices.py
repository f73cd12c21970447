"""The notice a shipment change writes to the outbox: `shipment.updated` with the shipment and what changed.

`previous_attributes` holds the old values of the attributes that changed, in the same form as
`data` (representation.attributes), so a receiver can compare them field by field.
"""

from __future__ import annotations

from events.models import EventType
from events.outbox import NewEvent
from shipments.models import Shipment
from shipments.representation import shipment_dict

SUBJECT = "shipment"


def updated(shipment: Shipment, previous: dict) -> NewEvent:
    return NewEvent(
        organization_id=shipment.organization_id,
        mode=shipment.mode,
        type=EventType.SHIPMENT_UPDATED,
        subject_type=SUBJECT,
        subject_id=shipment.public_id,
        data=shipment_dict(shipment),
        previous_attributes=previous,
    )
