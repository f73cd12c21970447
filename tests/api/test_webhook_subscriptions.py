"""Webhook subscriptions over the API (Packy's rules): https, write-only secret, partial update."""

import socket

import pytest

URL = "/api/v1/webhooks"


@pytest.fixture
def public_dns(monkeypatch):
    """example.com resolves to a public address (DNS is outside this machine)."""
    real = socket.getaddrinfo

    def fake(host, *args, **kwargs):
        if host.endswith("example.com"):
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.215.14", 443))]
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", fake)


def create(api, **body):
    return api.post(URL, {"url": "https://hooks.example.com/in", **body}, format="json")


def test_create_hides_the_secret_and_defaults_enabled(api, public_dns):
    response = create(api, secret="whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
    assert response.status_code == 201
    body = response.json()
    assert body["id"].startswith("whk_") and body["enabled"] is True and body["has_secret"] is True
    # A secret the caller sent is not echoed; only a generated one is shown, once.
    assert body["secret"] is None and "whsec" not in response.content.decode()
    listed = api.get(URL).json()["data"]
    assert [s["id"] for s in listed] == [body["id"]] and "secret" not in listed[0]


def test_partial_update_and_empty_secret_clears(api, public_dns):
    sub = create(api, secret="s3cret").json()
    url = f"{URL}/{sub['id']}"
    response = api.patch(url, {"enabled": False}, format="json")
    assert response.json()["enabled"] is False and response.json()["has_secret"] is True
    assert response.json()["url"] == "https://hooks.example.com/in"
    assert api.patch(url, {"secret": ""}, format="json").json()["has_secret"] is False
    assert api.get(url).json()["has_secret"] is False
    assert api.delete(url).status_code == 204
    assert api.get(url).status_code == 404


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"url": "ftp://example.com/x"}, "url"),
        ({"url": "not a url"}, "url"),
        ({"url": "https://user:pw@hooks.example.com/"}, "url"),
        ({"url": "https://hooks.example.com/", "enabled": "yes"}, "enabled"),
        ({"url": "https://hooks.example.com/", "event_types": ["tracker.exploded"]}, "event_types"),
        ({"url": "https://hooks.example.com/", "colour": "red"}, "colour"),
        ({}, "url"),
    ],
)
def test_invalid_subscriptions_are_400_with_the_field(api, public_dns, body, field):
    response = api.post(URL, body, format="json")
    assert response.status_code == 400
    assert field in {e["field"] for e in response.json()["error"]["errors"]}


def test_production_refuses_http_and_private_addresses(api, settings, public_dns):
    settings.WEBHOOK_ALLOW_HTTP = False
    settings.WEBHOOK_ALLOW_PRIVATE = False
    plain = api.post(URL, {"url": "http://hooks.example.com/in"}, format="json")
    assert plain.status_code == 400 and "https" in plain.json()["error"]["errors"][0]["message"]
    private = api.post(URL, {"url": "https://10.0.0.1/in"}, format="json")
    assert private.status_code == 400 and "private" in private.json()["error"]["errors"][0]["message"]
    assert create(api).status_code == 201


def test_development_allows_http_to_loopback(api):
    assert api.post(URL, {"url": "http://127.0.0.1:9/in"}, format="json").status_code == 201


def test_event_types_are_kept(api, public_dns):
    body = create(api, event_types=["tracker.updated", "tracker.created"]).json()
    assert body["event_types"] == ["tracker.created", "tracker.updated"]
