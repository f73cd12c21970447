"""Idempotent demo set-up for `make run`: an organization, a superuser, a test key, sandbox trackers."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from accounts import services
from accounts.models import Membership, Mode
from trackers import services as trackers
from trackers.models import Tracker

DEMO_NUMBERS = [
    "PKGX-AAAAAAA-DEMO001",
    "PKGX-BBBBBBB-DEMO002",
    "PKGX-DDDDDDD-DEMO003",
    "PKGX-GGGGGGG-DEMO004",
    "PKGX-HHHHHHH-DEMO005",
    "EZ3000000003",
]


class Command(BaseCommand):
    help = "Create (once) the demo organization, superuser, test API key and sandbox trackers."

    def handle(self, *args, **options):
        state = Path(settings.BASE_DIR) / ".demo-credentials"
        org = services.get_or_create_organization("demo", "Demo Shop")
        if not org.display_name:
            org.display_name = "Demo Shop"
            org.brand_color = "#4f46e5"
            org.save()
        User = get_user_model()
        if state.exists():
            credentials = state.read_text()
        else:
            password = secrets.token_urlsafe(9)
            user = User.objects.filter(username="admin").first()
            if user is None:
                user = User.objects.create_superuser("admin", "admin@example.com", password)
            else:
                user.set_password(password)
                user.save()
            Membership.objects.get_or_create(user=user, organization=org, defaults={"role": "owner"})
            key = services.create_api_key(org, Mode.TEST, "demo key").raw
            credentials = f"login:    admin / {password}\ntest key: {key}\n"
            state.write_text(credentials)
            state.chmod(0o600)
        # A fresh set whenever the previous one has finished moving, so a newcomer always sees motion.
        if not Tracker.objects.filter(organization=org, next_refresh_at__isnull=False).exists():
            for number in DEMO_NUMBERS:
                trackers.create_tracker(org, Mode.TEST, number, fields={"title": "Demo order"}, refresh=True)
        self.stdout.write("\n" + "=" * 60)
        url = f"http://127.0.0.1:{os.environ.get('PORT', '8000')}/"
        self.stdout.write(f"Demo organization 'demo' is ready. Dashboard: {url}  Admin: {url}admin/")
        self.stdout.write(credentials.rstrip())
        self.stdout.write("=" * 60 + "\n")
