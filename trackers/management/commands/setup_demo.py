"""Idempotent demo set-up for `make run`: an organization, a superuser, a test key, sandbox trackers.

Everything goes through the services (organizations, members, keys, trackers), like any other door.
The login and key it prints are kept in `.demo-credentials` and reused only while they still work
against the database in use; after a reset (or with another DATABASE_URL) new ones are made.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.utils import timezone

from accounts import services
from accounts.models import Membership, Mode, Organization
from predictions.generated import seed_history
from predictions.store import records
from trackers import services as trackers
from trackers.management.commands._demo_queue import seed as seed_queue
from trackers.models import Tracker

DEMO_NUMBERS = [
    "PKGX-AAAAAAA-DEMO001",
    "PKGX-BBBBBBB-DEMO002",
    "PKGX-DDDDDDD-DEMO003",
    "PKGX-GGGGGGG-DEMO004",
    "PKGX-HHHHHHH-DEMO005",
    "EZ3000000003",
]
USERNAME = "admin"


def _saved(state: Path) -> tuple[str, str] | None:
    """(password, key) from the credentials file, or None when it is missing or unreadable."""
    if not state.exists():
        return None
    values = {}
    for line in state.read_text().splitlines():
        label, _, value = line.partition(":")
        values[label.strip()] = value.strip()
    password = values.get("login", "").partition(" / ")[2]
    key = values.get("test key", "")
    return (password, key) if password and key else None


def _still_valid(saved: tuple[str, str], org: Organization) -> bool:
    """The saved login and key work against this database, for this organization."""
    password, raw = saved
    user = get_user_model().objects.filter(username=USERNAME).first()
    key = services.find_api_key(raw)
    return bool(
        user
        and user.check_password(password)
        and user.memberships.filter(organization=org).exists()
        and key
        and key.organization_id == org.pk
    )


class Command(BaseCommand):
    help = "Create (once) the demo organization, superuser, test API key and sandbox trackers."

    def handle(self, *args, **options):
        state = Path(settings.BASE_DIR) / ".demo-credentials"
        org = services.get_or_create_organization("demo", "Demo Shop")
        if not org.display_name:
            services.update_settings(org, {"display_name": "Demo Shop", "brand_color": "#4f46e5"})
        saved = _saved(state)
        if saved is not None and _still_valid(saved, org):
            password, raw_key = saved
        else:
            password = secrets.token_urlsafe(9)
            User = get_user_model()
            user = User.objects.filter(username=USERNAME).first()
            if user is None:
                user = User.objects.create_superuser(USERNAME, "admin@example.com", password)
            else:
                user.set_password(password)
                user.save()
            services.add_member(org, user, Membership.Role.OWNER)
            raw_key = services.create_api_key(org, Mode.TEST, "demo key").raw
            state.write_text(f"login:    {USERNAME} / {password}\ntest key: {raw_key}\n")
            state.chmod(0o600)
        # Half a year of generated delivery history (once per mode), so the sandbox trackers show a
        # predicted date with its range, and the predictions page has a backtest to show.
        for mode in (Mode.TEST, Mode.LIVE):
            if not records(org.pk, mode).exists():
                added = seed_history(org.pk, mode, timezone.localdate())
                self.stdout.write(f"Generated {added} past deliveries ({mode} mode) for predicted delivery dates.")
        # The exception queue: problems assigned to the demo login, to a teammate, and to nobody.
        seed_queue(org, get_user_model().objects.get(username=USERNAME))
        # A fresh set whenever the previous one has finished moving, so a newcomer always sees motion.
        if not Tracker.objects.filter(organization=org, next_refresh_at__isnull=False).exists():
            for number in DEMO_NUMBERS:
                trackers.create_tracker(org, Mode.TEST, number, fields={"title": "Demo order"}, refresh=True)
        self.stdout.write("\n" + "=" * 60)
        url = f"http://127.0.0.1:{os.environ.get('PORT', '8000')}/"
        self.stdout.write(f"Demo organization 'demo' is ready. Dashboard: {url}  Admin: {url}admin/")
        self.stdout.write(f"login:    {USERNAME} / {password}\ntest key: {raw_key}")
        self.stdout.write("=" * 60 + "\n")
