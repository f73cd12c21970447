"""Who may see what: login required, membership decides the organization, other orgs are 404."""

from __future__ import annotations

import pytest
from django.test import Client

from accounts import services as accounts
from accounts.models import Membership, Mode
from tests.factories import MembershipFactory, TrackerFactory, UserFactory
from trackers.models import Tracker

PAGES = [
    "/dashboard/",
    "/dashboard/trackers/",
    "/dashboard/trackers/new/",
    "/dashboard/trackers/export.csv",
    "/dashboard/imports/new/",
    "/dashboard/webhooks/",
    "/dashboard/keys/",
    "/dashboard/settings/",
]


@pytest.mark.django_db
@pytest.mark.parametrize("url", [*PAGES, "/dashboard/trackers/trk_x/"])
def test_anonymous_users_go_to_login(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/login/?next=")


@pytest.mark.django_db
def test_root_goes_to_the_dashboard(client):
    response = client.get("/")
    assert response.status_code == 302 and response["Location"] == "/dashboard/"


@pytest.mark.django_db
def test_login_page_logs_in_and_lands_on_the_dashboard(client, alice):
    assert client.get("/login/").status_code == 200
    response = client.post("/login/", {"username": "alice", "password": "password"})
    assert response.status_code == 302 and response["Location"] == "/dashboard/"
    assert client.get("/dashboard/").status_code == 200


@pytest.mark.parametrize("url", PAGES)
def test_carol_without_membership_sees_nothing(carol_client, acme, url):
    TrackerFactory(organization=acme, tracking_number="PKGX-AAAAAAA-SECRET1", title="Acme secret")
    response = carol_client.get(url)
    assert response.status_code == 403
    body = response.content.decode()
    assert "not a member of any organization" in body
    assert "SECRET1" not in body and "Acme" not in body


def test_carol_cannot_open_a_tracker(carol_client, acme):
    tracker = TrackerFactory(organization=acme)
    assert carol_client.get(f"/dashboard/trackers/{tracker.public_id}/").status_code == 403


def test_another_organizations_tracker_is_404(alice_client, globex):
    theirs = TrackerFactory(organization=globex)
    base = f"/dashboard/trackers/{theirs.public_id}/"
    assert alice_client.get(base).status_code == 404
    assert alice_client.post(base, {"title": "hijack"}).status_code == 404
    assert alice_client.post(base + "refresh/").status_code == 404
    assert alice_client.post(base + "delete/").status_code == 404
    assert Tracker.objects.filter(pk=theirs.pk, title="").exists()


def test_bulk_actions_ignore_other_organizations_ids(alice_client, acme, globex, django_capture_on_commit_callbacks):
    theirs = TrackerFactory(organization=globex)
    mine = TrackerFactory(organization=acme)
    with django_capture_on_commit_callbacks(execute=True):
        alice_client.post("/dashboard/trackers/bulk/", {"action": "delete", "ids": [theirs.public_id, mine.public_id]})
    assert Tracker.objects.filter(pk=theirs.pk).exists()
    assert not Tracker.objects.filter(pk=mine.pk).exists()


def test_lists_show_only_the_current_organization(alice_client, acme, globex):
    TrackerFactory(organization=acme, tracking_number="PKGX-AAAAAAA-ACME001")
    TrackerFactory(organization=globex, tracking_number="PKGX-AAAAAAA-GLOBEX1")
    body = alice_client.get("/dashboard/trackers/").content.decode()
    assert "ACME001" in body and "GLOBEX1" not in body
    export = b"".join(alice_client.get("/dashboard/trackers/export.csv").streaming_content).decode()
    assert "ACME001" in export and "GLOBEX1" not in export


def test_switching_to_an_organization_without_membership_is_refused(alice_client, acme, globex):
    TrackerFactory(organization=globex, tracking_number="PKGX-AAAAAAA-GLOBEX1")
    alice_client.post("/dashboard/switch/", {"org": "globex"})
    assert "GLOBEX1" not in alice_client.get("/dashboard/trackers/").content.decode()


def test_a_member_of_two_organizations_switches_between_them(acme, globex):
    user = UserFactory(username="dora")
    MembershipFactory(user=user, organization=acme)
    MembershipFactory(user=user, organization=globex)
    TrackerFactory(organization=acme, tracking_number="PKGX-AAAAAAA-ACME001")
    TrackerFactory(organization=globex, tracking_number="PKGX-AAAAAAA-GLOBEX1")
    client = Client()
    client.force_login(user)
    assert "ACME001" in client.get("/dashboard/trackers/").content.decode()  # first membership by name
    client.post("/dashboard/switch/", {"org": "globex"})
    body = client.get("/dashboard/trackers/").content.decode()
    assert "GLOBEX1" in body and "ACME001" not in body


def test_test_and_live_data_never_mix(alice_client, acme):
    live = TrackerFactory(organization=acme, mode=Mode.LIVE, tracking_number="9400111111111111111111", courier="usps")
    TrackerFactory(organization=acme, mode=Mode.TEST, tracking_number="PKGX-AAAAAAA-TEST001")
    body = alice_client.get("/dashboard/trackers/").content.decode()
    assert "TEST001" in body and "9400111111111111111111" not in body
    assert alice_client.get(f"/dashboard/trackers/{live.public_id}/").status_code == 404
    alice_client.post("/dashboard/switch/", {"mode": "live"})
    body = alice_client.get("/dashboard/trackers/").content.decode()
    assert "9400111111111111111111" in body and "TEST001" not in body
    assert alice_client.get(f"/dashboard/trackers/{live.public_id}/").status_code == 200


def test_other_organizations_api_key_and_import_are_404(alice_client, globex):
    key = accounts.create_api_key(globex, Mode.TEST, "theirs").api_key
    assert alice_client.post(f"/dashboard/keys/{key.public_id}/revoke/").status_code == 404
    key.refresh_from_db()
    assert key.revoked_at is None
    assert alice_client.get("/dashboard/imports/imp_doesnotexist/").status_code == 404


def test_members_cannot_change_settings_or_keys(acme):
    user = UserFactory(username="mallory")
    MembershipFactory(user=user, organization=acme, role=Membership.Role.MEMBER)
    client = Client()
    client.force_login(user)
    assert client.post("/dashboard/settings/", {"display_name": "Pwned"}).status_code == 403
    assert client.post("/dashboard/keys/", {"mode": "test", "name": "x"}).status_code == 403
    acme.refresh_from_db()
    assert acme.display_name != "Pwned"
    assert not acme.api_keys.exists()


def test_posts_need_a_csrf_token(alice, acme):
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    tracker = TrackerFactory(organization=acme)
    assert client.post(f"/dashboard/trackers/{tracker.public_id}/delete/").status_code == 403
    assert Tracker.objects.filter(pk=tracker.pk).exists()
