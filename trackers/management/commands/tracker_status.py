from django.core.management.base import BaseCommand, CommandError

from trackers.models import Tracker


class Command(BaseCommand):
    help = "Print a tracker's `status status_detail` and its event count (the last line)."

    def add_arguments(self, parser):
        parser.add_argument("id", help="Tracker id (trk_…)")

    def handle(self, *args, id, **options):
        tracker = Tracker.objects.filter(public_id=id).first()
        if tracker is None:
            raise CommandError(f"No such tracker: {id}")
        self.stderr.write(f"{tracker.tracking_number} ({tracker.courier}, {tracker.mode})")
        self.stdout.write(f"{tracker.status} {tracker.status_detail or '-'} {tracker.events.count()}")
