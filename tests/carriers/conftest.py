"""Carrier adapters against the shared local HTTP server (tests/httpserver.py) playing the carrier API.

Adapters are exercised end to end (requests, sockets, headers, timeouts) with their base URL
pointed at the server through the `settings` fixture; nothing leaves the machine. Tests give the
answers with `usps_live.add(method, path, Canned(...))` and read what was sent with `hits()`.
"""

from __future__ import annotations

import pytest
from django.core.cache import cache

from carriers import health
from tests.httpserver import LocalServer


@pytest.fixture(autouse=True)
def fresh_courier_health():
    """Each test starts with no courier marked as refusing our credentials."""
    health.forget()
    cache.clear()
    yield
    health.forget()


@pytest.fixture
def usps_live(settings, http_server: LocalServer) -> LocalServer:
    """USPS configured with test credentials and pointed at the local server."""
    settings.CARRIER_SETTINGS = {
        **settings.CARRIER_SETTINGS,
        "usps": {"base_url": http_server.url, "client_id": "usps-id", "client_secret": "usps-secret"},
    }
    settings.CARRIER_TIMEOUT = 10  # a local answer is quick; this only bounds a hang on a loaded machine
    return http_server


@pytest.fixture
def ups_live(settings, http_server: LocalServer) -> LocalServer:
    """UPS configured with test credentials and pointed at the local server."""
    settings.CARRIER_SETTINGS = {
        **settings.CARRIER_SETTINGS,
        "ups": {"base_url": http_server.url, "client_id": "ups-id", "client_secret": "ups-secret"},
    }
    settings.CARRIER_TIMEOUT = 10  # a local answer is quick; this only bounds a hang on a loaded machine
    return http_server


@pytest.fixture
def dhl_live(settings, http_server: LocalServer) -> LocalServer:
    """DHL configured with a test API key and pointed at the local server."""
    settings.CARRIER_SETTINGS = {
        **settings.CARRIER_SETTINGS,
        "dhl": {"base_url": http_server.url, "api_key": "dhl-key"},
    }
    settings.CARRIER_TIMEOUT = 10  # a local answer is quick; this only bounds a hang on a loaded machine
    return http_server


@pytest.fixture
def fedex_live(settings, http_server: LocalServer) -> LocalServer:
    """FedEx configured with test client credentials and pointed at the local server."""
    settings.CARRIER_SETTINGS = {
        **settings.CARRIER_SETTINGS,
        "fedex": {"base_url": http_server.url, "client_id": "fedex-id", "client_secret": "fedex-secret"},
    }
    settings.CARRIER_TIMEOUT = 10  # a local answer is quick; this only bounds a hang on a loaded machine
    return http_server


@pytest.fixture
def aggregator_live(settings, http_server: LocalServer) -> LocalServer:
    """17TRACK configured with a test key and pointed at the local server; no direct adapter is."""
    settings.CARRIER_SETTINGS = {
        **settings.CARRIER_SETTINGS,
        "17track": {"base_url": http_server.url, "api_key": "17-key"},
    }
    settings.CARRIER_TIMEOUT = 10  # a local answer is quick; this only bounds a hang on a loaded machine
    return http_server
