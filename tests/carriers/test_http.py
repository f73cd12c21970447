"""The carrier HTTP wrapper against a real local server: every outcome becomes a typed error."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest

from carriers import http
from carriers.base import AuthenticationFailure, NotYetKnown, RateLimited, TemporaryFailure
from carriers.http import RequestRejected, parse_retry_after
from tests.httpserver import Canned, refused_port


@pytest.fixture
def server(settings, http_server):
    settings.CARRIER_TIMEOUT = 10  # a local answer is quick; this only bounds a hang on a loaded machine
    return http_server


def get(server, path="/thing", **kwargs):
    return http.send("GET", server.url + path, carrier="Test", **kwargs)


def test_success_returns_parsed_json_and_sends_a_user_agent(server):
    server.add("GET", "/thing", Canned(200, {"ok": True}))
    response = get(server, params={"q": "1"})
    assert response.status == 200 and response.json() == {"ok": True}
    (hit,) = server.hits("GET", "/thing")
    assert hit.headers["User-Agent"] == http.USER_AGENT
    assert hit.query == {"q": ["1"]}


@pytest.mark.parametrize(
    ("status", "error"),
    [
        (401, AuthenticationFailure),
        (403, AuthenticationFailure),
        (404, NotYetKnown),
        (400, RequestRejected),
        (422, RequestRejected),
        (500, TemporaryFailure),
        (502, TemporaryFailure),
    ],
)
def test_status_codes_map_to_typed_errors(server, status, error):
    server.add("GET", "/thing", Canned(status, {"error": {"code": str(status), "message": "nope"}}))
    with pytest.raises(error) as info:
        get(server)
    assert str(status) in str(info.value)
    assert "nope" in str(info.value)  # an excerpt of the carrier's body helps whoever reads last_error


def test_429_carries_retry_after_seconds(server):
    server.add("GET", "/thing", Canned(429, {"error": "slow down"}, {"Retry-After": "120"}))
    with pytest.raises(RateLimited) as info:
        get(server)
    assert info.value.retry_after == 120


def test_429_retry_after_as_an_http_date(server):
    when = datetime.now(UTC) + timedelta(seconds=300)
    server.add("GET", "/thing", Canned(429, "", {"Retry-After": format_datetime(when, usegmt=True)}))
    with pytest.raises(RateLimited) as info:
        get(server)
    assert 290 <= info.value.retry_after <= 300


def test_503_is_temporary_and_keeps_retry_after(server):
    server.add("GET", "/thing", Canned(503, "maintenance", {"Retry-After": "30"}))
    with pytest.raises(TemporaryFailure) as info:
        get(server)
    assert info.value.retry_after == 30


def test_a_timeout_is_temporary(server, settings):
    settings.CARRIER_TIMEOUT = 0.3
    server.add("GET", "/thing", Canned(200, {"late": True}, delay=600))
    with pytest.raises(TemporaryFailure, match="did not answer in time"):
        get(server)


def test_a_refused_connection_is_temporary(settings):
    settings.CARRIER_TIMEOUT = 1
    with refused_port() as port, pytest.raises(TemporaryFailure, match="Could not connect"):
        http.send("GET", f"http://127.0.0.1:{port}/thing", carrier="Test")


def test_invalid_json_is_temporary(server):
    server.add("GET", "/thing", Canned(200, "<html>Service Unavailable</html>", {"Content-Type": "text/html"}))
    with pytest.raises(TemporaryFailure, match="not JSON"):
        get(server)


def test_an_empty_success_body_is_temporary(server):
    server.add("GET", "/thing", Canned(200, ""))
    with pytest.raises(TemporaryFailure, match="empty body"):
        get(server)


def test_accepted_statuses_come_back_to_the_caller(server):
    server.add("GET", "/thing", Canned(404, {"why": "unknown number"}))
    response = get(server, accept=(404,))
    assert response.status == 404 and response.json() == {"why": "unknown number"}


def test_a_redirect_on_the_same_host_is_followed(server):
    server.add("GET", "/old", Canned(301, "", {"Location": "/new"}))
    server.add("GET", "/new", Canned(200, {"moved": True}))
    assert get(server, "/old").json() == {"moved": True}


def test_a_redirect_to_another_host_is_refused(server):
    server.add("GET", "/old", Canned(302, "", {"Location": "http://localhost:1/steal"}))
    with pytest.raises(TemporaryFailure, match="another host"):
        get(server, "/old")


def test_a_redirect_loop_stops(server):
    server.add("GET", "/loop", Canned(302, "", {"Location": "/loop"}))
    with pytest.raises(TemporaryFailure, match="too many"):
        get(server, "/loop")
    assert len(server.hits("GET", "/loop")) == http.MAX_REDIRECTS + 1


def test_timeouts_accept_a_pair(settings):
    settings.CARRIER_TIMEOUT = (3, 15)
    assert http.timeouts() == (3.0, 15.0)
    settings.CARRIER_TIMEOUT = 7
    assert http.timeouts() == (7.0, 7.0)


@pytest.mark.parametrize(("value", "expected"), [(None, None), ("", None), ("45", 45.0), ("soon", None)])
def test_parse_retry_after(value, expected):
    assert parse_retry_after(value) == expected


@pytest.mark.parametrize(
    ("base", "expected"),
    [
        ("http://127.0.0.1:8080/staging/v9/", "http://127.0.0.1:8080"),
        ("https://api-test.dhl.com", "https://api-test.dhl.com"),
        ("", "https://api-eu.dhl.com"),
        (None, "https://api-eu.dhl.com"),
        ("not a url", "https://api-eu.dhl.com"),
    ],
)
def test_an_api_base_replaces_only_scheme_and_host(base, expected):
    assert http.origin(base, "https://api-eu.dhl.com/track") == expected
