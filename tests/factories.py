"""factory-boy factories for every model the tests build."""

from __future__ import annotations

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from accounts.models import Membership, Mode, Organization
from carriers.statuses import Status
from shipments.models import Contact, Container, Layout, Location, Shipment
from trackers.models import Tracker, TrackingEvent
from webhooks.models import Subscription


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"org-{n}")
    name = factory.LazyAttribute(lambda o: o.slug.title())


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    password = factory.PostGenerationMethodCall("set_password", "password")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = Membership.Role.MEMBER


class TrackerFactory(factory.django.DjangoModelFactory):
    """A tracker row as the services would leave it; use services.create_tracker for the rules."""

    class Meta:
        model = Tracker

    organization = factory.SubFactory(OrganizationFactory)
    mode = Mode.TEST
    tracking_number = factory.Sequence(lambda n: f"PKGX-AAAAAAA-{n:07d}")
    courier = "sandbox"
    status = Status.UNKNOWN
    next_refresh_at = factory.LazyFunction(timezone.now)


class TrackingEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrackingEvent

    tracker = factory.SubFactory(TrackerFactory)
    occurred_at = factory.LazyFunction(timezone.now)
    status = Status.IN_TRANSIT
    status_detail = "arrived_at_facility"
    message = "Arrived at facility"
    city = "Chicago"
    state = "IL"
    country = "US"
    time_zone = "America/Chicago"
    fingerprint = factory.Sequence(lambda n: f"fp{n:038d}")


class SubscriptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Subscription

    organization = factory.SubFactory(OrganizationFactory)
    mode = Mode.TEST
    url = "https://hooks.example.invalid/in"  # never resolves: a test can not reach the internet
    secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"


# --- shipments -----------------------------------------------------------------------------------


class LocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Location

    organization = factory.SubFactory(OrganizationFactory)
    mode = Mode.TEST
    name = factory.Sequence(lambda n: f"Mailroom {n}")


class LayoutFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Layout

    location = factory.SubFactory(LocationFactory)
    organization = factory.SelfAttribute("location.organization")
    mode = factory.SelfAttribute("location.mode")
    name = factory.Sequence(lambda n: f"Shelf {n}")


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    organization = factory.SubFactory(OrganizationFactory)
    mode = Mode.TEST
    name = factory.Sequence(lambda n: f"Contact {n}")


class ContainerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Container

    organization = factory.SubFactory(OrganizationFactory)
    mode = Mode.TEST
    name = factory.Sequence(lambda n: f"Bag {n}")


class ShipmentFactory(factory.django.DjangoModelFactory):
    """A shipment row; use shipments.services for the rules (and its tracker)."""

    class Meta:
        model = Shipment

    organization = factory.SubFactory(OrganizationFactory)
    mode = Mode.TEST
