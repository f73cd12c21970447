"""One base setup for every test: named organizations, users and keys.

alice is a member of Acme, bob of Globex, and carol belongs to no organization (she has no
access to anything). Each organization has a test and a live key.
"""

from __future__ import annotations

import pytest
from django_q.conf import Conf
from rest_framework.test import APIClient

from accounts import services as accounts
from accounts.models import Membership, Mode
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory
from tests.httpserver import LocalServer


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.WEBHOOK_ALLOW_HTTP = True
    settings.WEBHOOK_ALLOW_PRIVATE = True
    settings.PUBLIC_BASE_URL = "http://testserver"
    # Queued tasks run inline: a test sees their effect without a running cluster.
    previous, Conf.SYNC = Conf.SYNC, True
    from django.core.cache import cache

    cache.clear()
    from api.ratelimit import reservations

    reservations.clear()
    yield
    Conf.SYNC = previous


@pytest.fixture
def http_server():
    """A LocalServer on 127.0.0.1 for this test (tests/httpserver.py): records, answers as told."""
    with LocalServer() as server:
        yield server


@pytest.fixture
def acme(db):
    return OrganizationFactory(slug="acme", name="Acme")


@pytest.fixture
def globex(db):
    return OrganizationFactory(slug="globex", name="Globex")


@pytest.fixture
def alice(acme):
    return MembershipFactory(user=UserFactory(username="alice"), organization=acme, role=Membership.Role.OWNER).user


@pytest.fixture
def bob(globex):
    return MembershipFactory(user=UserFactory(username="bob"), organization=globex).user


@pytest.fixture
def carol(db):
    return UserFactory(username="carol")


@pytest.fixture
def acme_test_key(acme) -> str:
    return accounts.create_api_key(acme, Mode.TEST, "acme test").raw


@pytest.fixture
def acme_live_key(acme) -> str:
    return accounts.create_api_key(acme, Mode.LIVE, "acme live").raw


@pytest.fixture
def globex_test_key(globex) -> str:
    return accounts.create_api_key(globex, Mode.TEST, "globex test").raw


def client_for(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    return client


@pytest.fixture
def api(acme_test_key) -> APIClient:
    """Acme's test-mode API client."""
    return client_for(acme_test_key)


@pytest.fixture
def live_api(acme_live_key) -> APIClient:
    return client_for(acme_live_key)


@pytest.fixture
def globex_api(globex_test_key) -> APIClient:
    return client_for(globex_test_key)


# --- PostgreSQL-only tests (races driven with threads) -------------------------------------------


def pytest_collection_modifyitems(config, items):
    """`@pytest.mark.postgres` tests are skipped, with the reason, when the suite runs on SQLite."""
    from django.conf import settings

    if settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL=postgres://…)")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def sandbox_instant(settings, time_machine):
    """Sandbox trackers reach their final status a few milliseconds after creation, every time.

    The sandbox counts steps from the creation second (`created_at` without its microseconds), so
    with 1 ms steps a tracker made in the first milliseconds of a second would see only part of
    its timeline. Starting the clock half-way through a second (and letting it tick) leaves at
    least 500 steps behind every tracker these tests create and refresh at once.
    """
    from django.utils import timezone

    settings.SANDBOX_STEP_SECONDS = 0.001
    time_machine.move_to(timezone.now().replace(microsecond=500_000), tick=True)
