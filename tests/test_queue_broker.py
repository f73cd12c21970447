"""REDIS_URL moves django-q2 from the ORM broker to Redis, with the same code (real Redis on loopback)."""

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PROBE = """
import django, json
django.setup()
from django_q.brokers import get_broker
from django_q.conf import Conf
broker = get_broker("probe-" + str(__import__("os").getpid()))
broker.enqueue("hello")
task = broker.dequeue()
if task and task[0][0] is not None:
    broker.acknowledge(task[0][0])
body = task[0][1] if task else None
body = body.decode() if isinstance(body, bytes) else body
print(json.dumps({"broker": type(broker).__name__, "ping": bool(broker.ping()), "roundtrip": body == "hello"}))
"""


def probe(extra_env: dict) -> dict:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", **extra_env}
    env.pop("REDIS_URL", None) if "REDIS_URL" not in extra_env else None
    out = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])


def redis_up() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=30).close()
        return True
    except OSError:
        return False


def test_redis_url_selects_the_redis_broker():
    if not redis_up():
        pytest.skip("no Redis server on 127.0.0.1:6379")
    result = probe({"REDIS_URL": "redis://127.0.0.1:6379/0"})
    assert result == {"broker": "Redis", "ping": True, "roundtrip": True}


def test_without_redis_url_the_orm_broker_is_used(tmp_path):
    # A throwaway SQLite database so the probe can create the broker's table.
    db = tmp_path / "probe.sqlite3"
    env = {"DATABASE_URL": f"sqlite:///{db}", "DEBUG": "1"}
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "django_q", "-v0"],
        cwd=ROOT,
        env={**os.environ, **env},
        check=True,
        timeout=600,
    )
    result = probe(env)
    assert result["broker"] == "ORM" and result["roundtrip"]
