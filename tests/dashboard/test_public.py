"""The recipient's public page: no personal data, 3 queries at most, cheap reloads, its language."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from accounts.models import Mode
from carriers.statuses import Status
from tests.factories import TrackerFactory, TrackingEventFactory
from trackers import services
from trackers.models import Tracker

PRIVATE = {
    "customer_name": "Karen Ng",
    "customer_email": "karen.private@example.com",
    "customer_phone": "+86 135 3021 8545",
    "order_id": "ORDER-SECRET-42",
    "comment": "leave with neighbour Bob",
}


@pytest.fixture(autouse=True)
def _no_micro_cache(settings):
    """These tests look at the page as built; test_micro_cache covers the cached path."""
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0


@pytest.fixture
def tracker(acme):
    acme.display_name = "Acme Shop"
    acme.brand_color = "#ff6600"
    acme.logo_url = "https://cdn.example.com/logo.png"
    acme.save()
    t = TrackerFactory(
        organization=acme,
        mode=Mode.LIVE,
        tracking_number="9400111202555842761523",
        courier="usps",
        status=Status.IN_TRANSIT,
        status_detail="arrived_at_facility",
        est_delivery_at=datetime(2026, 3, 5, 18, tzinfo=UTC),
        metadata={"internal_note": "VIP-METADATA-VALUE"},
        **PRIVATE,
    )
    TrackingEventFactory(
        tracker=t,
        occurred_at=datetime(2026, 3, 2, 15, 30, tzinfo=UTC),
        status=Status.PRE_TRANSIT,
        status_detail="label_created",
        message="Shipping label created",
        time_zone="America/Los_Angeles",
        city="Los Angeles",
        state="CA",
    )
    TrackingEventFactory(
        tracker=t,
        occurred_at=datetime(2026, 3, 3, 20, 5, tzinfo=UTC),
        status=Status.IN_TRANSIT,
        status_detail="arrived_at_facility",
        message="Arrived at Memphis hub",
        time_zone="America/Chicago",
        city="Memphis",
        state="TN",
    )
    TrackingEventFactory(
        tracker=t,
        occurred_at=datetime(2026, 3, 4, 9, 0, tzinfo=UTC),
        status=Status.IN_TRANSIT,
        status_detail="departed_facility",
        message="Departed",
        time_zone=None,
        city="",
        state="",
        country="",
    )
    return t


def url(t) -> str:
    return f"/t/{t.public_token}/"


def test_shows_status_progress_events_courier_and_brand(client, tracker):
    response = client.get(url(tracker))
    assert response.status_code == 200
    body = response.content.decode()
    assert "<h1" in body and "In transit" in body
    assert "Estimated delivery" in body and "Thursday 5 March" in body
    assert 'class="step done"' in body and 'aria-current="step"' in body
    # Grouped by local day, local time with the zone abbreviation; UTC said as such.
    assert "Monday 2 March 2026" in body and "07:30 PST" in body
    assert "14:05 CST" in body and "Memphis, TN" in body
    assert "09:00 UTC" in body and "local time zone unknown" in body
    assert "USPS" in body and "https://tools.usps.com/go/TrackConfirmAction?tLabels=9400111202555842761523" in body
    assert "Acme Shop" in body and "--brand: #ff6600" in body and "https://cdn.example.com/logo.png" in body
    assert '<main id="main"' in body and "<header" in body and "<footer" in body


def test_no_personal_data(client, tracker):
    body = client.get(url(tracker)).content.decode()
    for value in [*PRIVATE.values(), "VIP-METADATA-VALUE", "Karen", tracker.public_id]:
        assert value not in body


def test_at_most_three_queries_and_noindex(client, tracker, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        response = client.get(url(tracker))
    assert response["X-Robots-Tag"].startswith("noindex")
    assert '<meta name="robots" content="noindex' in response.content.decode()


def test_reload_is_a_304_by_etag_or_last_modified(client, tracker, django_assert_max_num_queries):
    first = client.get(url(tracker))
    etag, modified = first["ETag"], first["Last-Modified"]
    with django_assert_max_num_queries(1):
        again = client.get(url(tracker), HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""
    assert client.get(url(tracker), HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    # A change to the tracker or to the branding is a new version.
    services.update_tracker(tracker, {"title": "x"})
    assert client.get(url(tracker), HTTP_IF_NONE_MATCH=etag).status_code == 200
    etag = client.get(url(tracker))["ETag"]
    tracker.organization.brand_color = "#112233"
    tracker.organization.save()
    assert client.get(url(tracker), HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_unknown_or_deleted_token_is_a_friendly_404(client, tracker):
    response = client.get("/t/nope/")
    assert response.status_code == 404
    assert "couldn't find that page" in response.content.decode()
    token = tracker.public_token
    services.delete_tracker(tracker)
    assert client.get(f"/t/{token}/").status_code == 404
    assert client.get("/t/" + "x" * 60 + "/").status_code == 404


def test_in_the_trackers_language(client, tracker):
    tracker.language = "es"
    tracker.save()
    response = client.get(url(tracker), HTTP_ACCEPT_LANGUAGE="fr")
    body = response.content.decode()
    assert response["Content-Language"] == "es"
    assert "En tránsito" in body and "Historial del envío" in body and "jueves 5 marzo" in body
    assert 'lang="es"' in body


def test_in_the_browsers_language_otherwise(client, tracker):
    response = client.get(url(tracker), HTTP_ACCEPT_LANGUAGE="fr-FR,fr;q=0.9")
    body = response.content.decode()
    assert response["Content-Language"] == "fr"
    assert "En transit" in body and "Historique de l’envoi" in body
    assert "Accept-Language" in response["Vary"]
    assert client.get(url(tracker), HTTP_ACCEPT_LANGUAGE="de")["Content-Language"] == "en"


def test_exception_stops_the_progress_line(client, acme):
    t = TrackerFactory(organization=acme, status=Status.FAILURE, status_detail="package_damaged")
    TrackingEventFactory(tracker=t, status=Status.IN_TRANSIT, occurred_at=timezone.now() - timedelta(hours=2))
    TrackingEventFactory(tracker=t, status=Status.FAILURE, status_detail="package_damaged")
    body = client.get(url(t)).content.decode()
    assert "steps-stopped" in body and body.count('class="step done"') == 2
    assert "The journey stopped here" in body and "Package damaged" in body
    assert "Test shipment" in body


def test_bad_brand_values_are_ignored(client, acme):
    acme.brand_color = "#1;}<p>"
    acme.logo_url = "http://insecure.example.com/logo.png"
    acme.save()
    body = client.get(url(TrackerFactory(organization=acme))).content.decode()
    assert "--brand:" not in body and "insecure.example.com" not in body and "#1;}" not in body


def test_micro_cache_serves_repeat_views_with_one_version_check(client, tracker, settings, django_assert_num_queries):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 3600  # the copy outlives the test, however slow the machine
    first = client.get(url(tracker))
    with django_assert_num_queries(1):  # is the copy still the tracker's current version?
        again = client.get(url(tracker))
    assert again.content == first.content and again["ETag"] == first["ETag"]
    with django_assert_num_queries(1):
        assert client.get(url(tracker), HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    # Each language is its own copy.
    assert "En transit" in client.get(url(tracker), HTTP_ACCEPT_LANGUAGE="fr").content.decode()


def test_deleting_from_the_dashboard_drops_the_cached_page(alice_client, client, acme, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 3600  # the copy outlives the test, however slow the machine
    t = TrackerFactory(organization=acme)
    assert client.get(url(t)).status_code == 200
    alice_client.post(f"/dashboard/trackers/{t.public_id}/delete/")
    assert client.get(url(t)).status_code == 404


def drop_in_another_worker(change, tracker) -> None:
    """Apply a change as another process would: this process's cache never hears of it."""
    from trackers import public_cache

    original = public_cache.forget_many
    public_cache.forget_many = lambda tokens: None
    try:
        change(tracker)
    finally:
        public_cache.forget_many = original


def test_a_page_gone_in_another_worker_is_404_at_once_here(client, acme, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 3600  # the copy outlives the test, however slow the machine
    t = TrackerFactory(organization=acme)
    assert client.get(url(t)).status_code == 200  # now cached in this process
    drop_in_another_worker(services.delete_tracker, t)
    assert client.get(url(t)).status_code == 404


def test_a_page_deactivated_in_another_worker_is_rendered_again_here(client, acme, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 3600
    t = TrackerFactory(organization=acme)
    first = client.get(url(t))
    drop_in_another_worker(lambda x: services.deactivate_trackers(Tracker.objects.filter(pk=x.pk)), t)
    again = client.get(url(t))
    assert again.status_code == 200 and again["ETag"] != first["ETag"]


def expire(t) -> None:
    Tracker.objects.filter(pk=t.pk).update(
        active=False, next_refresh_at=None, staleness_reason="expired", updated_at=timezone.now()
    )


@pytest.mark.parametrize(
    "stop",
    [lambda t: services.complete_tracker(t, Status.DELIVERED, "delivered"), expire],
    ids=["completed_by_hand", "expired"],
)
def test_a_tracker_that_stopped_refreshing_keeps_its_page_and_history(client, tracker, stop):
    stop(tracker)
    page = client.get(url(tracker))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Arrived at Memphis hub" in body and "Shipping label created" in body  # its history
    services.delete_tracker(Tracker.objects.get(pk=tracker.pk))
    assert client.get(url(tracker)).status_code == 404


def test_a_cached_copy_of_an_older_version_is_rendered_again(client, acme, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 3600  # the copy outlives the test, however slow the machine
    t = TrackerFactory(organization=acme, status="in_transit")
    first = client.get(url(t))
    Tracker.objects.filter(pk=t.pk).update(status="delivered", updated_at=t.updated_at + timedelta(minutes=1))
    again = client.get(url(t))
    assert again["ETag"] != first["ETag"] and "Delivered" in again.content.decode()
