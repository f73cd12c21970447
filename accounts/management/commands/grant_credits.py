from django.core.management.base import BaseCommand, CommandError

from accounts import services
from accounts.models import Organization
from core.errors import ServiceError


class Command(BaseCommand):
    help = "Grant tracker credits to an organization (or make it unlimited). The new balance is the last line."

    def add_arguments(self, parser):
        parser.add_argument("--org", required=True, help="Organization slug")
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument("amount", nargs="?", type=int, help="Credits to add")
        group.add_argument("--unlimited", action="store_true", help="Stop counting credits")

    def handle(self, *args, org, amount, unlimited, **options):
        organization = Organization.objects.filter(slug=org).first()
        if organization is None:
            raise CommandError(f"No organization with the slug '{org}'.")
        try:
            balance = services.grant_credits(organization, None if unlimited else amount)
        except ServiceError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write("unlimited" if balance is None else str(balance))
