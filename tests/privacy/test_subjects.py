"""Export and erase one person's data: everything found, only this organization's, history kept."""

import pytest

from accounts.models import Mode
from core.errors import ServiceError
from events.models import Event
from notifications.models import Notification
from privacy import services
from privacy.models import AuditEntry
from tests.factories import ShipmentFactory
from trackers import services as trackers
from trackers.models import Tracker, TrackingEvent

KAREN = {"customer_name": "Karen Ng", "customer_email": "Karen@Example.com", "customer_phone": "+14155552671"}


def tracker_for(org, number, **fields):
    created = trackers.create_tracker(org, Mode.TEST, number, fields=fields, enqueue=False)
    return created.tracker


@pytest.fixture
def karens(acme, globex):
    mine = tracker_for(acme, "PKGX-DDDDDDD-0000001", **KAREN)
    other = tracker_for(acme, "PKGX-DDDDDDD-0000002", customer_name="Sam", customer_email="sam@example.com")
    theirs = tracker_for(globex, "PKGX-DDDDDDD-0000003", **KAREN)
    Notification.objects.create(
        organization=acme, mode=Mode.TEST, tracker=mine, channel="email", kind="delivered", milestone="delivered",
        recipient="karen@example.com", context={"name": "Karen Ng", "status": "delivered"},
    )  # fmt: skip
    shipment = ShipmentFactory(
        organization=acme, tracker=mine,
        recipient_address={"name": "Karen Ng", "line1": "1 Main St", "city": "Berlin", "postal_code": "10115",
                           "country": "DE", "email": "karen@example.com"},
    )  # fmt: skip
    return mine, other, theirs, shipment


def test_export_finds_everything_about_the_person_in_this_organization_only(acme, karens):
    mine, _other, _theirs, shipment = karens
    data = services.export_subject(acme, email="KAREN@example.com ")
    assert [t["id"] for t in data["trackers"]] == [mine.public_id]
    assert data["trackers"][0]["customer_phone"] == "+14155552671"
    assert [n["recipient"] for n in data["notifications"]] == ["karen@example.com"]
    assert [s["id"] for s in data["shipments"]] == [shipment.public_id]
    by_phone = services.export_subject(acme, phone="+1 415 555 2671")
    assert [t["id"] for t in by_phone["trackers"]] == [mine.public_id]
    targets = list(
        AuditEntry.objects.filter(action="privacy.exported", organization=acme).values_list("target", flat=True)
    )
    assert [t.split(":")[0] for t in sorted(targets)] == ["email", "phone"]
    assert not any("karen" in t.lower() or "4155552671" in t for t in targets)


def test_erase_blanks_the_person_everywhere_and_keeps_the_history(acme, globex, karens):
    mine, other, theirs, shipment = karens
    TrackingEvent.objects.create(tracker=mine, occurred_at=mine.created_at, status="in_transit", fingerprint="x")
    counts = services.erase_subject(acme, email="karen@example.com")
    assert counts == {
        "object": "erasure",
        "trackers": 1,
        "events": counts["events"],
        "notifications": 1,
        "shipments": 1,
    }
    mine.refresh_from_db()
    assert (mine.customer_name, mine.customer_email, mine.customer_phone) == ("", "", "")
    assert mine.tracking_number == "PKGX-DDDDDDD-0000001" and mine.events.count() == 1
    for event in Event.objects.filter(subject_id=mine.public_id):
        assert "Karen" not in str(event.data) and "karen" not in str(event.data).lower()
    assert counts["events"] == Event.objects.filter(subject_id=mine.public_id).count() >= 1
    note = Notification.objects.get(tracker=mine)
    assert note.recipient == "erased" and note.context == {"name": "", "status": "delivered"}
    shipment.refresh_from_db()
    assert shipment.recipient_address == {"city": "Berlin", "postal_code": "10115", "country": "DE"}
    # Someone else in the same organization, and the same person in another organization, are untouched.
    assert Tracker.objects.get(pk=other.pk).customer_email == "sam@example.com"
    assert Tracker.objects.get(pk=theirs.pk).customer_email == KAREN["customer_email"]
    assert services.export_subject(acme, email="karen@example.com")["trackers"] == []
    assert "1 trackers" in AuditEntry.objects.get(action="privacy.erased").detail


@pytest.mark.parametrize(
    ("email", "phone", "field"),
    [
        (None, None, "email"),
        ("karen@example.com", "+14155552671", "email"),
        ("not-an-address", None, "email"),
        (None, "12", "phone"),
        (None, ["+14155552671"], "phone"),
        ({"a": 1}, None, "email"),
    ],
)
def test_bad_subjects_are_refused_and_nothing_is_erased(acme, karens, email, phone, field):
    with pytest.raises(ServiceError) as exc:
        services.erase_subject(acme, email=email, phone=phone)
    assert exc.value.status == 400 and exc.value.errors[0].field == field
    assert Tracker.objects.filter(customer_name="Karen Ng").count() == 2
    assert not AuditEntry.objects.exists()
