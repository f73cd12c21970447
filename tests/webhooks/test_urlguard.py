"""The SSRF guard at save time: each refused kind of address, with a message a person can act on."""

import pytest

from core.errors import ServiceError
from webhooks.urlguard import is_public, resolve_public, validate_url

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
    # IPv6 transition addresses deliver to the IPv4 host they embed.
    ("https://[2002:7f00:1::]/", "2002:7f00:1::"),  # 6to4 of 127.0.0.1
    ("https://[2002:a00:1::1]/", "2002:a00:1::1"),  # 6to4 of 10.0.0.1
    ("https://[2001:0:4136:e378:8000:63bf:80ff:fffe]/", "2001:0:4136:e378:8000:63bf:80ff:fffe"),  # Teredo, 127.0.0.1
    ("https://[64:ff9b::a9fe:a9fe]/", "64:ff9b::a9fe:a9fe"),  # NAT64 of 169.254.169.254
    ("https://[64:ff9b:1::1]/", "64:ff9b:1::1"),  # local-use NAT64
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
        ("https://:@93.184.215.14/", "credentials"),
        ("https://@93.184.215.14/", "credentials"),
        ("https://93.184.215.14:0/", "port 0 is not allowed"),
        ("https://93.184.215.14:65536/", "not a valid URL"),
        ("https:///nohost", "no host"),
        ("", "required"),
    ],
)
def test_bad_urls_are_refused_with_a_reason(production, url, words):
    with pytest.raises(ServiceError) as exc:
        validate_url(url)
    assert words in exc.value.message


def test_a_public_address_passes(production):
    validate_url("https://93.184.215.14/hooks")  # an IP literal: no DNS needed
    validate_url("https://[2002:5db8:d70e::1]/hooks")  # 6to4 of a public IPv4 address
    validate_url("https://93.184.215.14:8443/hooks")


def test_a_host_that_does_not_resolve_yet_is_accepted_at_save_but_refused_at_send(production):
    validate_url("https://no-such-host.invalid/hooks")  # DNS can lag behind a deployment
    with pytest.raises(ServiceError) as exc:
        resolve_public("https://no-such-host.invalid/hooks")
    assert "could not be resolved" in exc.value.message


def test_allowed_ports_setting_limits_ports(production, settings):
    settings.WEBHOOK_ALLOWED_PORTS = frozenset({443, 8443})
    validate_url("https://93.184.215.14/hooks")
    validate_url("https://93.184.215.14:8443/hooks")
    with pytest.raises(ServiceError) as exc:
        validate_url("https://93.184.215.14:22/hooks")
    assert "port 22 is not allowed" in exc.value.message and "443, 8443" in exc.value.message


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
    assert not is_public(ipaddress.ip_address("2002:c0a8:1::"))  # 6to4 of 192.168.0.1
    assert is_public(ipaddress.ip_address("2606:2800:220:1:248:1893:25c8:1946"))


@pytest.mark.parametrize("port", [22, 25, 111, 1024, 3306, 5432, 6379, 11211, 27017])
def test_service_and_privileged_ports_are_refused_by_default(production, port):
    with pytest.raises(ServiceError) as exc:
        validate_url(f"https://93.184.215.14:{port}/hooks")
    assert f"port {port} is not allowed" in exc.value.message
    assert "except database, cache and broker ports" in exc.value.message


@pytest.mark.parametrize("port", [80, 443, 8443, 3000, 8080, 9000, 50123])
def test_web_and_unprivileged_ports_pass_by_default(production, port):
    validate_url(f"https://93.184.215.14:{port}/hooks")


def test_any_port_when_the_operator_says_so(production, settings):
    settings.WEBHOOK_ANY_PORT = True
    validate_url("https://93.184.215.14:22/hooks")
    validate_url("https://93.184.215.14:5432/hooks")
