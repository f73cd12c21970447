"""`manage.py edd_backtest --org ORG --mode live --split DATE [--json]`: the model's accuracy, rerunnable."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.dateparse import parse_date

from accounts.models import Mode, Organization
from predictions import backtest

LABELS = {"model": "model", "carrier": "carrier estimate", "carrier_median": "per-carrier median"}


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{100 * value:.1f} %"


def _row(label: str, figures: dict) -> str:
    mae = "—" if figures["mae_days"] is None else f"{figures['mae_days']:.2f}"
    return (
        f"  {label:<20} n={figures['n']:<8} MAE {mae:>5} d   exact {_pct(figures['exact']):>7}   "
        f"±1 day {_pct(figures['within_1_day']):>7}   in 80 % interval {_pct(figures['coverage']):>7}"
    )


class Command(BaseCommand):
    help = "Fit on deliveries shipped before --split, predict those shipped on or after it, and score."

    def add_arguments(self, parser):
        parser.add_argument("--org", required=True, help="Organization slug")
        parser.add_argument("--mode", required=True, choices=Mode.values)
        parser.add_argument("--split", required=True, help="YYYY-MM-DD")
        parser.add_argument("--json", action="store_true", help="One JSON object instead of a table")

    def handle(self, *args, **options):
        org = Organization.objects.filter(slug=options["org"]).first()
        if org is None:
            raise CommandError(f"No organization with the slug {options['org']!r}.")
        try:
            split = parse_date(options["split"])
        except ValueError:
            split = None
        if split is None:
            raise CommandError("--split must be a date, YYYY-MM-DD.")
        result = backtest.run(org.pk, options["mode"], split)
        if options["json"]:
            keys = ("model", "carrier", "carrier_median", "lanes")
            self.stdout.write(json.dumps({key: result[key] for key in keys}, indent=2))
            return
        self.stdout.write(
            f"Trained on {result['trained_on']} deliveries shipped before {split}; "
            f"interval level {result['interval_level']:.2f} (calibrated to cover 80 %)."
        )
        self.stdout.write("Overall")
        for kind, label in LABELS.items():
            self.stdout.write(_row(label, result[kind]))
        for lane in result["lanes"]:
            self.stdout.write(lane["lane"])
            for kind, label in LABELS.items():
                self.stdout.write(_row(label, lane[kind]))
