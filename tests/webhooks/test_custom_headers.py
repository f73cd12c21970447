"""Custom headers and signed-by-default through the native API: what is accepted, what is refused,
and what a receiver gets (the extra headers, never in place of the signature)."""

from __future__ import annotations

import pytest
from standardwebhooks import Webhook

from webhooks import sending
from webhooks.models import Subscription


def create(api, receiver, **fields):
    return api.post("/api/v1/webhooks", {"url": receiver.url + "/hooks", **fields}, format="json")


def test_custom_headers_go_with_every_delivery_beside_the_signature(api, acme, receiver):
    response = create(api, receiver, custom_headers={"X-Shop": "north", "Authorization": "Bearer t0ken"})
    assert response.status_code == 201, response.content
    hook = response.json()
    assert hook["custom_headers"] == {"X-Shop": "north", "Authorization": "Bearer t0ken"}
    assert api.post(f"/api/v1/webhooks/{hook['id']}/test").status_code in (200, 201)
    (received,) = receiver.requests
    assert received.headers["X-Shop"] == "north" and received.headers["Authorization"] == "Bearer t0ken"
    assert Webhook(hook["secret"]).verify(received.body, received.headers)["type"] == "webhook.test"
    replaced = api.patch(f"/api/v1/webhooks/{hook['id']}", {"custom_headers": {}}, format="json").json()
    assert replaced["custom_headers"] == {}


@pytest.mark.parametrize(
    ("headers", "field"),
    [
        ({"webhook-signature": "v1,forged"}, "custom_headers.webhook-signature"),
        ({"X-Hmac-Signature": "x"}, "custom_headers.X-Hmac-Signature"),
        ({"Connection": "close"}, "custom_headers.Connection"),
        ({"Host": "elsewhere"}, "custom_headers.Host"),
        ({"Content-Type": "text/plain"}, "custom_headers.Content-Type"),
        ({"X-Split": "a\r\nX-Injected: b"}, "custom_headers.X-Split"),
        ({"Bad Name": "x"}, "custom_headers.Bad Name"),
        ({"X-Long": "v" * 1001}, "custom_headers.X-Long"),
        ({f"X-H{i}": "v" for i in range(11)}, "custom_headers"),
        (["X-Shop: north"], "custom_headers"),
    ],
)
def test_unsafe_custom_headers_are_refused_and_nothing_is_saved(api, receiver, headers, field):
    response = create(api, receiver, custom_headers=headers)
    assert response.status_code == 400
    assert field in [e["field"] for e in response.json()["error"]["errors"]]
    assert not Subscription.objects.exists()


def test_the_senders_own_headers_win_whatever_the_case(receiver):
    answer = sending.post(
        receiver.url + "/hooks", b"{}", {"webhook-id": "evt_real"}, {"Webhook-Id": "forged", "X-Shop": "north"}
    )
    assert answer.ok
    (received,) = receiver.requests
    lowered = {name.lower(): value for name, value in received.headers.items()}
    assert lowered["webhook-id"] == "evt_real" and lowered["x-shop"] == "north"


def test_signed_by_default_unsigned_only_when_asked(api, receiver):
    signed = create(api, receiver).json()
    assert signed["has_secret"] is True and signed["secret"].startswith("whsec_")
    unsigned = create(api, receiver, unsigned=True).json()
    assert unsigned["has_secret"] is False and unsigned["secret"] is None
    both = create(api, receiver, unsigned=True, secret="whsec_abc")
    assert both.status_code == 400 and both.json()["error"]["errors"][0]["field"] == "unsigned"
    cleared = api.patch(f"/api/v1/webhooks/{signed['id']}", {"unsigned": True}, format="json").json()
    assert cleared["has_secret"] is False
    listed = api.get("/api/v1/webhooks").json()["data"]
    assert all("secret" not in hook for hook in listed)
