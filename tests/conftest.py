"""One base setup for every test: named organizations, users and keys.

alice is a member of Acme, bob of Globex, and carol belongs to no organization (she has no
access to anything). Each organization has a test and a live key.
"""

from __future__ import annotations

from datetime import UTC, datetime

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
    from api import ratelimit

    ratelimit.reservations.clear()
    # A fresh counter forgets the rate window this thread swept last, so the first API request of
    # every test sweeps (one query) whatever minute the previous test ran in: counts stay exact.
    ratelimit._counter.cache_clear()
    # Carrier budgets apply where a test sets them (tests/trackers/test_budgets.py and its
    # neighbours); elsewhere the defaults would pace live adapters against a frozen clock.
    from carriers.budgets import DEFAULT_BUDGETS
    from trackers import throttle

    settings.CARRIER_BUDGETS = ",".join(f"{code}=none" for code in DEFAULT_BUDGETS)
    throttle._counter.cache_clear()
    # No organization has a tracking domain unless the test sets one (accounts.services forgets
    # this copy then): held still, the map never costs a query inside a counted stretch.
    from accounts import domains

    domains._local.update(until=float("inf"), map={})
    # Likewise no organization changes its refresh lifecycle unless the test does (the same way).
    from accounts import lifecycle_settings

    lifecycle_settings._local.update(until=float("inf"), map={})
    yield
    domains._local.update(until=0.0, map={})
    lifecycle_settings._local.update(until=0.0, map={})
    Conf.SYNC = previous


@pytest.fixture
def one_rate_window(time_machine):
    """The clock held still, so every API request of the test falls in one rate-limit window.

    The limiter reserves request numbers per window of a minute, and the first request of a window
    costs queries (the reservation, the sweep of finished windows). A test that counts queries or
    429s over several requests would see a different count whenever a minute ended between two of
    them, which a slow, loaded run makes likely.
    """
    from django.utils import timezone

    time_machine.move_to(timezone.now(), tick=False)


# Mid-day, mid-month: hours away from any UTC day or month boundary.
MIDDAY = datetime(2026, 6, 15, 12, tzinfo=UTC)


@pytest.fixture
def midday(time_machine):
    """The clock held still at noon UTC of a fixed mid-month day.

    Per-day and per-month figures (the overview's charts and tally, /usage, date filters) are
    computed from "now" by the test and again by the code under test. A run that crosses UTC
    midnight, or a month's end, between the two would see different days. Request this fixture
    before any fixture that writes rows (first argument, or `usefixtures`), so they share the day.
    """
    time_machine.move_to(MIDDAY, tick=False)


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
    """`@pytest.mark.postgres` tests are skipped, with the reason, when the suite runs on SQLite;
    `@pytest.mark.fast_paths` tests (of a fast path itself, core/fast/) when FAST_PATHS is off."""
    from django.conf import settings

    on_postgresql = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
    skip = pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL=postgres://…)")
    no_fast = pytest.mark.skip(reason="tests a fast path itself, and FAST_PATHS is off (the ORM serves instead)")
    for item in items:
        if "postgres" in item.keywords and not on_postgresql:
            item.add_marker(skip)
        if "fast_paths" in item.keywords and not settings.FAST_PATHS:
            item.add_marker(no_fast)


@pytest.fixture
def sandbox_instant(settings):
    """Sandbox trackers reach their final status at their first refresh, every time.

    The sandbox counts steps from the creation second (`created_at` without its microseconds). With
    one step a microsecond, a refresh sees at least as many steps as microseconds passed since the
    tracker was created, and saving a tracker takes far longer than the ten or so steps of a
    timeline, wherever in the second it is created and however busy the machine.
    """
    settings.SANDBOX_STEP_SECONDS = 0.000_001
