"""Webhook pages: send a test, the delivery log by outcome, retry; scoped to the organization.

The shared local HTTP server (`http_server`, tests/httpserver.py) is the endpoint; the webhook
services do the sending.
"""

from __future__ import annotations

import pytest

from tests.factories import SubscriptionFactory, TrackerFactory

services = pytest.importorskip("webhooks.services", reason="the webhook services are not in this build")


def test_send_a_test_then_the_log_by_outcome(alice_client, acme, http_server):
    sub = SubscriptionFactory(organization=acme, url=http_server.url + "/hooks")
    response = alice_client.post(f"/dashboard/webhooks/{sub.public_id}/test/", follow=True)
    assert "Test event delivered: your endpoint answered HTTP 200" in response.content.decode()
    assert len(http_server.requests) == 1
    delivery = services.deliveries_for(acme, "test").get()
    body = alice_client.get("/dashboard/webhooks/deliveries/").content.decode()
    assert delivery.public_id in body and "Succeeded" in body
    assert delivery.public_id in alice_client.get("/dashboard/webhooks/deliveries/?outcome=succeeded").content.decode()
    assert delivery.public_id not in alice_client.get("/dashboard/webhooks/deliveries/?outcome=failed").content.decode()


def test_retry_a_failed_delivery(alice_client, acme, http_server):
    sub = SubscriptionFactory(organization=acme, url=http_server.url + "/hooks")
    http_server.status = 500
    response = alice_client.post(f"/dashboard/webhooks/{sub.public_id}/test/", follow=True)
    assert "Test event not delivered" in response.content.decode()
    delivery = services.deliveries_for(acme, "test").get()
    assert delivery.public_id in alice_client.get("/dashboard/webhooks/deliveries/?outcome=failed").content.decode()
    http_server.status = 204
    response = alice_client.post(f"/dashboard/webhooks/deliveries/{delivery.public_id}/retry/", follow=True)
    assert "Delivered: your endpoint answered HTTP 204" in response.content.decode()
    assert len(http_server.requests) == 2


def test_another_organizations_webhooks_are_404(alice_client, globex, http_server):
    theirs = SubscriptionFactory(organization=globex, url=http_server.url + "/hooks")
    assert alice_client.post(f"/dashboard/webhooks/{theirs.public_id}/test/").status_code == 404
    delivery = services.send_test(theirs)
    assert alice_client.post(f"/dashboard/webhooks/deliveries/{delivery.public_id}/retry/").status_code == 404
    assert delivery.public_id not in alice_client.get("/dashboard/webhooks/deliveries/").content.decode()
    assert len(http_server.requests) == 1


def test_tracker_detail_lists_its_events_and_deliveries(
    alice_client, acme, http_server, django_capture_on_commit_callbacks
):
    from trackers import services as trackers

    SubscriptionFactory(organization=acme, url=http_server.url + "/hooks")
    tracker = TrackerFactory(organization=acme)
    with django_capture_on_commit_callbacks(execute=True):
        trackers.update_tracker(tracker, {"title": "Changed"})
    body = alice_client.get(f"/dashboard/trackers/{tracker.public_id}/").content.decode()
    assert "tracker.updated" in body
    delivery = services.deliveries_for(acme, "test").filter(event__subject_id=tracker.public_id).first()
    if delivery is not None:  # the engine may deliver later, from its own queue
        assert delivery.public_id in body


def test_subscription_pages(alice_client, acme, http_server):
    pytest.importorskip("webhooks.subscriptions", reason="subscription services are not in this build")
    from webhooks.models import Subscription

    url = http_server.url + "/hooks"
    response = alice_client.post(
        "/dashboard/webhooks/new/",
        {"url": url, "description": "Shop", "secret": "s3cret-value-123", "enabled": "on"},
    )
    sub = Subscription.objects.get(organization=acme)
    assert response.status_code == 302 and sub.has_secret and sub.enabled
    body = alice_client.get("/dashboard/webhooks/").content.decode()
    assert "Shop" in body and "s3cret-value-123" not in body
    alice_client.post(f"/dashboard/webhooks/{sub.public_id}/toggle/")
    sub.refresh_from_db()
    assert not sub.enabled
    alice_client.post(
        f"/dashboard/webhooks/{sub.public_id}/",
        {"url": url, "description": "Renamed", "event_types": ["tracker.updated"], "enabled": "on"},
    )
    sub.refresh_from_db()
    assert (sub.description, sub.event_types, sub.has_secret) == ("Renamed", ["tracker.updated"], True)
    alice_client.post(f"/dashboard/webhooks/{sub.public_id}/delete/")
    assert not Subscription.objects.filter(pk=sub.pk).exists()


def test_a_dashboard_created_webhook_is_signed_and_verifies(alice_client, acme, http_server):
    """No secret typed: one is generated, shown once with a copy button, and signs every delivery."""
    import re

    from standardwebhooks import Webhook

    from webhooks.models import Subscription

    response = alice_client.post("/dashboard/webhooks/new/", {"url": http_server.url + "/hooks", "enabled": "on"})
    assert response.status_code == 200
    body = response.content.decode()
    shown = re.search(r'id="new-secret" class="mono" value="(whsec_[^"]+)"', body)
    assert shown and 'data-copy="#new-secret"' in body and "only once" in body
    sub = Subscription.objects.get(organization=acme)
    assert sub.secret == shown.group(1) and sub.format == "native"
    assert shown.group(1) not in alice_client.get(f"/dashboard/webhooks/{sub.public_id}/").content.decode()
    alice_client.post(f"/dashboard/webhooks/{sub.public_id}/test/")
    (received,) = http_server.requests
    assert Webhook(shown.group(1)).verify(received.body, received.headers)["type"] == "webhook.test"


def test_an_unsigned_endpoint_is_a_deliberate_choice_and_says_so(alice_client, acme, http_server):
    from webhooks.models import Subscription

    url = http_server.url + "/hooks"
    both = alice_client.post("/dashboard/webhooks/new/", {"url": url, "secret": "abc", "unsigned": "on"})
    assert both.status_code == 200 and "not both" in both.content.decode()
    assert not Subscription.objects.exists()
    response = alice_client.post("/dashboard/webhooks/new/", {"url": url, "unsigned": "on", "format": "packagex"})
    sub = Subscription.objects.get(organization=acme)
    assert response.status_code == 302 and not sub.has_secret and sub.format == "packagex"
    listing = alice_client.get("/dashboard/webhooks/").content.decode()
    assert "Unsigned" in listing and "<code>packagex</code>" in listing
    assert "Unsigned." in alice_client.get(f"/dashboard/webhooks/{sub.public_id}/").content.decode()


def test_the_delivery_log_names_the_tracker_with_a_link_and_the_format(
    alice_client, acme, http_server, django_capture_on_commit_callbacks
):
    from trackers import services as trackers

    SubscriptionFactory(organization=acme, url=http_server.url + "/hooks", format="tracktry")
    tracker = TrackerFactory(organization=acme)
    with django_capture_on_commit_callbacks(execute=True):
        trackers.update_tracker(tracker, {"title": "Changed"})
    body = alice_client.get("/dashboard/webhooks/deliveries/").content.decode()
    assert f'href="/dashboard/trackers/{tracker.public_id}/"' in body
    assert "tracktry format" in body


def test_custom_headers_from_the_form(alice_client, acme, http_server):
    from webhooks.models import Subscription

    url = http_server.url + "/hooks"
    refused = alice_client.post("/dashboard/webhooks/new/", {"url": url, "custom_headers": "webhook-id: forged"})
    assert refused.status_code == 200 and "signature header" in refused.content.decode()
    garbled = alice_client.post("/dashboard/webhooks/new/", {"url": url, "custom_headers": "no colon here"})
    assert "Line 1: write it as Name: value." in garbled.content.decode()
    assert not Subscription.objects.exists()
    alice_client.post("/dashboard/webhooks/new/", {"url": url, "custom_headers": "X-Shop: north\n\nX-Team: ops"})
    sub = Subscription.objects.get()
    assert sub.custom_headers == {"X-Shop": "north", "X-Team": "ops"}
    assert "X-Shop: north" in alice_client.get(f"/dashboard/webhooks/{sub.public_id}/").content.decode()
    alice_client.post(f"/dashboard/webhooks/{sub.public_id}/test/")
    assert http_server.requests[-1].headers["X-Team"] == "ops"
