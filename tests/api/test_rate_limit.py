"""The rate limit holds across web processes: counters live in the database or
Redis that every process shares, handed out in blocks so most requests touch neither."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import textwrap
import uuid
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.db import connection

from api import ratelimit
from api.models import RateWindow

ROOT = Path(__file__).resolve().parents[2]


def passes(workers: list[ratelimit.Reservations], limit: int, requests: int, ident: str) -> int:
    passed = 0
    for _ in range(requests):
        number = random.choice(workers).number(ident, 7, limit, 61)
        passed += number <= limit
    return passed


@pytest.mark.parametrize("limit", [3, 600, 5000])
def test_two_workers_together_never_pass_more_than_the_limit(db, limit):
    workers = [ratelimit.Reservations(), ratelimit.Reservations()]
    passed = passes(workers, limit, limit * 2, f"key-{limit}")
    waste = (ratelimit.Reservations.block_size(limit) - 1) * len(workers)
    assert limit - waste <= passed <= limit


def test_small_limits_are_exact_per_request(db):
    assert ratelimit.Reservations.block_size(49) == 1
    worker = ratelimit.Reservations()
    assert [worker.number("k", 1, 3, 61) for _ in range(4)] == [1, 2, 3, 4]
    assert RateWindow.objects.get(ident="k", bucket=1).count == 4


def test_finished_windows_are_swept(db):
    counter = ratelimit.DatabaseCounter()
    counter.hit("k", 1, 61)
    counter.hit("k", 2, 61)
    counter.hit("k", 5, 61)  # a new window for this thread: windows before 4 go
    assert sorted(RateWindow.objects.values_list("bucket", flat=True)) == [5]


def test_the_redis_counter_is_shared_and_expires():
    url = "redis://127.0.0.1:6379/14"
    try:
        redis.Redis.from_url(url).ping()
    except redis.ConnectionError:
        pytest.fail("Redis is expected on 127.0.0.1:6379 (docs/operations.md: Running at scale)")
    ident = f"test-{uuid.uuid4().hex}"
    one, two = ratelimit.RedisCounter(url), ratelimit.RedisCounter(url)
    # A long expiry: a loaded machine may stall seconds between two calls, and the key must outlive them.
    assert [one.hit(ident, 1, 600), two.hit(ident, 1, 600, 10), one.hit(ident, 1, 600)] == [1, 11, 12]
    assert 0 < one.client.ttl(f"ratelimit:{ident}:1") <= 600


def test_the_api_limit_holds_when_each_request_lands_on_another_worker(api, settings, one_rate_window):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"api_key": "100/min"}}
    codes = []
    for _ in range(110):
        ratelimit.reservations.clear()  # as if every request reached a fresh process
        codes.append(api.get("/api/v1/couriers").status_code)
    assert codes.count(200) <= 100 and codes.count(429) >= 10


CHILD = textwrap.dedent(
    """
    import json, os, sys
    import django
    django.setup()
    from api import ratelimit
    reservations = ratelimit.Reservations()
    numbers = [reservations.number("shared", 3, 600, 61) for _ in range(int(sys.argv[1]))]
    print(json.dumps(numbers))
    """
)


@pytest.mark.django_db(transaction=True)
def test_two_real_processes_share_one_counter_on_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite's test database lives in this process's memory; CI runs this on PostgreSQL")
    db = settings.DATABASES["default"]
    url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "RATE_LIMIT_STORE": "database",
    }
    children = [
        subprocess.Popen([sys.executable, "-c", CHILD, "500"], cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    numbers = [n for child in children for n in json.loads(child.communicate(timeout=600)[0])]
    assert len(numbers) == len(set(numbers)) == 1000  # no number handed out twice
    assert sum(n <= 600 for n in numbers) <= 600


# Several threads of one process taking numbers at once, as a threaded gunicorn worker does.
THREADED_CHILD = textwrap.dedent(
    """
    import json, sys
    from concurrent.futures import ThreadPoolExecutor
    import django
    django.setup()
    from django.db import connection
    from api import ratelimit
    reservations = ratelimit.Reservations()
    ident, threads, calls = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])

    def serve(_):
        try:
            return [reservations.number(ident, 3, 600, 61) for _ in range(calls)]
        finally:
            connection.close()

    with ThreadPoolExecutor(threads) as pool:
        print(json.dumps([n for numbers in pool.map(serve, range(threads)) for n in numbers]))
    """
)


def admitted_by_processes_and_threads(env: dict, processes: int = 3, threads: int = 4, calls: int = 100) -> list[int]:
    """Every number handed out by `processes` × `threads` callers of one key in one (fixed) window."""
    ident = f"shared-{uuid.uuid4().hex}"
    args = [sys.executable, "-c", THREADED_CHILD, ident, str(threads), str(calls)]
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", **env}
    children = [subprocess.Popen(args, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True) for _ in range(processes)]
    numbers = [n for child in children for n in json.loads(child.communicate(timeout=600)[0])]
    assert len(numbers) == len(set(numbers)) == processes * threads * calls  # no number handed out twice
    return numbers


def assert_the_limit_is_reached_not_passed(numbers: list[int], limit: int = 600) -> None:
    admitted = sum(n <= limit for n in numbers)
    assert limit - limit * 2 // 100 <= admitted <= limit, admitted


def test_threads_and_processes_on_redis_admit_the_limit():
    url = "redis://127.0.0.1:6379/14"
    numbers = admitted_by_processes_and_threads({"REDIS_URL": url, "RATE_LIMIT_STORE": "redis"})
    assert_the_limit_is_reached_not_passed(numbers)


@pytest.mark.django_db(transaction=True)
def test_threads_and_processes_on_the_database_admit_the_limit():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite's test database lives in this process's memory; CI runs this on PostgreSQL")
    db = settings.DATABASES["default"]
    url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    numbers = admitted_by_processes_and_threads({"DATABASE_URL": url, "RATE_LIMIT_STORE": "database", "REDIS_URL": ""})
    assert_the_limit_is_reached_not_passed(numbers)


def test_a_block_reserved_by_one_thread_is_not_lost_when_another_reserves_too(db, monkeypatch):
    """Two threads miss at once: both blocks stay in the pool and every number is handed out."""
    worker = ratelimit.Reservations()
    shared = ratelimit.DatabaseCounter()
    meanwhile: list[int] = []

    class Interleaved:
        """The first reservation lets a second thread reserve before it returns."""

        def hit(self, ident, window, ttl, amount=1):
            count = shared.hit(ident, window, ttl, amount)
            if not meanwhile:
                meanwhile.append(0)
                meanwhile[0] = worker.number(ident, window, 600, ttl)  # the second thread
            return count

    monkeypatch.setattr(ratelimit, "counter", Interleaved)
    first = worker.number("k", 1, 600, 61)
    numbers = [first, meanwhile[0], *(worker.number("k", 1, 600, 61) for _ in range(22))]
    assert sorted(numbers) == list(range(1, 25))  # two blocks of 12, none lost
