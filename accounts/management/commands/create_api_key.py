from django.core.management.base import BaseCommand, CommandError

from accounts import services
from accounts.models import Mode
from core.errors import ServiceError


class Command(BaseCommand):
    help = "Create an API key for an organization (created if missing). The key is the last line."

    def add_arguments(self, parser):
        parser.add_argument("--org", required=True, help="Organization slug")
        parser.add_argument("--mode", required=True, choices=Mode.values)
        parser.add_argument("--name", default="", help="A label for the key")

    def handle(self, *args, org, mode, name, **options):
        try:
            organization = services.get_or_create_organization(org)
            new = services.create_api_key(organization, mode, name)
        except ServiceError as exc:
            raise CommandError(exc.message) from exc
        self.stderr.write(f"{mode} key for {organization.slug} (shown once, store it now):")
        self.stdout.write(new.raw)
