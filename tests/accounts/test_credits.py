"""Credits an operator grants (Packy's credits): the service, and the balance on the dashboard's settings."""

from __future__ import annotations

import pytest
from django.test import Client

from accounts import services
from core.errors import ServiceError


def test_grant_adds_starts_counting_and_can_make_unlimited(acme):
    assert acme.credit_balance is None
    assert services.grant_credits(acme, 10) == 10
    assert services.grant_credits(acme, 5) == 15
    acme.refresh_from_db()
    assert acme.credit_balance == 15
    assert services.grant_credits(acme, None) is None
    for wrong in (0, -3, True, "5"):
        with pytest.raises(ServiceError):
            services.grant_credits(acme, wrong)  # type: ignore[arg-type]


def test_the_settings_page_shows_the_balance(acme, alice):
    client = Client()
    client.force_login(alice)
    assert "Unlimited" in client.get("/dashboard/settings/").content.decode()
    services.grant_credits(acme, 7)
    page = client.get("/dashboard/settings/").content.decode()
    assert "<strong>7</strong> credits left" in page
