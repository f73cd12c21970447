"""`manage.py import_deliveries --org ORG --mode live FILE`: past deliveries into the history, then a refit."""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand, CommandError

from accounts.models import Mode, Organization
from predictions import store
from predictions.history import HEADER, BadHeader, import_deliveries

SHOWN_REFUSALS = 50


class Command(BaseCommand):
    help = "Import past deliveries from a CSV (header: " + ",".join(HEADER) + ") and refit the model."

    def add_arguments(self, parser):
        parser.add_argument("--org", required=True, help="Organization slug")
        parser.add_argument("--mode", required=True, choices=Mode.values)
        parser.add_argument("file", help="CSV file ('-' for standard input)")
        parser.add_argument("--no-refit", action="store_true", help="Leave the model to the schedule")

    def handle(self, *args, **options):
        org = Organization.objects.filter(slug=options["org"]).first()
        if org is None:
            raise CommandError(f"No organization with the slug {options['org']!r}.")
        try:
            if options["file"] == "-":
                report = import_deliveries(org.pk, options["mode"], sys.stdin)
            else:
                with open(options["file"], newline="", encoding="utf-8-sig") as handle:
                    report = import_deliveries(org.pk, options["mode"], handle)
        except OSError as exc:
            raise CommandError(f"Cannot read {options['file']}: {exc.strerror or exc}") from exc
        except BadHeader as exc:
            raise CommandError(str(exc)) from exc
        for refusal in report.refused[:SHOWN_REFUSALS]:
            self.stderr.write(f"line {refusal.line} ({refusal.tracking_number or 'no number'}): {refusal.reason}")
        if len(report.refused) > SHOWN_REFUSALS:
            self.stderr.write(f"… and {len(report.refused) - SHOWN_REFUSALS} more refused lines")
        self.stdout.write(
            f"{report.read} rows read: {report.added} added, {report.already_known} already known, "
            f"{len(report.refused)} refused."
        )
        if report.added and not options["no_refit"]:
            state = store.refit(org.pk, options["mode"])
            self.stdout.write(f"Model refitted on {state.deliveries} deliveries in {state.seconds:.1f} s.")
