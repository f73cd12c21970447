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
