"""Reading the outbox (events.services): scoped to one organization and mode, filtered by type or subject."""

from __future__ import annotations

import pytest

from accounts.models import Mode
from core.errors import ServiceError
from events.models import TEST_EVENT_TYPE
from events.outbox import NewEvent, emit
from events.services import events_about, events_for, get_event


def emitted(org, type_: str, subject_id: str, mode: str = Mode.TEST):
    return emit(NewEvent(org.pk, mode, type_, "shipment", subject_id, {"id": subject_id}))


def test_reads_are_scoped_and_filtered(acme, globex):
    first = emitted(acme, "shipment.updated", "shp_1")
    test_ping = emitted(acme, TEST_EVENT_TYPE, "whk_1")
    emitted(acme, "shipment.updated", "shp_1", Mode.LIVE)
    emitted(globex, "shipment.updated", "shp_1")
    assert set(events_for(acme, Mode.TEST)) == {first, test_ping}
    assert list(events_for(acme.pk, Mode.TEST, type=TEST_EVENT_TYPE)) == [test_ping]
    assert list(events_for(acme, Mode.TEST, subject="shp_1")) == [first]
    assert list(events_about(acme, Mode.TEST, "shp_1")) == [first]
    assert get_event(acme, Mode.TEST, first.public_id) == first


def test_an_unknown_type_is_refused_and_another_organizations_event_is_not_found(acme, globex):
    theirs = emitted(globex, "shipment.updated", "shp_2")
    with pytest.raises(ServiceError) as bad:
        events_for(acme, Mode.TEST, type="tracker.exploded")
    assert (bad.value.code, bad.value.status) == ("invalid_event_type", 400)
    with pytest.raises(ServiceError) as missing:
        get_event(acme, Mode.TEST, theirs.public_id)
    assert missing.value.status == 404
