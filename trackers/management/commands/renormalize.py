from django.core.management.base import BaseCommand, CommandError

from accounts.models import Organization
from core.times import parse_instant
from trackers.renormalizing import renormalize


def _instant(value: str | None, name: str):
    if value is None:
        return None
    parsed = parse_instant(value)
    if parsed is None:
        raise CommandError(f"--{name} takes an ISO 8601 date or date-time, not '{value}'.")
    return parsed


class Command(BaseCommand):
    help = (
        "Apply today's status maps and organizations' overrides to the carrier answers kept; emit "
        "tracker.updated only for trackers whose normalized result changed."
    )

    def add_arguments(self, parser):
        parser.add_argument("--carrier", help="Only trackers of this courier code (usps, dhl, …)")
        parser.add_argument("--organization", help="Only this organization's trackers (its slug)")
        parser.add_argument("--since", help="Only trackers whose newest kept answer came at or after this")
        parser.add_argument("--until", help="… and before this (ISO 8601 date or date-time, UTC when naive)")
        parser.add_argument("--dry-run", action="store_true", help="List what would change; write nothing")

    def handle(self, *args, carrier, organization, since, until, dry_run, **options):
        org = None
        if organization:
            org = Organization.objects.filter(slug=organization).first()
            if org is None:
                raise CommandError(f"No organization with the slug '{organization}'.")
        summary = renormalize(
            courier=carrier,
            organization=org,
            since=_instant(since, "since"),
            until=_instant(until, "until"),
            dry_run=dry_run,
        )
        verb = "would change" if dry_run else "changed"
        for change in summary.changes:
            before, after = "/".join(filter(None, change.before)), "/".join(filter(None, change.after))
            self.stdout.write(
                f"{change.tracker.public_id} {change.tracker.courier} {change.tracker.tracking_number}: "
                f"{before} -> {after}, {change.scans} scan{'s' if change.scans != 1 else ''} {verb}"
            )
        self.stdout.write(
            f"examined {summary.examined} {verb} {len(summary.changes)} unreadable {summary.unreadable}"
            + ("" if dry_run else f" tracker.updated {summary.emitted}")
        )
