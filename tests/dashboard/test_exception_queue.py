"""The exception queue: who is on what, snoozes, resolutions, notes, and the events they tell."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Membership
from carriers.statuses import Status
from core.errors import ServiceError
from events.models import Event, EventType
from tests.factories import MembershipFactory, TrackerFactory, UserFactory
from trackers import services
from trackers.casework import services as casework

pytestmark = pytest.mark.django_db


@pytest.fixture
def dave(acme):
    return MembershipFactory(user=UserFactory(username="dave"), organization=acme, role=Membership.Role.MEMBER).user


@pytest.fixture
def problems(acme):
    now = timezone.now()
    return {
        "failed": TrackerFactory(organization=acme, status=Status.FAILURE, last_event_at=now - timedelta(days=4)),
        "returned": TrackerFactory(
            organization=acme, status=Status.RETURN_TO_SENDER, last_event_at=now - timedelta(hours=2)
        ),
        "error": TrackerFactory(organization=acme, status=Status.ERROR, last_event_at=now - timedelta(days=2)),
        "fine": TrackerFactory(organization=acme, status=Status.IN_TRANSIT),
    }


def _queue(acme, view="open", user=None):
    return [t.public_id for t in casework.queue(services.trackers_for(acme, "test"), view, user)]


def test_problems_enter_the_queue_oldest_first(acme, problems):
    assert _queue(acme) == [problems[k].public_id for k in ("failed", "error", "returned")]


def test_assign_snooze_resolve_and_the_views(acme, alice, dave, problems):
    failed, returned = problems["failed"], problems["returned"]
    casework.assign(failed, dave.pk, by=alice)
    casework.assign(returned, alice.pk, by=alice)
    assert _queue(acme, "mine", dave) == [failed.public_id]
    assert _queue(acme, "unassigned", alice) == [problems["error"].public_id]
    casework.snooze(problems["error"], timezone.now() + timedelta(days=1), by=alice)
    assert _queue(acme, "snoozed") == [problems["error"].public_id]
    assert problems["error"].public_id not in _queue(acme)
    casework.resolve(failed, by=dave, resolution="Reshipped")
    assert failed.public_id not in _queue(acme) and _queue(acme, "resolved") == [failed.public_id]
    with pytest.raises(ServiceError) as twice:
        casework.resolve(failed, by=dave)
    assert twice.value.status == 409
    summary = casework.summary(services.trackers_for(acme, "test"), alice)
    assert (summary.open, summary.unassigned, summary.mine, summary.snoozed) == (1, 0, 1, 1)


def test_a_new_carrier_event_reopens_a_resolved_tracker(acme, alice, problems):
    failed = problems["failed"]
    casework.resolve(failed, by=alice)
    assert failed.public_id not in _queue(acme)
    type(failed).objects.filter(pk=failed.pk).update(last_event_at=timezone.now() + timedelta(seconds=1))
    assert failed.public_id in _queue(acme)


def test_assignment_and_resolution_go_through_the_event_seam(acme, alice, dave, problems):
    failed = problems["failed"]
    casework.assign(failed, dave.pk, by=alice)
    casework.resolve(failed, by=dave, resolution="Refunded")
    assigned = Event.objects.get(type=EventType.EXCEPTION_ASSIGNED)
    resolved = Event.objects.get(type=EventType.EXCEPTION_RESOLVED)
    assert assigned.subject_id == failed.public_id and assigned.data["assignee"]["username"] == "dave"
    assert assigned.data["tracker"]["id"] == failed.public_id
    assert resolved.data["resolution"] == "Refunded" and resolved.data["by"]["username"] == "dave"


def test_another_organizations_user_cannot_be_assigned(acme, bob, problems):
    with pytest.raises(ServiceError) as refused:
        casework.assign(problems["failed"], bob.pk)
    assert refused.value.code == "unknown_member"


def test_notes_are_internal(client, acme, alice, problems):
    failed = problems["failed"]
    casework.add_note(failed, alice, "Customer called, wants a refund")
    assert "wants a refund" not in client.get(f"/t/{failed.public_token}/").content.decode()
    with pytest.raises(ServiceError):
        casework.add_note(failed, alice, "   ")


def test_the_dashboard_queue_and_case_actions(alice_client, alice, acme, dave, problems):
    failed = problems["failed"]
    url = reverse("dashboard-tracker-case", args=[failed.public_id, "assign"])
    assert alice_client.post(url, {"assignee": str(dave.pk)}).status_code == 302
    page = alice_client.get(reverse("dashboard-queue")).content.decode()
    assert failed.tracking_number in page and "dave" in page
    alice_client.post(reverse("dashboard-tracker-case", args=[problems["error"].public_id, "take"]))
    mine = alice_client.get(reverse("dashboard-queue") + "?view=mine").content.decode()
    assert problems["error"].tracking_number in mine and failed.tracking_number not in mine
    alice_client.post(reverse("dashboard-tracker-case", args=[failed.public_id, "note"]), {"body": "Asked the carrier"})
    alice_client.post(reverse("dashboard-tracker-case", args=[failed.public_id, "snooze"]), {"length": "3"})
    detail = alice_client.get(reverse("dashboard-tracker", args=[failed.public_id])).content.decode()
    assert "Asked the carrier" in detail and "Snoozed until" in detail
    alice_client.post(reverse("dashboard-tracker-case", args=[failed.public_id, "resolve"]), {"resolution": "Done"})
    home = alice_client.get(reverse("dashboard-home")).content.decode()
    assert 'data-count="open">2<' in home and 'data-count="mine">1<' in home


def test_another_organizations_tracker_is_a_404(bob_client, problems):
    url = reverse("dashboard-tracker-case", args=[problems["failed"].public_id, "resolve"])
    assert bob_client.post(url).status_code == 404
