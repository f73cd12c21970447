"""The unsubscribe link: no login, unguessable, stops that tracker's emails and nothing else."""

from __future__ import annotations

import re

import pytest
from django.db import transaction
from django.test import Client

from accounts.models import Mode
from events.outbox import emit
from notifications.models import Notification, NotificationStatus, Suppression
from trackers import notices
from trackers import services as trackers
from trackers.models import Tracker

ADDRESS = "karen@example.com"


def tracker_for(org, number: str, **fields) -> Tracker:
    fields.setdefault("customer_email", ADDRESS)
    return trackers.create_tracker(org, Mode.TEST, number, fields=fields, enqueue=False).tracker


def link_in(message) -> str:
    text = message.get_body(("plain",)).get_content()
    return re.search(r"http://testserver(/n/unsubscribe/\w+/)", text).group(1)


def test_the_link_stops_that_trackers_emails_only(acme, smtp, move):
    mine = tracker_for(acme, "PKGX-AAAAAAA-0000001")
    other = tracker_for(acme, "PKGX-AAAAAAA-0000002")
    move(mine, "in_transit")
    path = link_in(smtp.messages[0])
    browser = Client(enforce_csrf_checks=True)  # a recipient: no login, no cookie

    page = browser.get(path)
    assert page.status_code == 200 and b"Stop emails about this parcel?" in page.content
    assert page["X-Robots-Tag"] == "noindex, nofollow"
    assert ADDRESS.encode() not in page.content
    assert not Suppression.objects.exists()  # a link scanner's GET changes nothing

    done = browser.post(path)
    assert done.status_code == 200 and b"data-unsubscribed" in done.content
    assert Suppression.objects.get().source == Suppression.Source.RECIPIENT
    assert browser.post(path).status_code == 200  # again: still fine

    move(mine, "out_for_delivery")
    move(mine, "delivered")
    move(other, "delivered")
    assert [m["Subject"] for m in smtp.messages] == [
        "In transit: your parcel from Acme",
        "Delivered: your parcel from Acme",
    ]
    assert Notification.objects.filter(tracker=other).count() == 1
    assert not Notification.objects.filter(tracker=mine, milestone="delivered").exists()


def test_one_click_unsubscribe_posts_without_a_page(acme, smtp, move):
    tracker = tracker_for(acme, "PKGX-AAAAAAA-0000003")
    move(tracker, "in_transit")
    url = smtp.messages[0]["List-Unsubscribe"].strip()[1:-1].replace("http://testserver", "")
    response = Client(enforce_csrf_checks=True).post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert Suppression.objects.filter(tracker=tracker, channel="email").exists()


def test_a_message_waiting_to_be_sent_is_dropped_when_the_recipient_unsubscribes(acme, smtp):
    tracker = tracker_for(acme, "PKGX-AAAAAAA-0000004")
    with transaction.atomic():  # committed, but the sender has not run yet
        tracker.status = "in_transit"
        emit(notices.updated(tracker, {"status": "pre_transit"}, []))
    first = Notification.objects.get()
    with transaction.atomic():
        tracker.status = "out_for_delivery"
        emit(notices.updated(tracker, {"status": "in_transit"}, []))
    first.refresh_from_db()
    assert first.status == NotificationStatus.SKIPPED  # a later milestone came first: stale
    second = Notification.objects.exclude(pk=first.pk).get()
    Client().post(f"/n/unsubscribe/{second.unsubscribe_token}/")
    second.refresh_from_db()
    assert second.status == NotificationStatus.SKIPPED
    from notifications import tasks

    tasks.sweep()
    assert smtp.messages == []


@pytest.mark.parametrize("token", ["x" * 40, "short", "a" * 41])
def test_a_wrong_token_is_a_404(acme, token):
    assert Client().get(f"/n/unsubscribe/{token}/").status_code == 404
    assert Client().post(f"/n/unsubscribe/{token}/").status_code == 404


def test_tokens_are_long_random_and_distinct(acme, move):
    tracker = tracker_for(acme, "PKGX-AAAAAAA-0000005", customer_phone="+14155552671")
    move(tracker, "in_transit")
    tokens = list(Notification.objects.values_list("unsubscribe_token", flat=True))
    assert len(tokens) == 2 and len(set(tokens)) == 2
    assert all(len(t) == 40 and t.isalnum() for t in tokens)


def test_the_public_page_never_shows_the_recipient(acme, move):
    tracker = tracker_for(acme, "PKGX-AAAAAAA-0000006", customer_phone="+14155552671")
    move(tracker, "in_transit")
    page = Client().get(f"/t/{tracker.public_token}/")
    assert page.status_code == 200
    assert ADDRESS.encode() not in page.content and b"4155552671" not in page.content
