"""A small world for the shipment rules: Acme's places and people, and Globex's to be refused."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.core import serializers

from accounts.models import Mode
from events.models import Event
from shipments import services
from shipments.models import (
    Contact,
    Container,
    Customs,
    CustomsItem,
    Layout,
    Location,
    Shipment,
    ShipmentLog,
    ShipmentTag,
    TrackingUpdate,
)
from tests.factories import ContactFactory, ContainerFactory, LayoutFactory, LocationFactory
from trackers.models import Tracker

DUMPED = (
    Shipment,
    ShipmentTag,
    ShipmentLog,
    TrackingUpdate,
    Customs,
    CustomsItem,
    Location,
    Layout,
    Contact,
    Container,
    Tracker,
    Event,
)


def dump() -> str:
    """Every row a shipment update could touch, serialized: equal dumps mean nothing changed."""
    return "\n".join(serializers.serialize("json", model.objects.order_by("pk")) for model in DUMPED)


def make_shipment(org, mode: str = Mode.TEST, **data) -> Shipment:
    return services.create_shipment(org, mode, data)


@dataclass
class World:
    location: Location
    other_location: Location
    layout: Layout
    other_layout: Layout
    contact: Contact
    container: Container
    globex_location: Location
    globex_layout: Layout
    globex_contact: Contact
    globex_container: Container
    live_location: Location


@pytest.fixture
def world(acme, globex, alice, bob) -> World:
    location = LocationFactory(organization=acme, name="Main mailroom")
    other = LocationFactory(organization=acme, name="Dock B")
    globex_location = LocationFactory(organization=globex)
    return World(
        location=location,
        other_location=other,
        layout=LayoutFactory(location=location, name="Shelf A"),
        other_layout=LayoutFactory(location=other, name="Bay 2"),
        contact=ContactFactory(organization=acme, name="Dana Reyes"),
        container=ContainerFactory(organization=acme, name="Bag 7"),
        globex_location=globex_location,
        globex_layout=LayoutFactory(location=globex_location),
        globex_contact=ContactFactory(organization=globex),
        globex_container=ContainerFactory(organization=globex),
        live_location=LocationFactory(organization=acme, mode=Mode.LIVE),
    )
