from django.core.management.base import BaseCommand, CommandError

from accounts.models import Mode, Organization
from core.errors import ServiceError
from trackers import services


class Command(BaseCommand):
    help = "Create a tracker. Prints the tracker's id as the last line."

    def add_arguments(self, parser):
        parser.add_argument("number")
        parser.add_argument("--org", required=True, help="Organization slug")
        parser.add_argument("--mode", required=True, choices=Mode.values)
        parser.add_argument("--courier", default=None)
        parser.add_argument("--refresh", action="store_true", help="Ask the carrier now")

    def handle(self, *args, number, org, mode, courier, refresh, **options):
        organization = Organization.objects.filter(slug=org).first()
        if organization is None:
            raise CommandError(f"No organization '{org}'. create_api_key --org {org} creates it.")
        try:
            creation = services.create_tracker(organization, mode, number, courier, refresh=refresh)
        except ServiceError as exc:
            raise CommandError(f"{exc.code}: {exc.message}") from exc
        tracker = creation.tracker
        state = "created" if creation.created else "existing tracker returned (deduplicated)"
        self.stderr.write(f"{state}: {tracker.tracking_number} via {tracker.courier}")
        self.stdout.write(tracker.public_id)
