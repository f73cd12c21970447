"""The dashboard: settings per mode, templates with a preview, the tracker panel and its switch."""

from __future__ import annotations

import pytest
from django.db import transaction

from accounts.models import Membership, Mode
from events.outbox import emit
from notifications import services
from notifications.models import MessageTemplate, Notification, NotificationSettings, Suppression
from tests.dashboard.conftest import login
from tests.factories import MembershipFactory, UserFactory
from trackers import notices
from trackers import services as trackers

URL = "/dashboard/notifications/"


@pytest.fixture
def alice_client(alice):
    return login(alice)


def test_the_page_shows_the_defaults_and_a_preview(alice_client):
    page = alice_client.get(URL)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'value="out_for_delivery"' in html and "Every exception" in html
    assert "{status}: your parcel from {org}" in html  # the default subject, editable
    assert "Out for delivery: your parcel from Acme" in html  # the preview, filled in
    assert 'srcdoc="&lt;!doctype html&gt;' in html  # the email, escaped into the sandboxed frame
    assert "<legend><strong>Notify when a parcel reaches</strong></legend>" in html


def test_settings_are_saved_for_the_current_mode_only(alice_client, acme):
    response = alice_client.post(
        URL, {"action": "settings", "email_enabled": "on", "milestones": ["delivered", "exception"]}
    )
    assert response.status_code == 302
    saved = NotificationSettings.objects.get(organization=acme, mode=Mode.TEST)
    assert saved.milestones == ["delivered", "exception"] and saved.email_enabled and not saved.sms_enabled
    assert not NotificationSettings.objects.filter(mode=Mode.LIVE).exists()
    assert services.settings_for(acme, Mode.LIVE).milestones[0] == "in_transit"


def test_preview_renders_without_saving_and_save_keeps_it(alice_client, acme):
    form = {"channel": "sms", "language": "fr", "body": "{org} : {headline} {link} (n° {tracking_number})"}
    preview = alice_client.post(URL, {**form, "action": "preview"})
    assert preview.status_code == 200
    assert "Acme : " in preview.content.decode() and not MessageTemplate.objects.exists()
    saved = alice_client.post(URL, {**form, "action": "save"})
    assert saved.status_code == 302 and saved["Location"].endswith("?channel=sms&language=fr")
    row = MessageTemplate.objects.get()
    assert (row.channel, row.language, row.body) == ("sms", "fr", form["body"])
    alice_client.post(URL, {"channel": "sms", "language": "fr", "action": "reset"})
    assert not MessageTemplate.objects.exists()


def test_an_unknown_placeholder_is_refused_with_the_list(alice_client):
    response = alice_client.post(
        URL, {"action": "save", "channel": "email", "language": "en", "subject": "Hi {nme}", "body": "{headline}"}
    )
    assert response.status_code == 200
    assert "Unknown placeholder {nme}" in response.content.decode()
    assert not MessageTemplate.objects.exists()


def test_members_see_but_cannot_change(acme):
    member = MembershipFactory(user=UserFactory(username="mia"), organization=acme, role=Membership.Role.MEMBER).user
    client = login(member)
    assert client.get(URL).status_code == 200
    assert client.post(URL, {"action": "settings", "milestones": ["delivered"]}).status_code == 403
    assert not NotificationSettings.objects.exists()


def test_the_tracker_page_shows_the_log_masked_and_the_switch(alice_client, acme, django_capture_on_commit_callbacks):
    tracker = trackers.create_tracker(
        acme,
        Mode.TEST,
        "PKGX-AAAAAAA-4444444",
        fields={"customer_email": "karen@example.com", "customer_phone": "+14155552671"},
        enqueue=False,
    ).tracker
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        tracker.status = tracker.status_detail = "delivered"
        tracker.save()
        emit(notices.updated(tracker, {"status": "in_transit"}, []))
    assert Notification.objects.count() == 2
    page = alice_client.get(f"/dashboard/trackers/{tracker.public_id}/").content.decode()
    assert "Recipient notifications" in page
    assert "k•••@example.com" in page and "+14•••••2671" in page
    assert page.count("Sent</span>") == 2
    off = alice_client.post(f"/dashboard/notifications/trackers/{tracker.public_id}/")
    assert off.status_code == 302
    assert set(Suppression.objects.values_list("channel", flat=True)) == {"email", "sms"}
    alice_client.post(f"/dashboard/notifications/trackers/{tracker.public_id}/", {"on": "1"})
    assert not Suppression.objects.exists()
    Suppression.objects.create(tracker=tracker, channel="sms", source=Suppression.Source.PROVIDER)  # replied STOP
    alice_client.post(f"/dashboard/notifications/trackers/{tracker.public_id}/")
    alice_client.post(f"/dashboard/notifications/trackers/{tracker.public_id}/", {"on": "1"})
    assert list(Suppression.objects.values_list("channel", "source")) == [("sms", "provider")]


def test_another_organizations_tracker_is_a_404(bob, acme):
    tracker = trackers.create_tracker(acme, Mode.TEST, "PKGX-AAAAAAA-5555555", enqueue=False).tracker
    response = login(bob).post(f"/dashboard/notifications/trackers/{tracker.public_id}/")
    assert response.status_code == 404 and not Suppression.objects.exists()


def test_admin_shows_the_log_with_masked_addresses(admin_client, acme, django_capture_on_commit_callbacks):
    tracker = trackers.create_tracker(
        acme, Mode.TEST, "PKGX-AAAAAAA-6666666", fields={"customer_email": "karen@example.com"}, enqueue=False
    ).tracker
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        tracker.status = tracker.status_detail = "delivered"
        tracker.save()
        emit(notices.updated(tracker, {"status": "in_transit"}, []))
    row = Notification.objects.get()
    listing = admin_client.get("/admin/notifications/notification/").content.decode()
    detail = admin_client.get(f"/admin/notifications/notification/{row.pk}/change/").content.decode()
    for page in (listing, detail):
        assert "k•••@example.com" in page and "karen@example.com" not in page
    for model in ("notificationsettings", "messagetemplate", "suppression"):
        assert admin_client.get(f"/admin/notifications/{model}/").status_code == 200
