"""Settings from the environment: production is clean under `check --deploy`, links follow PORT."""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# The production environment docs/security.md documents.
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "k3J9-a-long-random-value-of-fifty-or-more-characters-xQ7vR2mW",
    "ALLOWED_HOSTS": "track.example.com",
    "HTTPS": "1",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": "1",
    "SECURE_HSTS_PRELOAD": "1",
}


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    # A clean environment for these names (the browser tests set DJANGO_ALLOW_ASYNC_UNSAFE for Playwright).
    dropped = ("DEBUG", "HTTPS", "SECURE_COOKIES", "DJANGO_ALLOW_ASYNC_UNSAFE")
    base = {k: v for k, v in os.environ.items() if k not in dropped}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env={**base, **env}, capture_output=True, text=True, timeout=600
    )


def test_documented_production_settings_pass_check_deploy():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_without_https_check_deploy_names_what_is_missing():
    env = {k: v for k, v in PRODUCTION.items() if k != "HTTPS"}
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode != 0
    for code in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert code in result.stderr + result.stdout


@pytest.fixture
def reload_settings(monkeypatch):
    import config.settings as module

    def load(**env: str):
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        return importlib.reload(module)

    yield load
    monkeypatch.undo()
    importlib.reload(module)


def test_public_links_follow_the_port(reload_settings, monkeypatch):
    monkeypatch.delenv("PUBLIC_BASE_URL", raising=False)
    assert reload_settings(PORT="8765").PUBLIC_BASE_URL == "http://127.0.0.1:8765"


def test_public_base_url_wins_behind_a_proxy(reload_settings):
    assert reload_settings(PORT="8765", PUBLIC_BASE_URL="https://track.example.com/").PUBLIC_BASE_URL == (
        "https://track.example.com"
    )


def test_https_switch_turns_on_cookies_redirect_and_hsts(reload_settings, monkeypatch):
    monkeypatch.delenv("DEBUG", raising=False)
    fresh = reload_settings(HTTPS="1")
    assert fresh.SESSION_COOKIE_SECURE and fresh.CSRF_COOKIE_SECURE and fresh.SECURE_SSL_REDIRECT
    assert fresh.SECURE_HSTS_SECONDS == 31_536_000
