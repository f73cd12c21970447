"""Notification fixtures: a real SMTP server, and the settings that point Django's mail at it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.notifications.smtpserver import LocalSmtp


@pytest.fixture
def smtp(settings) -> Iterator[LocalSmtp]:
    """A LocalSmtp on 127.0.0.1, with EMAIL_* settings aimed at it (SMTP backend, as in production)."""
    with LocalSmtp() as server:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = server.host
        settings.EMAIL_PORT = server.port
        settings.EMAIL_USE_TLS = False
        settings.EMAIL_TIMEOUT = 5
        settings.DEFAULT_FROM_EMAIL = "Acme tracking <tracking@acme.example>"
        yield server
