"""The native shipments API: PackageX's request examples, its refusals in the native envelope,
lists with filters and keyset pages, the places/people/containers resources, and isolation."""

from __future__ import annotations

from io import StringIO

import pytest
import yaml
from django.core.management import call_command
from django.utils import timezone

from accounts.models import Mode
from shipments import containers, services
from shipments.api_schema import BASIC_EXAMPLE, CUSTOMS_EXAMPLE, STATUS_EXAMPLE
from shipments.errors import CATALOG
from shipments.models import Shipment, TrackingUpdate
from tests.api.conftest import error_of
from tests.shipments.conftest import make_shipment

US = {"country": "US"}
DE = {"country": "DE"}


def test_packagex_basic_information_example_in_live_mode(acme, live_api):
    """PackageX's first example as written (a UPS number): live mode, where any carrier's number goes."""
    shipment = make_shipment(acme, Mode.LIVE)
    body = {**BASIC_EXAMPLE, "tracking_number": "1Z999999999999999"}
    r = live_api.patch(f"/api/v1/shipments/{shipment.public_id}", body, format="json")
    assert r.status_code == 200, r.content
    data = r.json()
    assert (data["tracking_number"], data["provider_id"]) == ("1Z999999999999999", "ups")
    assert data["estimated_delivery_at"] == data["pickup_at"] == "2025-02-22T15:00:00Z"
    assert data["tracker_id"].startswith("trk_") and data["tracker_status"] == "unknown"


def test_packagex_basic_information_example_in_test_mode(acme, api):
    shipment = make_shipment(acme)
    r = api.patch(f"/api/v1/shipments/{shipment.public_id}", BASIC_EXAMPLE, format="json")
    assert r.status_code == 200, r.content
    assert r.json()["tracking_number"] == "PKGX-AAAAAAA-1234567"


def test_packagex_status_update_example(acme, api, world):
    shipment = make_shipment(acme)
    body = {"tracking_update": {**STATUS_EXAMPLE["tracking_update"], "location_id": world.location.public_id}}
    r = api.patch(f"/api/v1/shipments/{shipment.public_id}", body, format="json")
    assert r.status_code == 200, r.content
    data = r.json()
    assert data["status"] == "in_transit" and data["location_id"] == world.location.public_id
    update = data["tracking_updates"][0]
    assert (update["status"], update["previous_status"], update["comment"], update["images"]) == (
        "in_transit",
        "created",
        "Package picked up from sender",
        ["https://example.com/image1.jpg"],
    )


def test_packagex_customs_example_on_an_international_shipment(acme, api):
    acme.international_shipping = True
    acme.save()
    shipment = make_shipment(acme, sender_address=US, recipient_address=DE)
    r = api.patch(f"/api/v1/shipments/{shipment.public_id}", CUSTOMS_EXAMPLE, format="json")
    assert r.status_code == 200, r.content
    customs = r.json()["customs"]
    assert customs["incoterm"] == "DAP" and customs["items"][0]["code"] == "COF-001"
    assert (customs["items"][0]["mode"], customs["items"][0]["manufacturer"]) == ("test", "N/A")
    assert r.json()["international"] is True


@pytest.mark.parametrize(
    ("setup", "body", "code", "fields"),
    [
        ("container", {"tracking_update": {"status": "in_transit"}}, "shipment_in_container", ["container_id"]),
        (None, {"tracking_number": "PKGX-1"}, "shipment_tracking_number_too_short", ["tracking_number"]),
        (None, {"tracking_update": {"contact_id": "@globex_contact"}}, "unknown_contact", ["contact_id"]),
        ("international", CUSTOMS_EXAMPLE, "international_shipping_disabled", ["customs"]),
        (None, {"order_number": 1001}, "invalid_fields", ["order_number"]),
    ],
)
def test_packagex_restrictions_answer_their_errors(acme, api, world, setup, body, code, fields):
    shipment = make_shipment(
        acme, **({"sender_address": US, "recipient_address": DE} if setup == "international" else {})
    )
    if setup == "container":
        shipment.container = world.container
        shipment.save()
    if "tracking_update" in body and body["tracking_update"].get("contact_id") == "@globex_contact":
        body = {"tracking_update": {"contact_id": world.globex_contact.public_id}}
    r = api.patch(f"/api/v1/shipments/{shipment.public_id}", body, format="json")
    error = error_of(r)
    assert (r.status_code, error["code"], [e["field"] for e in error["errors"]]) == (400, code, fields)
    if code != "invalid_fields":
        assert error["message"] == CATALOG[code].message


def test_create_read_and_isolation(acme, api, globex_api):
    r = api.post(
        "/api/v1/shipments",
        {"order_number": "#1", "tracking_number": "PKGX-CCCCCCC-0000001", "tags": ["vip"], "purchased": True},
        format="json",
    )
    assert r.status_code == 201, r.content
    data = r.json()
    assert data["id"].startswith("shp_") and data["purchased"] is True and data["tracker_id"].startswith("trk_")
    assert api.get(f"/api/v1/shipments/{data['id']}").status_code == 200
    assert error_of(globex_api.get(f"/api/v1/shipments/{data['id']}"))["code"] == "not_found"
    assert error_of(globex_api.patch(f"/api/v1/shipments/{data['id']}", {"notes": "x"}, format="json"))["status"] == 404
    assert globex_api.get("/api/v1/shipments").json()["data"] == []


def test_list_filters_and_keyset_pages(acme, globex, api):
    make_shipment(acme, order_number="A-1", tags=["vip"], type="inbound")
    make_shipment(acme, order_number="A-2", rma_number="RMA-9", tracking_number="PKGX-AAAAAAA-0000009")
    make_shipment(acme, order_number="A-3", tags=["vip", "cold"])
    make_shipment(globex, order_number="A-1", tags=["vip"])

    def ids(query: str) -> list[str]:
        r = api.get(f"/api/v1/shipments?{query}")
        assert r.status_code == 200, r.content
        return [s["order_number"] for s in r.json()["data"]]

    assert ids("") == ["A-3", "A-2", "A-1"]
    assert ids("tag=vip") == ["A-3", "A-1"]
    assert ids("type=inbound") == ["A-1"]
    assert ids("rma_number=RMA-9") == ["A-2"]
    assert ids("tracking_number=pkgx-aaaaaaa-0000009") == ["A-2"]
    assert ids("order_number=A-2") == ["A-2"]
    assert ids("status=created&tag=cold") == ["A-3"]
    assert ids("q=A-") == ["A-3", "A-2", "A-1"]
    first = api.get("/api/v1/shipments?limit=2").json()
    assert first["meta"]["has_more"] is True
    rest = api.get(f"/api/v1/shipments?limit=2&cursor={first['meta']['next_cursor']}").json()
    assert [s["order_number"] for s in rest["data"]] == ["A-1"] and rest["meta"]["has_more"] is False
    assert error_of(api.get("/api/v1/shipments?status=lost"))["code"] == "invalid_parameter"


def test_detail_with_100_updates_costs_the_same_queries_as_with_one(acme, api, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries_for(count: int) -> int:
        shipment = make_shipment(acme, customs={"items": [{"description": "Mug"}]}, log={"message": "hi"})
        TrackingUpdate.objects.bulk_create(
            [
                TrackingUpdate(shipment=shipment, status="in_transit", location=world.location, comment=f"scan {i}")
                for i in range(count)
            ]
        )
        with CaptureQueriesContext(connection) as captured:
            r = api.get(f"/api/v1/shipments/{shipment.public_id}")
        assert r.status_code == 200 and len(r.json()["tracking_updates"]) == count
        return len(captured)

    api.get("/api/v1/shipments")  # the key's first use costs its own queries
    one, hundred = queries_for(1), queries_for(100)
    assert one == hundred <= 8


def test_places_people_and_containers(acme, api, globex_api):
    loc = api.post("/api/v1/locations", {"name": "Main mailroom", "address": {"city": "Austin"}}, format="json")
    assert loc.status_code == 201, loc.content
    loc_id = loc.json()["id"]
    lay = api.post("/api/v1/layouts", {"name": "Shelf A", "location_id": loc_id}, format="json")
    assert lay.status_code == 201 and lay.json()["location_id"] == loc_id
    bad = api.post("/api/v1/layouts", {"name": "Shelf B", "location_id": "loc_nothing"}, format="json")
    assert error_of(bad)["code"] == "unknown_location"
    contact = api.post("/api/v1/contacts", {"name": "Dana", "email": "dana@example.com"}, format="json")
    assert contact.status_code == 201
    assert error_of(api.post("/api/v1/contacts", {"email": 5}, format="json"))["code"] == "invalid_fields"
    assert api.patch(f"/api/v1/locations/{loc_id}", {"name": "Mailroom 1"}, format="json").json()["name"] == (
        "Mailroom 1"
    )
    assert [x["id"] for x in api.get("/api/v1/locations").json()["data"]] == [loc_id]
    assert error_of(globex_api.get(f"/api/v1/locations/{loc_id}"))["status"] == 404
    assert globex_api.delete(f"/api/v1/locations/{loc_id}").status_code == 404
    assert api.delete(f"/api/v1/contacts/{contact.json()['id']}").status_code == 204


def test_a_container_update_reaches_every_shipment_in_it(acme, api, world):
    container = api.post("/api/v1/containers", {"name": "Bag 7"}, format="json").json()
    inside = [make_shipment(acme, order_number=f"in-{i}") for i in range(3)]
    outside = make_shipment(acme, order_number="out")
    for s in inside:
        r = api.patch(
            f"/api/v1/shipments/{s.public_id}", {"tracking_update": {"container_id": container["id"]}}, format="json"
        )
        assert r.status_code == 200
    r = api.patch(
        f"/api/v1/containers/{container['id']}",
        {"status": "in_transit", "location_id": world.location.public_id, "comment": "Bag left the dock"},
        format="json",
    )
    assert r.status_code == 200, r.content
    assert r.json()["status"] == "in_transit"
    for s in inside:
        s.refresh_from_db()
        assert (s.status, s.location_id) == ("in_transit", world.location.pk)
        latest = s.tracking_updates.order_by("-id").first()
        assert (latest.source, latest.comment, latest.container_id) == (
            "container",
            "Bag left the dock",
            s.container_id,
        )
    outside.refresh_from_db()
    assert outside.status == "created"
    # One shipment that cannot follow refuses the whole update.
    Shipment.objects.filter(pk=inside[0].pk).update(status="delivered")
    r = api.patch(f"/api/v1/containers/{container['id']}", {"status": "out_for_delivery"}, format="json")
    assert error_of(r)["code"] == "invalid_status_transition"
    assert set(Shipment.objects.filter(pk__in=[s.pk for s in inside[1:]]).values_list("status", flat=True)) == {
        "in_transit"
    }
    assert error_of(api.delete(f"/api/v1/containers/{container['id']}"))["code"] == "container_not_empty"


def test_the_update_documents_its_refusals(db):
    out = StringIO()
    call_command("spectacular", stdout=out)
    operation = yaml.safe_load(out.getvalue())["paths"]["/api/v1/shipments/{public_id}"]["patch"]
    examples = operation["responses"]["400"]["content"]["application/json"]["examples"]
    codes = {example["value"]["error"]["code"] for example in examples.values()}
    assert {
        "shipment_in_container",
        "shipment_tracking_number_too_short",
        "unknown_contact",
        "international_shipping_disabled",
    } <= codes
    assert len(operation["requestBody"]["content"]["application/json"]["examples"]) >= 3  # PackageX's three


def test_the_cached_detail_follows_every_change(acme, api, world):
    shipment = make_shipment(acme)
    url = f"/api/v1/shipments/{shipment.public_id}"
    assert api.get(url).json()["notes"] == ""
    services.update_shipment(acme, Mode.TEST, shipment.public_id, {"notes": "changed"})
    assert api.get(url).json()["notes"] == "changed"
    services.update_shipment(
        acme, Mode.TEST, shipment.public_id, {"tracking_update": {"container_id": world.container.public_id}}
    )
    containers.update_container(acme, Mode.TEST, world.container.public_id, {"status": "in_transit"})
    assert api.get(url).json()["status"] == "in_transit"


def test_the_whole_history_and_log_in_keyset_pages(acme, api, globex_api):
    from datetime import timedelta

    from django.utils import timezone

    from shipments.models import ShipmentLog

    shipment = make_shipment(acme)
    now = timezone.now()
    TrackingUpdate.objects.bulk_create(
        [
            TrackingUpdate(
                shipment=shipment, status="in_transit", comment=f"scan {i}", occurred_at=now - timedelta(minutes=i)
            )
            for i in range(130)
        ]
    )
    ShipmentLog.objects.bulk_create([ShipmentLog(shipment=shipment, message=f"note {i}") for i in range(3)])
    assert len(api.get(f"/api/v1/shipments/{shipment.public_id}").json()["tracking_updates"]) == 100
    seen, cursor = [], ""
    while True:
        r = api.get(f"/api/v1/shipments/{shipment.public_id}/tracking_updates?limit=50{cursor}")
        assert r.status_code == 200, r.content
        seen += [u["comment"] for u in r.json()["data"]]
        if not r.json()["meta"]["has_more"]:
            break
        cursor = f"&cursor={r.json()['meta']['next_cursor']}"
    assert seen == [f"scan {i}" for i in range(130)]
    assert len(api.get(f"/api/v1/shipments/{shipment.public_id}/logs").json()["data"]) == 3
    assert error_of(globex_api.get(f"/api/v1/shipments/{shipment.public_id}/tracking_updates"))["status"] == 404
    assert error_of(globex_api.get(f"/api/v1/shipments/{shipment.public_id}/logs"))["status"] == 404


def test_the_cached_detail_follows_its_tracker(acme, api):
    from trackers.models import Tracker

    shipment = make_shipment(acme, tracking_number="PKGX-AAAAAAA-0000077")
    url = f"/api/v1/shipments/{shipment.public_id}"
    assert api.get(url).json()["tracker_status"] == "unknown"
    Tracker.objects.filter(pk=shipment.tracker_id).update(status="error", updated_at=timezone.now())
    assert api.get(url).json()["tracker_status"] == "error"
