"""SMS: the Twilio Messages API played by the local HTTP server, checked request by request as
Twilio documents it (form-encoded To/From/Body, HTTP Basic auth with the account SID and token)."""

from __future__ import annotations

import base64
from urllib.parse import parse_qs

import pytest

from accounts.models import Mode
from notifications import content, services, tasks
from notifications.models import Notification, NotificationStatus, Suppression
from tests.httpserver import Canned, LocalServer
from trackers import services as trackers
from trackers.models import Tracker

SID = "AC0123456789abcdef0123456789abcdef"
TOKEN = "test-auth-token"
SENDER = "+15005550006"
PHONE = "+14155552671"
PATH = f"/2010-04-01/Accounts/{SID}/Messages.json"


def created(to: str, body: str) -> dict:
    """Twilio's 201 answer for a new message (the fields its documentation shows)."""
    return {
        "account_sid": SID,
        "api_version": "2010-04-01",
        "body": body,
        "date_created": "Sun, 01 Mar 2026 12:00:00 +0000",
        "date_sent": None,
        "date_updated": "Sun, 01 Mar 2026 12:00:00 +0000",
        "direction": "outbound-api",
        "error_code": None,
        "error_message": None,
        "from": SENDER,
        "messaging_service_sid": None,
        "num_media": "0",
        "num_segments": "1",
        "price": None,
        "price_unit": "USD",
        "sid": "SM0123456789abcdef0123456789abcdef",
        "status": "queued",
        "to": to,
        "uri": f"/2010-04-01/Accounts/{SID}/Messages/SM0123456789abcdef0123456789abcdef.json",
    }


def refused(code: int, message: str) -> dict:
    return {"code": code, "message": message, "more_info": f"https://www.twilio.com/docs/errors/{code}", "status": 400}


@pytest.fixture
def twilio(settings, http_server: LocalServer) -> LocalServer:
    settings.TWILIO = {"account_sid": SID, "auth_token": TOKEN, "from": SENDER, "api_base": http_server.url}
    settings.SMS_BACKEND = ""
    return http_server


def tracker_with_phone(org, phone: str = PHONE, **fields) -> Tracker:
    return trackers.create_tracker(
        org, Mode.TEST, "PKGX-AAAAAAA-2222222", fields={"customer_phone": phone, **fields}, enqueue=False
    ).tracker


def test_an_sms_goes_to_twilio_exactly_as_documented(acme, twilio, move):
    twilio.add("POST", PATH, Canned(201, created(PHONE, "…")))
    tracker = tracker_with_phone(acme)
    move(tracker, "out_for_delivery")
    (request,) = twilio.hits("POST", PATH)
    assert request.headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert request.headers["Authorization"] == "Basic " + base64.b64encode(f"{SID}:{TOKEN}".encode()).decode()
    form = {k: v[0] for k, v in parse_qs(request.text, strict_parsing=True).items()}
    assert set(form) == {"To", "From", "Body"}
    assert form["To"] == PHONE and form["From"] == SENDER
    assert form["Body"] == f"Acme: Your parcel is out for delivery. {tracker.public_url}"
    assert content.fits_one_segment(form["Body"])
    row = Notification.objects.get()
    assert row.status == NotificationStatus.SENT and row.provider_id == "SM0123456789abcdef0123456789abcdef"
    assert row.masked_recipient == "+14•••••2671"


def test_a_long_organization_name_is_cut_to_one_segment_and_the_link_stays_whole(acme, twilio, move):
    acme.display_name = "東京 Fancy Boutique " * 8  # no GSM-7 look-alike: a UCS-2 segment of 70
    acme.save()
    twilio.add("POST", PATH, Canned(201, created(PHONE, "…")))
    tracker = tracker_with_phone(acme)
    move(tracker, "delivered")
    body = parse_qs(twilio.requests[0].text)["Body"][0]
    assert body.endswith(tracker.public_url) and body.startswith("東京 F")
    assert content.sms_length(body) <= 70 and content.fits_one_segment(body) and "…" in body


def test_twilio_refusing_the_number_fails_at_once_and_masks_it(acme, twilio, move):
    twilio.add("POST", PATH, Canned(400, refused(21211, f"The 'To' number {PHONE} is not a valid phone number.")))
    tracker = tracker_with_phone(acme)
    move(tracker, "delivered")
    row = Notification.objects.get()
    assert row.status == NotificationStatus.FAILED and row.attempts == 1
    assert row.last_error.startswith("Twilio 21211:") and PHONE not in row.last_error


def test_a_recipient_who_replied_stop_is_not_texted_again(acme, twilio, move):
    twilio.add("POST", PATH, Canned(400, refused(21610, "Attempt to send to unsubscribed recipient")))
    tracker = tracker_with_phone(acme)
    move(tracker, "in_transit")
    assert Suppression.objects.get(tracker=tracker).source == Suppression.Source.PROVIDER
    move(tracker, "delivered")
    assert len(twilio.requests) == 1


def test_twilio_down_is_retried(acme, twilio, time_machine, move):
    time_machine.move_to("2026-03-01T12:00:00Z", tick=False)
    twilio.add("POST", PATH, Canned(503, {"message": "Service unavailable"}), Canned(201, created(PHONE, "…")))
    tracker = tracker_with_phone(acme)
    move(tracker, "delivered")
    row = Notification.objects.get()
    assert row.status == NotificationStatus.PENDING and "503" in row.last_error
    time_machine.shift(120)
    tasks.sweep()
    row.refresh_from_db()
    assert row.status == NotificationStatus.SENT and row.attempts == 2
    assert len(twilio.requests) == 2


def test_without_twilio_settings_the_console_prints_a_masked_number(acme, settings, capsys, move):
    settings.TWILIO = {**settings.TWILIO, "account_sid": ""}
    settings.SMS_BACKEND = ""
    tracker = tracker_with_phone(acme)
    move(tracker, "delivered")
    out = capsys.readouterr().out
    assert "SMS to +14•••••2671" in out and "Acme: Your parcel has been delivered." in out
    assert PHONE not in out


@pytest.mark.parametrize(
    ("text", "expected"),
    [("@£$ ok", 6), ("{braces}", 10), ("Ünïcode ✓", 9), ("😀", 2)],
)
def test_sms_length_counts_in_the_encodings_units(text, expected):
    assert content.sms_length(text) == expected


def test_a_messaging_service_sid_is_sent_as_such(acme, twilio, settings, move):
    settings.TWILIO = {**settings.TWILIO, "from": "MG0123456789abcdef0123456789abcdef"}
    twilio.add("POST", PATH, Canned(201, created(PHONE, "…")))
    move(tracker_with_phone(acme), "delivered")
    form = parse_qs(twilio.requests[0].text)
    assert form["MessagingServiceSid"] == ["MG0123456789abcdef0123456789abcdef"] and "From" not in form


def test_an_sms_template_without_the_link_still_carries_it_and_long_words_are_cut(acme):
    context = services.sample_context(acme)
    text = content.sms(acme, context, "en", "{org}: {headline}")
    assert text == f"Acme: Your parcel is out for delivery. {context['public_url']}"
    long = content.sms(acme, context, "en", "{headline} " + "word " * 60 + "{link} thanks!")
    assert context["public_url"] in long and content.fits_one_segment(long) and "..." in long


def test_spanish_and_french_messages_are_folded_into_gsm_to_keep_160_characters(acme):
    context = {**services.sample_context(acme), "public_url": "http://127.0.0.1:8000/t/" + "x" * 32 + "/"}
    spanish = content.sms(acme, context, "es", content.defaults("sms")[1])
    assert spanish == f"Acme: Tu paquete esta en reparto. {context['public_url']}"
    assert content.is_gsm(spanish)
    assert content.gsm_fold("L’étiquette a été créée") == "L'étiquette a été créée"  # é is GSM-7
    assert content.gsm_fold("你好") == "你好"  # no look-alike: stays UCS-2, cut to 70
