"""Saved views: a filter set kept per member or shared, in the sidebar with its count."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Membership
from carriers.statuses import Status
from core.errors import ServiceError
from tests.dashboard.conftest import login
from tests.factories import MembershipFactory, TrackerFactory, UserFactory
from trackers import saved_views, tags
from trackers.casework import services as casework

pytestmark = pytest.mark.django_db


@pytest.fixture
def dave(acme):
    return MembershipFactory(user=UserFactory(username="dave"), organization=acme, role=Membership.Role.MEMBER).user


def test_save_a_view_and_see_it_with_its_count_in_the_sidebar(alice_client, acme, alice):
    for t in TrackerFactory.create_batch(3, organization=acme, status=Status.FAILURE):
        tags.set_tags(t, ["claims"])
    TrackerFactory(organization=acme, status=Status.FAILURE)
    r = alice_client.post(
        reverse("dashboard-view-save"), {"name": "Claims", "query": "status=failure&tag=claims&cursor=abc&x=1"}
    )
    assert r.status_code == 302 and r["Location"].endswith("?status=failure&tag=claims")
    page = alice_client.get(reverse("dashboard-home")).content.decode()
    assert "Claims" in page and "data-view-count>3<" in page


def test_private_views_stay_private_shared_ones_are_everyones(acme, alice, dave, bob):
    mine = saved_views.save_view(acme, alice, "Mine", "status=failure")
    shared = saved_views.save_view(acme, alice, "Team", "status=error", shared=True)
    assert set(saved_views.views_for(acme, dave)) == {shared}
    assert set(saved_views.views_for(acme, alice)) == {mine, shared}
    with pytest.raises(ServiceError) as refused:
        saved_views.delete_view(acme, dave, shared.public_id)
    assert refused.value.status == 403
    with pytest.raises(ServiceError) as hidden:
        saved_views.delete_view(acme, dave, mine.public_id)
    assert hidden.value.status == 404
    with pytest.raises(ServiceError):
        saved_views.save_view(acme, alice, "Empty", "cursor=abc")


def test_assignee_and_age_filters(acme, alice, dave):
    now = timezone.now()
    old = TrackerFactory(organization=acme, status=Status.FAILURE, last_event_at=now - timedelta(days=10))
    new = TrackerFactory(organization=acme, status=Status.FAILURE, last_event_at=now - timedelta(hours=1))
    casework.assign(old, dave.pk)
    client = login(dave)
    mine = client.get(reverse("dashboard-trackers") + "?assignee=me").content.decode()
    assert old.tracking_number in mine and new.tracking_number not in mine
    quiet = client.get(reverse("dashboard-trackers") + "?age=7").content.decode()
    assert old.tracking_number in quiet and new.tracking_number not in quiet
    nobody = client.get(reverse("dashboard-trackers") + "?assignee=nobody").content.decode()
    assert new.tracking_number in nobody and old.tracking_number not in nobody
