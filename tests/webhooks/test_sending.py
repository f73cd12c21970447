"""The sender against a real receiver on loopback: answers, timeouts, refusals, redirects, pinning."""

import json
import socket

import pytest

from tests.httpserver import LocalServer
from webhooks import sending, urlguard

BODY = json.dumps({"hello": "world"}).encode()


def test_a_2xx_is_success_and_the_request_is_json_with_our_headers(receiver):
    receiver.status = 204
    receiver.reply = b""
    answer = sending.post(receiver.url + "/hooks?a=1", BODY, {"webhook-id": "evt_1"})
    assert answer.ok and answer.status_code == 204 and answer.error == ""
    got = receiver.requests[0]
    assert got.method == "POST" and got.target == "/hooks?a=1" and got.body == BODY
    assert got.headers["Content-Type"] == "application/json"
    assert got.headers["webhook-id"] == "evt_1"
    assert got.headers["Host"] == f"127.0.0.1:{receiver.port}"


def test_a_500_is_a_failure_with_the_excerpt_kept(receiver):
    receiver.status = 500
    receiver.reply = b"boom " * 1000
    answer = sending.post(receiver.url + "/hooks", BODY, {})
    assert not answer.ok and answer.status_code == 500
    assert answer.message == "The receiver answered HTTP 500."
    assert len(answer.excerpt.encode()) == 1024 and answer.excerpt.startswith("boom boom")


def test_a_redirect_is_not_followed(receiver):
    receiver.status = 302
    receiver.location = "http://127.0.0.1:9/elsewhere"
    answer = sending.post(receiver.url + "/hooks", BODY, {})
    assert not answer.ok and answer.status_code == 302
    assert "Redirects are not followed" in answer.message and "127.0.0.1:9/elsewhere" in answer.message
    assert len(receiver.requests) == 1


def test_a_slow_receiver_times_out(receiver, settings):
    settings.WEBHOOK_TOTAL_TIMEOUT = 0.5
    receiver.delay = 600  # answers only when the test ends
    answer = sending.post(receiver.url + "/hooks", BODY, {})
    assert answer.status_code is None and answer.error == "ReadTimeout"
    assert 400 <= answer.latency_ms < 600_000  # gave up after the timeout, never waited for the answer
    assert "0.5 s" in answer.message


def test_a_refused_connection_is_an_error_not_an_exception(closed_port):
    answer = sending.post(f"http://127.0.0.1:{closed_port}/x", BODY, {})
    assert answer.status_code is None and answer.error == "ConnectionError"
    assert "Could not connect" in answer.message


def test_https_to_a_plain_http_server_is_a_tls_error(receiver):
    answer = sending.post(receiver.url.replace("http://", "https://") + "/hooks", BODY, {})
    assert answer.status_code is None and answer.error in {"SSLError", "ProtocolError", "ConnectionError"}


def test_ipv6_loopback_works_when_allowed():
    with LocalServer("::1") as server:
        answer = sending.post(f"http://[::1]:{server.port}/v6", BODY, {})
        assert answer.ok and server.requests[0].headers["Host"] == f"[::1]:{server.port}"
    sending._pools.clear()


def test_the_connection_goes_to_the_address_that_was_checked(receiver, monkeypatch):
    """DNS rebinding: the name is looked up once; a second answer (a private address) is never used."""
    real = socket.getaddrinfo
    calls = []

    def rebinding(host, port, *args, **kwargs):
        if host == "hooks.rebind.test":
            calls.append(host)
            address = "127.0.0.1" if len(calls) == 1 else "10.255.255.1"
            return real(address, port, *args, **kwargs)
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(urlguard.socket, "getaddrinfo", rebinding)
    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    answer = sending.post(f"http://hooks.rebind.test:{receiver.port}/hooks", BODY, {})
    assert answer.ok, answer
    assert calls == ["hooks.rebind.test"]
    assert receiver.requests[0].headers["Host"] == f"hooks.rebind.test:{receiver.port}"


def test_keep_alive_reuses_one_connection(receiver):
    for _ in range(5):
        assert sending.post(receiver.url + "/hooks", BODY, {}).ok
    pool = next(iter(sending._pools.values()))
    assert pool.num_connections == 1 and pool.num_requests == 5


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/",
        "http://[::1]/",
        "http://10.0.0.1/",
        "http://172.16.0.1/",
        "http://192.168.1.1/",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::ffff:10.0.0.1]/",
        "http://localhost/",
        "http://0.0.0.0/",
        "http://100.64.0.1/",
        "http://224.0.0.1/",
        "http://240.0.0.1/",
    ],
)
def test_the_guard_refuses_private_addresses_at_send_time(settings, url):
    settings.WEBHOOK_ALLOW_PRIVATE = False
    answer = sending.post(url, BODY, {})
    assert answer.status_code is None and answer.error == "UrlRefused"
    assert "private or reserved address" in answer.message


def test_plain_http_is_refused_at_send_time_in_production(settings, receiver):
    settings.WEBHOOK_ALLOW_HTTP = False
    answer = sending.post(receiver.url + "/hooks", BODY, {})
    assert answer.error == "UrlRefused" and "https" in answer.message
    assert receiver.requests == []
