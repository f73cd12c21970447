from django.core.management.base import BaseCommand, CommandError

from trackers.models import Tracker
from trackers.refresh import Report
from trackers.tasks import refresh_all_due, refresh_ids


class Command(BaseCommand):
    help = "Refresh trackers now, synchronously: the due ones, all active ones, or the given ids."

    def add_arguments(self, parser):
        parser.add_argument("ids", nargs="*", help="Tracker ids (trk_…)")
        group = parser.add_mutually_exclusive_group()
        group.add_argument("--due", action="store_true", help="Every tracker whose refresh is due")
        group.add_argument("--all", action="store_true", help="Every active tracker")
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args, ids, due, all, batch_size, **options):
        if not (ids or due or all):
            raise CommandError("Give tracker ids, --due or --all.")
        if due:
            report = refresh_all_due(batch_size)
        else:
            report = Report()
            queryset = Tracker.objects.filter(active=True) if all else Tracker.objects.filter(public_id__in=ids)
            if ids:
                missing = set(ids) - set(queryset.values_list("public_id", flat=True))
                if missing:
                    raise CommandError(f"No such tracker: {', '.join(sorted(missing))}")
            # The scheduler's own task code, batch by batch (inactive trackers are skipped by it too).
            pks = list(queryset.order_by("pk").values_list("pk", flat=True))
            for start in range(0, len(pks), batch_size):
                report.add(refresh_ids(pks[start : start + batch_size]))
        self.stdout.write(
            f"refreshed {report.refreshed} changed {report.changed} "
            f"events_added {report.events_added} failed {report.failed}"
        )
