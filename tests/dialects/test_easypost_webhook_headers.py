"""EasyPost's webhook `custom_headers`, driven by the official client (easypost==10.7.0): accepted on
create and update as EasyPost documents them (a list of {"name", "value"}), shown back, and sent
with every delivery beside a signature that `easypost.validate_webhook` accepts."""

from __future__ import annotations

from collections.abc import Iterator

import easypost
import pytest
from easypost import EasyPostClient
from easypost.errors import BadRequestError

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def client(live_server, acme_test_key) -> Iterator[EasyPostClient]:
    client = EasyPostClient(acme_test_key, api_base=live_server.url + "/easypost/v2")
    yield client
    client._requests_session.close()  # before the live server's thread closes its connection


def test_custom_headers_are_kept_shown_and_sent(client, receiver):
    hook = client.webhook.create(
        url=receiver.url + "/hooks", webhook_secret="s3cret", custom_headers=[{"name": "X-Shop", "value": "north"}]
    )
    assert [h.to_dict() for h in hook.custom_headers] == [{"name": "X-Shop", "value": "north"}]
    client.tracker.create(tracking_code="EZ2000000002", carrier="USPS")
    received = receiver.wait_for(1)[0]
    assert received.headers["X-Shop"] == "north"
    assert easypost.validate_webhook(received.body, received.headers, "s3cret")["description"] == "tracker.created"
    updated = client.webhook.update(hook.id, custom_headers=[{"name": "X-Shop", "value": "south"}])
    assert [h.to_dict() for h in updated.custom_headers] == [{"name": "X-Shop", "value": "south"}]


def test_a_signature_header_cannot_be_overridden(client, receiver):
    with pytest.raises(BadRequestError):
        client.webhook.create(url=receiver.url + "/hooks", custom_headers=[{"name": "X-Hmac-Signature", "value": "x"}])
    with pytest.raises(BadRequestError):
        client.webhook.create(url=receiver.url + "/hooks", custom_headers=["X-Shop: north"])
    assert client.webhook.all().webhooks == []


def test_without_a_secret_an_easypost_webhook_stays_unsigned(client, receiver):
    client.webhook.create(url=receiver.url + "/hooks")
    client.tracker.create(tracking_code="EZ2000000002", carrier="USPS")
    received = receiver.wait_for(1)[0]
    assert "X-Hmac-Signature" not in received.headers  # EasyPost allows unsigned webhooks; so do we
