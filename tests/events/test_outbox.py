"""The event seam: emit() writes in the caller's transaction and every registered listener hears it."""

from __future__ import annotations

import pytest
from django.db import transaction

from accounts.models import Mode
from events.models import Event
from events.outbox import NewEvent, emit, emit_many, listeners, register, unregister
from trackers import services
from webhooks.fanout import on_events


def spec(org, subject_id: str = "shp_1") -> NewEvent:
    return NewEvent(org.pk, Mode.TEST, "shipment.updated", "shipment", subject_id, {"id": subject_id}, {"status": "a"})


@pytest.fixture
def heard():
    got: list[list[Event]] = []

    def listener(events):
        got.append(list(events))

    register(listener)
    yield got
    unregister(listener)


def test_the_webhook_fan_out_is_a_registered_listener():
    assert on_events in listeners()


def test_listeners_hear_every_batch_with_its_rows(acme, heard):
    events = emit_many([spec(acme, "shp_1"), spec(acme, "shp_2")])
    assert [e.subject_id for e in heard[0]] == ["shp_1", "shp_2"]
    assert all(e.pk for e in heard[0]) and heard[0] == events
    assert Event.objects.get(subject_id="shp_1").subject_type == "shipment"


def test_a_listener_that_fails_rolls_the_change_back(acme):
    def broken(events):
        raise RuntimeError("listener bug")

    register(broken)
    try:
        with pytest.raises(RuntimeError), transaction.atomic():
            services.create_tracker(acme, Mode.TEST, "PKGX-AAAAAAA-0000001")
    finally:
        unregister(broken)
    assert not Event.objects.exists()
    assert not services.trackers_for(acme, Mode.TEST).exists()


def test_nothing_is_written_when_the_caller_rolls_back(acme, heard):
    with pytest.raises(ValueError), transaction.atomic():
        emit(spec(acme))
        raise ValueError("the change failed")
    assert not Event.objects.exists()


def test_register_is_idempotent(heard):
    count = len(listeners())
    register(listeners()[-1])
    assert len(listeners()) == count
