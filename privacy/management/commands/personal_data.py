import json

from django.core.management.base import BaseCommand, CommandError

from accounts.models import Organization
from core.errors import ServiceError
from privacy import retention, services


class Command(BaseCommand):
    help = (
        "Export or erase everything an organization holds about one email address or phone number, or run "
        "the retention purge now. Every export and erasure is audited."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["export", "erase", "purge"])
        parser.add_argument("--org", help="Organization slug (export, erase)")
        who = parser.add_mutually_exclusive_group()
        who.add_argument("--email")
        who.add_argument("--phone", help="With its country code, e.g. +14155552671")

    def handle(self, *args, action, org, email, phone, **options):
        if action == "purge":
            self.stdout.write(f"{retention.purge()} trackers erased past their organization's retention")
            return
        organization = Organization.objects.filter(slug=org).first() if org else None
        if organization is None:
            raise CommandError(f"No organization with the slug '{org}' (--org is required for {action}).")
        try:
            if action == "export":
                data = services.export_subject(organization, email, phone, "command", "manage.py personal_data")
                self.stdout.write(json.dumps(data, indent=2, ensure_ascii=False))
            else:
                counts = services.erase_subject(organization, email, phone, "command", "manage.py personal_data")
                self.stdout.write(json.dumps(counts))
        except ServiceError as exc:
            raise CommandError(exc.message) from exc
