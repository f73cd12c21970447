"""A tracking domain per organization: its public pages on the shop's own host, links that use it."""

from __future__ import annotations

import pytest
from django.test import Client

from accounts import domains
from accounts import services as accounts
from config.hosts import HostsWithTrackingDomains
from core.errors import ServiceError
from tests.factories import TrackerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _hosts(settings):
    settings.ALLOWED_HOSTS = HostsWithTrackingDomains(["testserver", "127.0.0.1"])
    settings.STATIC_ALLOWED_HOSTS = ["testserver", "127.0.0.1"]
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    domains.forget()
    yield


def test_the_domain_serves_only_its_organizations_public_pages(acme, globex):
    accounts.update_settings(acme, {"tracking_domain": "Track.Acme.Example"})
    mine = TrackerFactory(organization=acme)
    theirs = TrackerFactory(organization=globex)
    shop = Client(HTTP_HOST="track.acme.example")
    assert shop.get(f"/t/{mine.public_token}/").status_code == 200
    assert shop.get(f"/t/{theirs.public_token}/").status_code == 404
    # The dashboard, admin and API stay on the main host.
    assert shop.get("/dashboard/").status_code == 404 and shop.get("/api/v1/trackers").status_code == 404
    # Unknown hosts are refused as before; the main host still serves every page.
    assert Client(HTTP_HOST="evil.example").get(f"/t/{mine.public_token}/").status_code == 400
    assert Client().get(f"/t/{theirs.public_token}/").status_code == 200


def test_links_in_the_api_and_emails_use_the_domain(api, acme):
    tracker = TrackerFactory(organization=acme)
    assert tracker.public_url.startswith("http://testserver/t/")
    accounts.update_settings(acme, {"tracking_domain": "track.acme.example"})
    tracker.refresh_from_db()
    assert tracker.public_url == f"https://track.acme.example/t/{tracker.public_token}/"
    listed = api.get("/api/v1/trackers", {"status": tracker.status}).json()["data"]
    assert listed[0]["public_url"] == tracker.public_url
    accounts.update_settings(acme, {"tracking_domain": ""})
    tracker.refresh_from_db()
    assert tracker.public_url.startswith("http://testserver/t/")


def test_the_setting_is_checked(acme, globex):
    for bad in ("https://track.acme.example", "track", "10.0.0.1", "track.acme.example/x", "testserver.local:80"):
        with pytest.raises(ServiceError) as refused:
            accounts.update_settings(acme, {"tracking_domain": bad})
        assert refused.value.errors[0].field == "tracking_domain"
    accounts.update_settings(globex, {"tracking_domain": "track.shared.example"})
    with pytest.raises(ServiceError) as taken:
        accounts.update_settings(acme, {"tracking_domain": "track.shared.example"})
    assert taken.value.status == 409
