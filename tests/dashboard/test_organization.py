"""API keys (shown once, revoke, last used) and the organization's public-page settings."""

from __future__ import annotations

from datetime import timedelta

from accounts.models import ApiKey
from accounts.services import find_api_key


def test_create_a_key_shows_it_once(alice_client, acme):
    response = alice_client.post("/dashboard/keys/", {"name": "Shop backend", "mode": "live"})
    key = ApiKey.objects.get(organization=acme)
    raw = response.context["new_key"].raw
    assert raw.startswith("sk_live_") and raw in response.content.decode()
    assert response["Cache-Control"] == "no-store"
    body = alice_client.get("/dashboard/keys/").content.decode()
    assert raw not in body and key.prefix in body and "Shop backend" in body and "never" in body
    assert find_api_key(raw).pk == key.pk  # the key works, and now has a last-used time
    assert "never" not in alice_client.get("/dashboard/keys/").content.decode()


def test_last_used_and_revoke(alice_client, acme):
    alice_client.post("/dashboard/keys/", {"name": "k", "mode": "test"})
    key = ApiKey.objects.get()
    ApiKey.objects.filter(pk=key.pk).update(last_used_at=key.created_at - timedelta(hours=2))
    assert "2\xa0hours ago" in alice_client.get("/dashboard/keys/").content.decode()
    response = alice_client.post(f"/dashboard/keys/{key.public_id}/revoke/", follow=True)
    key.refresh_from_db()
    assert key.revoked_at is not None and "revoked" in response.content.decode()


def test_bad_mode_is_a_form_error(alice_client):
    response = alice_client.post("/dashboard/keys/", {"mode": "prod"})
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    assert not ApiKey.objects.exists()


def test_settings_save_and_validate(alice_client, acme):
    response = alice_client.post(
        "/dashboard/settings/",
        {
            "display_name": "Acme Store",
            "brand_color": "#0B5FFF",
            "logo_url": "https://a.example/l.svg",
            "international_shipping": "on",
        },
    )
    assert response.status_code == 302
    acme.refresh_from_db()
    assert (acme.display_name, acme.brand_color, acme.logo_url, acme.international_shipping) == (
        "Acme Store",
        "#0b5fff",
        "https://a.example/l.svg",
        True,
    )
    response = alice_client.post(
        "/dashboard/settings/", {"display_name": "X", "brand_color": "blue", "logo_url": "http://a/b"}
    )
    body = response.content.decode()
    assert "six digits" in body and "https://" in body
    acme.refresh_from_db()
    assert acme.display_name == "Acme Store"
