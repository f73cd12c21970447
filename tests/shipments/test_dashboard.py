"""Dashboard pages for shipments, and admin for every shipments model."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from accounts.models import Mode
from shipments import services
from shipments.models import Contact, Container, Location, Shipment
from tests.dashboard.conftest import login
from tests.shipments.conftest import make_shipment


@pytest.fixture
def alice_client(alice):
    return login(alice)


def test_list_search_and_filters(acme, globex, alice_client):
    make_shipment(acme, order_number="ORD-1", tags=["vip"])
    make_shipment(acme, order_number="ORD-2", type="inbound")
    make_shipment(globex, order_number="ORD-3")
    page = alice_client.get(reverse("dashboard-shipments"))
    assert page.status_code == 200
    assert b"ORD-1" in page.content and b"ORD-2" in page.content and b"ORD-3" not in page.content
    assert b"ORD-1" not in alice_client.get(reverse("dashboard-shipments") + "?type=inbound").content
    assert b"ORD-2" not in alice_client.get(reverse("dashboard-shipments") + "?tag=vip").content
    assert b"ORD-1" not in alice_client.get(reverse("dashboard-shipments") + "?q=ORD-2").content
    # A bad value is dropped, not an error page.
    assert alice_client.get(reverse("dashboard-shipments") + "?status=lost&cursor=zz").status_code == 200


def test_create_then_update_through_the_service(acme, alice, alice_client, world):
    r = alice_client.post(
        reverse("dashboard-shipment-add"),
        {"type": "outbound", "order_number": "ORD-9", "tracking_number": "PKGX-AAAAAAA-0000009"},
    )
    shipment = Shipment.objects.get(order_number="ORD-9")
    assert r.status_code == 302 and shipment.tracker is not None
    url = reverse("dashboard-shipment", args=[shipment.public_id])
    r = alice_client.post(
        url,
        {
            "status": "received",
            "location_id": world.location.public_id,
            "comment": "At the desk",
            "log_message": "Dented box",
            "log_visibility": "public",
        },
    )
    assert r.status_code == 302
    shipment.refresh_from_db()
    assert (shipment.status, shipment.location) == ("received", world.location)
    update = shipment.tracking_updates.get()
    assert (update.source, update.user, update.comment) == ("dashboard", alice, "At the desk")
    page = alice_client.get(url)
    assert b"At the desk" in page.content and b"Dented box" in page.content and b"Public" in page.content


def test_the_form_shows_the_services_refusal(acme, alice_client, world):
    shipment = make_shipment(acme)
    services.update_shipment(acme, Mode.TEST, shipment.public_id, {"tracking_update": {"status": "delivered"}})
    r = alice_client.post(reverse("dashboard-shipment", args=[shipment.public_id]), {"status": "in_transit"})
    assert r.status_code == 400
    text = r.content.decode()
    assert "“In transit” does not usually follow “Delivered”" in text and "tick Force" in text
    assert "force_update: true" not in text and "in_transit to" not in text
    shipment.container = world.container
    shipment.save()
    r = alice_client.post(
        reverse("dashboard-shipment", args=[shipment.public_id]), {"location_id": world.location.public_id}
    )
    assert b"Either unlink the shipment from the container" in r.content


def test_another_organizations_shipment_is_404(globex, alice_client):
    shipment = make_shipment(globex)
    assert alice_client.get(reverse("dashboard-shipment", args=[shipment.public_id])).status_code == 404


def test_places_people_and_containers_pages(acme, alice_client):
    assert (
        alice_client.post(reverse("dashboard-locations"), {"kind": "location", "location-name": "Dock"}).status_code
        == 302
    )
    location = Location.objects.get(name="Dock")
    r = alice_client.post(
        reverse("dashboard-locations"),
        {"kind": "layout", "layout-name": "Bay 1", "layout-location_id": location.public_id},
    )
    assert r.status_code == 302 and location.layouts.get().name == "Bay 1"
    assert (
        alice_client.post(reverse("dashboard-contacts"), {"name": "Dana", "email": "d@example.com"}).status_code == 302
    )
    assert alice_client.post(reverse("dashboard-containers"), {"name": "Bag 1"}).status_code == 302
    container = Container.objects.get(name="Bag 1")
    inside = make_shipment(acme)
    inside.container = container
    inside.save()
    r = alice_client.post(reverse("dashboard-container", args=[container.public_id]), {"status": "in_transit"})
    assert r.status_code == 302
    inside.refresh_from_db()
    assert inside.status == "in_transit"
    for name in ("dashboard-locations", "dashboard-contacts", "dashboard-containers"):
        page = alice_client.get(reverse(name))
        assert page.status_code == 200
    assert b"Dana" in alice_client.get(reverse("dashboard-contacts")).content
    contact = Contact.objects.get(name="Dana")
    r = alice_client.post(reverse("dashboard-part-delete", args=["contact", contact.public_id]))
    assert r.status_code == 302 and not Contact.objects.exists()
    assert alice_client.post(reverse("dashboard-part-delete", args=["bogus", "x"])).status_code == 404


@pytest.mark.parametrize(
    "model",
    [
        "shipment",
        "location",
        "layout",
        "contact",
        "container",
        "shipmentlog",
        "trackingupdate",
        "shipmenttag",
        "customs",
        "customsitem",
    ],
)
def test_admin_pages_render(client, acme, world, model):
    admin = get_user_model().objects.create_superuser("root", "root@example.com", "pw")
    client.force_login(admin)
    shipment = make_shipment(
        acme,
        tags=["vip"],
        log={"message": "hello"},
        customs={"items": [{"description": "Mug"}]},
        tracking_update={"status": "received", "location_id": world.location.public_id},
    )
    assert client.get(reverse(f"admin:shipments_{model}_changelist")).status_code == 200
    if model == "shipment":
        assert client.get(reverse("admin:shipments_shipment_change", args=[shipment.pk])).status_code == 200


def test_the_tracker_page_links_its_shipments(acme, alice_client):
    shipment = make_shipment(acme, tracking_number="PKGX-AAAAAAA-0000042", order_number="ORD-42")
    page = alice_client.get(reverse("dashboard-tracker", args=[shipment.tracker.public_id]))
    assert page.status_code == 200
    assert reverse("dashboard-shipment", args=[shipment.public_id]).encode() in page.content


def test_the_form_offers_the_next_steps_and_the_rest_only_as_forced_corrections(acme, alice_client):
    shipment = make_shipment(acme)
    page = alice_client.get(reverse("dashboard-shipment", args=[shipment.public_id])).content.decode()
    next_steps = page.split('<optgroup label="Next steps">')[1].split("</optgroup>")[0]
    assert "Pre-transit" in next_steps and "Return to sender" not in next_steps
    assert '<optgroup label="Corrections (tick Force)">' in page
    assert "Can move to: Pre-transit, Received at a location" in page
    forced = alice_client.post(
        reverse("dashboard-shipment", args=[shipment.public_id]), {"status": "return_to_sender", "force_update": "on"}
    )
    assert forced.status_code == 302
    history = alice_client.get(reverse("dashboard-shipment", args=[shipment.public_id])).content.decode()
    assert "from Created (forced)" in history
