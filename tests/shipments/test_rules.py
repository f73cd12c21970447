"""The transition table, walked pair by pair, and the tracker vocabulary's mapping onto it."""

import pytest

from carriers.statuses import Detail, Status
from shipments.rules import FINAL, TRANSITIONS, ShipmentStatus, can_transition, from_tracker, next_statuses

S = ShipmentStatus

# Every allowed move, written out: the table and this list must agree pair by pair.
ALLOWED = {
    (S.CREATED, n)
    for n in (S.PRE_TRANSIT, S.RECEIVED, S.IN_TRANSIT, S.OUT_FOR_DELIVERY, S.AVAILABLE_FOR_PICKUP, S.DELIVERED)
} | {(S.CREATED, S.PICKED_UP), (S.CREATED, S.EXCEPTION), (S.CREATED, S.CANCELED)}
ALLOWED |= {
    (S.PRE_TRANSIT, n)
    for n in (
        S.RECEIVED,
        S.IN_TRANSIT,
        S.OUT_FOR_DELIVERY,
        S.AVAILABLE_FOR_PICKUP,
        S.DELIVERED,
        S.PICKED_UP,
        S.EXCEPTION,
        S.RETURN_TO_SENDER,
        S.CANCELED,
    )
}
ALLOWED |= {
    (S.RECEIVED, n)
    for n in (
        S.IN_TRANSIT,
        S.OUT_FOR_DELIVERY,
        S.AVAILABLE_FOR_PICKUP,
        S.DELIVERED,
        S.PICKED_UP,
        S.EXCEPTION,
        S.RETURN_TO_SENDER,
        S.CANCELED,
    )
}
ALLOWED |= {
    (S.IN_TRANSIT, n)
    for n in (
        S.RECEIVED,
        S.OUT_FOR_DELIVERY,
        S.AVAILABLE_FOR_PICKUP,
        S.DELIVERED,
        S.PICKED_UP,
        S.EXCEPTION,
        S.RETURN_TO_SENDER,
    )
}
ALLOWED |= {
    (S.OUT_FOR_DELIVERY, n)
    for n in (
        S.RECEIVED,
        S.IN_TRANSIT,
        S.AVAILABLE_FOR_PICKUP,
        S.DELIVERED,
        S.PICKED_UP,
        S.EXCEPTION,
        S.RETURN_TO_SENDER,
    )
}
ALLOWED |= {(S.AVAILABLE_FOR_PICKUP, n) for n in (S.OUT_FOR_DELIVERY, S.PICKED_UP, S.EXCEPTION, S.RETURN_TO_SENDER)}
ALLOWED |= {
    (S.EXCEPTION, n)
    for n in (
        S.RECEIVED,
        S.IN_TRANSIT,
        S.OUT_FOR_DELIVERY,
        S.AVAILABLE_FOR_PICKUP,
        S.DELIVERED,
        S.PICKED_UP,
        S.RETURN_TO_SENDER,
        S.CANCELED,
    )
}
ALLOWED |= {(S.RETURN_TO_SENDER, n) for n in (S.IN_TRANSIT, S.DELIVERED, S.EXCEPTION)}
PAIRS = [(a, b) for a in S.values for b in S.values]


def test_every_status_has_a_row():
    assert set(TRANSITIONS) == set(S.values)
    assert {S.DELIVERED, S.PICKED_UP, S.CANCELED} == FINAL


@pytest.mark.parametrize(("current", "new"), PAIRS)
def test_every_pair(current, new):
    expected = current == new or (current, new) in ALLOWED
    assert can_transition(current, new) is expected


def test_next_statuses_are_in_vocabulary_order():
    assert next_statuses(S.AVAILABLE_FOR_PICKUP) == [S.OUT_FOR_DELIVERY, S.PICKED_UP, S.EXCEPTION, S.RETURN_TO_SENDER]
    assert next_statuses(S.DELIVERED) == []


@pytest.mark.parametrize(
    ("status", "detail", "expected"),
    [
        (Status.UNKNOWN, "", None),
        (Status.PRE_TRANSIT, Detail.LABEL_CREATED, S.PRE_TRANSIT),
        (Status.IN_TRANSIT, Detail.ARRIVED_AT_FACILITY, S.IN_TRANSIT),
        (Status.OUT_FOR_DELIVERY, "", S.OUT_FOR_DELIVERY),
        (Status.AVAILABLE_FOR_PICKUP, "", S.AVAILABLE_FOR_PICKUP),
        (Status.DELIVERED, Detail.DELIVERED, S.DELIVERED),
        (Status.DELIVERED, Detail.PICKED_UP, S.PICKED_UP),
        (Status.RETURN_TO_SENDER, "", S.RETURN_TO_SENDER),
        (Status.FAILURE, Detail.PACKAGE_LOST, S.EXCEPTION),
        (Status.ERROR, Detail.CONTACT_PROVIDER, S.EXCEPTION),
        (Status.CANCELED, "", S.CANCELED),
    ],
)
def test_tracker_statuses_map_onto_shipment_statuses(status, detail, expected):
    assert from_tracker(status, detail) == expected


def test_every_tracker_status_is_mapped():
    assert {from_tracker(s) is not None or s == Status.UNKNOWN for s in Status.values} == {True}
