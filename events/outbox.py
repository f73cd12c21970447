"""emit(): the one way a domain service says that something happened.

Events are written in the caller's transaction, so a change and its event land together or not at
all; then every registered listener hears the new rows, still inside that transaction, and writes
its own consequences (webhook deliveries, notifications) with them. A listener that needs to talk
to the outside world queues that work with `transaction.on_commit`, never in the transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.utils import timezone

from core.fast.bulk import insert_with_ids
from core.fast.instances import instance
from core.ids import new_public_id
from events.models import Event

Listener = Callable[[Sequence[Event]], object]
_listeners: list[Listener] = []


@dataclass
class NewEvent:
    """What a subject's event builder hands to emit()."""

    organization_id: int
    mode: str
    type: str
    subject_type: str
    subject_id: str
    data: dict
    previous_attributes: dict = field(default_factory=dict)


def register(listener: Listener) -> Listener:
    """Add a listener (idempotent); apps register theirs in AppConfig.ready."""
    if listener not in _listeners:
        _listeners.append(listener)
    return listener


def unregister(listener: Listener) -> None:
    if listener in _listeners:
        _listeners.remove(listener)


def listeners() -> tuple[Listener, ...]:
    return tuple(_listeners)


def emit_many(specs: Sequence[NewEvent]) -> list[Event]:
    """Write the events in one go (COPY on PostgreSQL) and let every listener act on them."""
    return record(build(specs))


def build(specs: Sequence[NewEvent]) -> list[Event]:
    """The unsaved Event rows for `specs` (emit_many in two halves, for a caller that builds them
    while the database is busy with its other writes, core.fast.bulk.overlapped)."""
    now = timezone.now()
    return [
        instance(  # not Event(...): __init__ cost more than the row (core/fast/instances.py)
            Event,
            {
                "id": None,
                "public_id": new_public_id("evt"),
                "organization_id": s.organization_id,
                "mode": s.mode,
                "type": s.type,
                "subject_type": s.subject_type,
                "subject_id": s.subject_id,
                "data": s.data,
                "previous_attributes": s.previous_attributes,
                "created_at": now,
            },
        )
        for s in specs
    ]


def record(events: list[Event]) -> list[Event]:
    """Write events from `build` and let every listener act on them."""
    if not events:
        return []
    insert_with_ids(Event, events)
    for listener in _listeners:
        listener(events)
    return events


def emit(spec: NewEvent) -> Event:
    return emit_many([spec])[0]
