"""The SSRF guard at save time: each refused kind of address, with a message a person can act on."""

import pytest

from core.errors import ServiceError
from webhooks.urlguard import is_public, validate_url

PRIVATE = [
    ("https://127.0.0.1/hooks", "127.0.0.1"),
    ("https://[::1]/hooks", "::1"),
    ("https://10.0.0.1/hooks", "10.0.0.1"),
    ("https://172.16.0.1/hooks", "172.16.0.1"),
    ("https://192.168.1.1/hooks", "192.168.1.1"),
    ("https://169.254.169.254/latest/meta-data/", "169.254.169.254"),
    ("https://[::ffff:10.0.0.1]/hooks", "::ffff:10.0.0.1"),
    ("https://[fe80::1]/hooks", "fe80::1"),
    ("https://[fc00::1]/hooks", "fc00::1"),
    ("https://localhost/hooks", "127.0.0.1"),  # a name that resolves to a private address
]


@pytest.fixture
def production(settings):
    settings.WEBHOOK_ALLOW_PRIVATE = False
    settings.WEBHOOK_ALLOW_HTTP = False


@pytest.mark.parametrize(("url", "address"), PRIVATE)
def test_private_loopback_link_local_and_mapped_addresses_are_refused(production, url, address):
    with pytest.raises(ServiceError) as exc:
        validate_url(url)
    assert exc.value.code == "invalid_url" and exc.value.errors[0].field == "url"
    assert address in exc.value.message and "only public addresses" in exc.value.message


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("http://93.184.215.14/hooks", "must use https"),
        ("ftp://example.com/", "must start with https"),
        ("https://user:pw@93.184.215.14/", "credentials"),
        ("https:///nohost", "no host"),
        ("", "required"),
        ("https://no-such-host.invalid/", "could not be resolved"),
    ],
)
def test_bad_urls_are_refused_with_a_reason(production, url, words):
    with pytest.raises(ServiceError) as exc:
        validate_url(url)
    assert words in exc.value.message


def test_a_public_address_passes(production):
    validate_url("https://93.184.215.14/hooks")  # an IP literal: no DNS needed


def test_development_settings_allow_loopback_and_http(settings):
    settings.WEBHOOK_ALLOW_PRIVATE = True
    settings.WEBHOOK_ALLOW_HTTP = True
    validate_url("http://127.0.0.1:8000/hooks")
    validate_url("http://localhost:8000/hooks")


def test_the_default_settings_refuse_both(monkeypatch):
    """Without DEBUG, settings.py defaults refuse private addresses and plain http."""
    import importlib

    import config.settings as module

    monkeypatch.delenv("WEBHOOK_ALLOW_PRIVATE", raising=False)
    monkeypatch.delenv("WEBHOOK_ALLOW_HTTP", raising=False)
    monkeypatch.setenv("DEBUG", "0")
    try:
        fresh = importlib.reload(module)
        assert fresh.WEBHOOK_ALLOW_PRIVATE is False and fresh.WEBHOOK_ALLOW_HTTP is False
    finally:
        monkeypatch.undo()
        importlib.reload(module)


def test_is_public_handles_mapped_and_shared_ranges():
    import ipaddress

    assert is_public(ipaddress.ip_address("93.184.215.14"))
    assert not is_public(ipaddress.ip_address("::ffff:192.168.0.1"))
    assert not is_public(ipaddress.ip_address("100.64.1.1"))
