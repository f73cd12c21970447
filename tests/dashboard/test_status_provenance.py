"""The tracker page's "Why this status" and the status overrides page (settings area)."""

from __future__ import annotations

import zlib

from accounts.models import Membership
from carriers import provenance
from carriers.statuses import Detail, Status
from tests.dashboard.conftest import login
from tests.factories import MembershipFactory, TrackerFactory, TrackingEventFactory, UserFactory
from trackers import overrides
from trackers.models import CarrierAnswer, StatusOverride


def test_the_tracker_page_says_why_its_status_was_chosen(acme, alice_client):
    tracker = TrackerFactory(organization=acme, courier="usps", status=Status.FAILURE, status_detail="package_lost")
    TrackingEventFactory(tracker=tracker, raw_code="07", status=Status.IN_TRANSIT, message="Arrived at Post Office")
    TrackingEventFactory(tracker=tracker, raw_code="OF", status=Status.FAILURE, status_detail="package_lost")
    overrides.save_override(acme, "usps", "OF", Status.FAILURE, Detail.PACKAGE_LOST)
    CarrierAnswer.objects.create(
        tracker=tracker,
        adapter="usps",
        map_version="0123456789ab",
        body=zlib.compress(b"{}"),
        raw_code="OF",
        raw_description="Out for Delivery",
        status=Status.FAILURE,
        status_detail="package_lost",
        overridden=True,
    )
    page = alice_client.get(f"/dashboard/trackers/{tracker.public_id}/").content.decode()
    why = page[page.index("data-status-why") : page.index("</details>")]
    assert "<summary>Why this status</summary>" in why
    assert "<code>OF</code> “Out for Delivery”" in why and "your organization's override" in why
    assert "Arrived at Post Office" in why and "<code>07</code>" in why
    # The map changed since the answer: the page says so, with today's version.
    assert f"now <code>{provenance.map_version('usps')}</code>" in why


def test_overrides_are_managed_on_their_settings_page_by_their_organization_only(acme, globex, alice_client):
    page = alice_client.get("/dashboard/settings/status-overrides/")
    assert page.status_code == 200 and "None yet" in page.content.decode()
    answer = alice_client.post(
        "/dashboard/settings/status-overrides/",
        {"courier": "usps", "raw_code": "OF", "status": "failure", "status_detail": "package_lost"},
    )
    assert answer.status_code == 302
    (row,) = StatusOverride.objects.filter(organization=acme)
    assert (row.courier, row.raw_code, row.status, row.status_detail) == ("usps", "OF", "failure", "package_lost")

    refused = alice_client.post(
        "/dashboard/settings/status-overrides/", {"courier": "usps", "raw_code": " ", "status": "failure"}
    )
    assert refused.status_code == 200 and StatusOverride.objects.count() == 1

    owner = MembershipFactory(user=UserFactory(username="dana"), organization=globex, role=Membership.Role.OWNER)
    other = login(owner.user)
    assert "<code>OF</code>" not in other.get("/dashboard/settings/status-overrides/").content.decode()
    assert other.post(f"/dashboard/settings/status-overrides/{row.public_id}/delete/").status_code == 404
    assert alice_client.post(f"/dashboard/settings/status-overrides/{row.public_id}/delete/").status_code == 302
    assert not StatusOverride.objects.exists()


def test_the_settings_page_leads_to_the_overrides(acme, alice_client):
    page = alice_client.get("/dashboard/settings/").content.decode()
    title = page[page.index("<title>") : page.index("</title>")]
    assert "Status overrides" not in title
    assert 'href="/dashboard/settings/status-overrides/"' in page
