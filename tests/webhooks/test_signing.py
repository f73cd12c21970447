"""Signatures are Standard Webhooks: the `standardwebhooks` package verifies them."""

import json
import time
from datetime import UTC, datetime

import pytest
from standardwebhooks import Webhook
from standardwebhooks.webhooks import WebhookVerificationError

from webhooks import signing

BODY = json.dumps({"id": "evt_1", "object": "event", "type": "tracker.updated"}).encode()


def test_a_generated_secret_is_whsec_base64_and_verifies():
    secret = signing.generate_secret()
    assert secret.startswith("whsec_") and len(signing.secret_key(secret)) == 24
    now = int(time.time())
    headers = signing.headers(secret, "evt_1", now, BODY)
    assert Webhook(secret).verify(BODY, headers)["id"] == "evt_1"


def test_a_plain_secret_signs_with_its_utf8_bytes():
    secret = "my shared secret ✓"
    headers = signing.headers(secret, "evt_2", int(time.time()), BODY)
    Webhook(secret.encode()).verify(BODY, headers)
    with pytest.raises(WebhookVerificationError):
        Webhook(signing.generate_secret()).verify(BODY, headers)


def test_a_known_vector_from_the_specification_library():
    secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    ts = 1_700_000_000
    expected = Webhook(secret).sign("msg_p5jXN8AQM9LWM0D4loKWxJek", datetime.fromtimestamp(ts, UTC), BODY.decode())
    assert signing.sign(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", ts, BODY) == expected


def test_a_tampered_body_or_id_fails_verification():
    secret = signing.generate_secret()
    headers = signing.headers(secret, "evt_3", int(time.time()), BODY)
    with pytest.raises(WebhookVerificationError):
        Webhook(secret).verify(BODY.replace(b"updated", b"deleted"), headers)
    with pytest.raises(WebhookVerificationError):
        Webhook(secret).verify(BODY, {**headers, "webhook-id": "evt_4"})


def test_no_secret_means_no_signature_header():
    headers = signing.headers("", "evt_5", 1, BODY)
    assert headers == {"webhook-id": "evt_5", "webhook-timestamp": "1"}


def test_a_whsec_prefix_without_valid_base64_is_used_as_text():
    assert signing.secret_key("whsec_not base64!") == b"whsec_not base64!"
