"""Milestone emails through the real path: refresh -> event -> listener -> django-q2 task -> SMTP.

Queued tasks run inline in the tests (django-q2 sync) once the transaction's on_commit callbacks
run, so what the local SMTP server receives is what production sends.
"""

from __future__ import annotations

from accounts.models import Mode
from notifications.models import Notification, NotificationStatus
from trackers import services as trackers
from trackers.models import Tracker
from trackers.refresh import refresh_trackers

EMAIL = "karen@example.com"


def new_tracker(org, number="PKGX-AAAAAAA-1234567", **fields) -> Tracker:
    fields.setdefault("customer_email", EMAIL)
    return trackers.create_tracker(org, Mode.TEST, number, fields=fields, enqueue=False).tracker


def step(tracker: Tracker, capture, clock, seconds: int = 61) -> None:
    clock.shift(seconds)
    with capture(execute=True):
        refresh_trackers([Tracker.objects.get(pk=tracker.pk)])


def parts(message) -> tuple[str, str]:
    return message.get_body(("plain",)).get_content(), message.get_body(("html",)).get_content()


def test_each_milestone_arrives_once_with_both_parts_and_links(acme, smtp, clock, django_capture_on_commit_callbacks):
    acme.display_name, acme.brand_color = "Acme Shop", "#0B5FFF"
    acme.save()
    tracker = new_tracker(acme)
    for _ in range(8):  # the whole sandbox timeline, one step at a time, then some
        step(tracker, django_capture_on_commit_callbacks, clock)
        step(tracker, django_capture_on_commit_callbacks, clock, 0)  # a refresh that repeats the status
    tracker.refresh_from_db()
    assert tracker.status == "delivered"
    subjects = [m["Subject"] for m in smtp.messages]
    assert subjects == [
        "In transit: your parcel from Acme Shop",
        "Out for delivery: your parcel from Acme Shop",
        "Delivered: your parcel from Acme Shop",
    ]
    first = smtp.messages[0]
    assert first["To"] == EMAIL
    assert first["From"] == "Acme Shop <tracking@acme.example>"  # the shop's name, the configured address
    text, html = parts(first)
    assert tracker.public_url in text and f'href="{tracker.public_url}"' in html
    assert "Your parcel is on its way." in text and "Your parcel is on its way." in html
    assert "background:#0b5fff" in html and "Acme Shop" in html
    assert "Estimated delivery" in text and "Last update" in text
    unsubscribe = Notification.objects.get(tracker=tracker, milestone="in_transit").unsubscribe_token
    assert f"/n/unsubscribe/{unsubscribe}/" in text and f"/n/unsubscribe/{unsubscribe}/" in html
    assert first["List-Unsubscribe"].strip() == f"<http://testserver/n/unsubscribe/{unsubscribe}/>"
    assert first["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    log = Notification.objects.filter(tracker=tracker).order_by("created_at")
    assert [(n.kind, n.status, n.attempts) for n in log] == [
        ("in_transit", NotificationStatus.SENT, 1),
        ("out_for_delivery", NotificationStatus.SENT, 1),
        ("delivered", NotificationStatus.SENT, 1),
    ]
    assert all(n.provider_id == m["Message-ID"].strip() for n, m in zip(log, smtp.messages, strict=True))


def test_a_tracker_without_an_email_sends_nothing(acme, smtp, clock, django_capture_on_commit_callbacks):
    tracker = new_tracker(acme, customer_email="")
    for _ in range(7):
        step(tracker, django_capture_on_commit_callbacks, clock)
    assert smtp.messages == [] and not Notification.objects.exists()


def test_the_email_speaks_the_trackers_language(acme, smtp, clock, django_capture_on_commit_callbacks):
    tracker = new_tracker(acme, language="es")
    step(tracker, django_capture_on_commit_callbacks, clock, 121)
    message = smtp.wait_for(1)[0]
    text, html = parts(message)
    assert message["Subject"] == "En tránsito: tu paquete de Acme"
    assert "Tu paquete está en camino." in text and 'lang="es"' in html


def test_french_and_an_unknown_language_fall_back_sensibly(acme, smtp, clock, django_capture_on_commit_callbacks):
    french = new_tracker(acme, "PKGX-AAAAAAA-0000011", language="fr-CA")
    other = new_tracker(acme, "PKGX-AAAAAAA-0000012", language="de")
    step(french, django_capture_on_commit_callbacks, clock, 121)
    step(other, django_capture_on_commit_callbacks, clock, 0)
    subjects = sorted(m["Subject"] for m in smtp.wait_for(2))
    assert subjects == ["En transit : votre colis de Acme", "In transit: your parcel from Acme"]
    text = next(m for m in smtp.messages if m["Subject"].startswith("En transit")).get_body(("plain",)).get_content()
    assert "Votre colis est en route." in text and "Ne plus recevoir d’e-mails sur ce colis" in text


def test_an_organizations_own_wording_is_used_in_its_language_only(
    acme, smtp, clock, django_capture_on_commit_callbacks
):
    from notifications import services

    services.save_template(acme, "email", "en", "{org} update: {status}", "Hello {name}! {headline}")
    english = new_tracker(acme, "PKGX-AAAAAAA-0000013", customer_name="Karen")
    spanish = new_tracker(acme, "PKGX-AAAAAAA-0000014", language="es")
    step(english, django_capture_on_commit_callbacks, clock, 121)
    step(spanish, django_capture_on_commit_callbacks, clock, 0)
    by_subject = {m["Subject"]: m for m in smtp.wait_for(2)}
    assert set(by_subject) == {"Acme update: In transit", "En tránsito: tu paquete de Acme"}
    assert (
        "Hello Karen! Your parcel is on its way."
        in by_subject["Acme update: In transit"].get_body(("plain",)).get_content()
    )
