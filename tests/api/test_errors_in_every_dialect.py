"""Every failure on an API path, whatever raises it (a view, Django reading the request, a
middleware, the URL resolver), answers JSON in the shape of the dialect that path belongs to."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from django.core.exceptions import TooManyFieldsSent
from django.test import Client

from api.dialect import NATIVE, Dialect, dialect_at
from api.errors import SERVER_ERROR
from core.errors import ServiceError
from core.inputs import unreadable_request
from dialects.aftership import AFTERSHIP
from dialects.easypost import EASYPOST
from dialects.packagex import PACKAGEX
from dialects.packy import PACKY
from dialects.tracktry import TRACKTRY

# (a list of the dialect, the header carrying the key, its dialect)
LISTS = [
    ("/api/v1/trackers", "HTTP_X_API_KEY", NATIVE),
    ("/easypost/v2/trackers", "HTTP_AUTHORIZATION", EASYPOST),
    ("/packy/v1/trackings", "HTTP_X_API_KEY", PACKY),
    ("/tracktry/v1/trackings/get", "HTTP_TRACKTRY_API_KEY", TRACKTRY),
    ("/packagex/v1/trackers", "HTTP_PX_API_KEY", PACKAGEX),
    ("/tracking/2026-07/trackings", "HTTP_AS_API_KEY", AFTERSHIP),
]
TOO_MANY = unreadable_request(TooManyFieldsSent())


def caller(header: str, key: str) -> Client:
    value = f"Bearer {key}" if header == "HTTP_AUTHORIZATION" else key
    return Client(raise_request_exception=False, **{header: value})


def assert_answers(response, dialect: Dialect, error: ServiceError) -> None:
    assert response.status_code == error.status, response.content[:300]
    assert response["Content-Type"] == "application/json", response.content[:300]
    assert response.json() == dialect.render_error(error)


def test_each_base_path_belongs_to_its_dialect():
    assert [dialect_at(path) for path, _, _ in LISTS] == [d for _, _, d in LISTS]
    assert dialect_at("/easypost/v2") is EASYPOST and dialect_at("/dashboard/") is None


@pytest.mark.parametrize(("path", "header", "dialect"), LISTS, ids=[d.name for _, _, d in LISTS])
def test_more_than_a_thousand_query_parameters(acme_test_key, path, header, dialect):
    query = urlencode([(f"p{i}", "1") for i in range(1001)])
    assert_answers(caller(header, acme_test_key).get(f"{path}?{query}"), dialect, TOO_MANY)


def test_easypost_form_bodies_past_a_thousand_fields(acme_test_key):
    body = urlencode([("tracker[tracking_code]", "EZ1000000001"), *[(f"f{i}", "1") for i in range(1000)]])
    response = caller("HTTP_AUTHORIZATION", acme_test_key).post(
        "/easypost/v2/trackers", body, content_type="application/x-www-form-urlencoded"
    )
    assert_answers(response, EASYPOST, TOO_MANY)


@pytest.mark.parametrize("path", ["/easypost/v2/", "/packy/v1/", "/tracktry/v1/", "/packagex/v1/x/y"])
def test_unknown_paths_under_a_base_are_a_404_in_the_dialect(db, path):
    response = Client().delete(path)
    assert_answers(response, dialect_at(path), ServiceError("not_found", "No such endpoint.", 404))


class Boom:
    """A middleware that fails on request: stands for any exception raised outside a view."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.headers.get("X-Boom"):
            raise RuntimeError("a failure in a middleware")
        return self.get_response(request)


@pytest.mark.parametrize(("path", "header", "dialect"), LISTS, ids=[d.name for _, _, d in LISTS])
def test_exceptions_raised_in_a_middleware(settings, acme_test_key, path, header, dialect):
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, f"{__name__}.Boom"]
    settings.API_MIDDLEWARE = [*settings.API_MIDDLEWARE, f"{__name__}.Boom"]
    response = caller(header, acme_test_key).get(path, HTTP_X_BOOM="1")
    assert_answers(response, dialect, SERVER_ERROR)
