"""When the journey went wrong, the public page says what happens next and how to reach the shop."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts import services as accounts
from carriers.statuses import Status
from tests.factories import TrackerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_micro_cache(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0


@pytest.fixture
def shop(acme):
    accounts.update_settings(
        acme,
        {
            "display_name": "Acme Shop",
            "support_email": "help@acme.example",
            "support_phone": "+44 20 7946 0958",
            "support_url": "https://acme.example/help",
        },
    )
    return acme


@pytest.mark.parametrize(
    ("status", "language", "words"),
    [
        (Status.FAILURE, "en", "The carrier could not deliver this parcel. Acme Shop has been told"),
        (Status.RETURN_TO_SENDER, "es", "Este paquete vuelve a Acme Shop"),
        (Status.ERROR, "fr", "Le transporteur a besoin d’aide pour livrer ce colis"),
    ],
)
def test_a_stopped_journey_says_what_happens_next_in_the_recipients_language(client, shop, status, language, words):
    tracker = TrackerFactory(organization=shop, status=status, language=language)
    body = client.get(f"/t/{tracker.public_token}/").content.decode()
    assert words in body
    assert 'href="mailto:help@acme.example"' in body and 'href="tel:+442079460958"' in body
    assert 'href="https://acme.example/help"' in body


def test_a_parcel_on_its_way_shows_no_next_step(client, shop):
    tracker = TrackerFactory(organization=shop, status=Status.IN_TRANSIT)
    assert "data-next-step" not in client.get(f"/t/{tracker.public_token}/").content.decode()


def test_without_a_contact_the_recipient_is_told_where_to_look(client, acme):
    tracker = TrackerFactory(organization=acme, status=Status.FAILURE)
    body = client.get(f"/t/{tracker.public_token}/").content.decode()
    assert "data-next-step" in body and "mailto:" not in body and "Reply to the email" in body


def test_the_settings_page_saves_the_contact_and_refuses_bad_values(acme, alice_client):
    url = reverse("dashboard-settings")
    bad = alice_client.post(url, {"support_email": "nope", "support_phone": "call me", "support_url": "http://x"})
    text = bad.content.decode()
    assert "Use an email address" in text and "Use a phone number" in text and "Use an https:// address" in text
    acme.refresh_from_db()
    assert acme.support_email == ""
    good = alice_client.post(
        url, {"support_email": "help@acme.example", "support_phone": "+1 415 555 2671", "support_url": ""}
    )
    assert good.status_code == 302
    acme.refresh_from_db()
    assert (acme.support_email, acme.support_phone) == ("help@acme.example", "+1 415 555 2671")


@pytest.mark.parametrize("path", ["/t/no-such-token/", "/t/", "/t/a/b/c", "/n/unsubscribe/nope/extra"])
def test_unknown_public_links_get_the_friendly_404_even_with_debug_on(client, settings, path):
    settings.DEBUG = True
    response = client.get(path)
    assert response.status_code == 404
    body = response.content.decode()
    assert "We couldn" in body and "Using the URLconf" not in body and "Traceback" not in body


def test_live_mode_with_no_tracker_shows_how_to_start(alice_client):
    alice_client.post(reverse("dashboard-switch"), {"mode": "live"})
    page = alice_client.get(reverse("dashboard-home")).content.decode()
    assert "How to start in live mode" in page and reverse("dashboard-keys") in page
    alice_client.post(reverse("dashboard-switch"), {"mode": "test"})
    assert "How to start in live mode" not in alice_client.get(reverse("dashboard-home")).content.decode()
