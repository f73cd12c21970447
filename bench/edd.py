"""Predicted delivery: accuracy on a held-out month, and the cost of fitting a million deliveries.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_predict_edd .venv/bin/python bench/edd.py

1. Accuracy. A realistic history is generated (predictions/generated.py: 16 lanes of four carriers
   with different transit distributions, Saturday delivery for one carrier, public holidays, a
   carrier estimate that is biased on some lanes and missing on others, thin lanes), written as a
   CSV and imported through `manage.py import_deliveries`; then `edd_backtest` fits on the months
   before the split and predicts the held-out month as at each parcel's first scan. The model is
   printed beside the carrier's own estimate and a per-carrier median, on the same deliveries.
2. Cost. --records (default 1,000,000) deliveries are copied into another organization's history
   and the model is refitted (`store.refit`: the fit, the coverage calibration and the rows),
   timed; then the fit alone is run under tracemalloc for its peak Python memory. The baseline,
   same run, same table: the database's own GROUP BYs over the records, fetched (the floor of any
   fit that reads them), and the ratio.

Targets (docs/predictions.md): model MAE <= 0.8 x the carrier estimate's and below the per-carrier
median's; the 80 % interval covers 75-85 %; fitting 1,000,000 records in under a minute.
"""

from __future__ import annotations

import argparse
import io
import sys
import tempfile
import time
import tracemalloc
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.append(str(Path(__file__).resolve().parent))

from common import _copy, bench_database_url, setup_django

SPLIT = date(2026, 6, 1)
START, END = date(2026, 1, 5), date(2026, 7, 1)


def accuracy(per_day: int) -> dict:
    from django.core.management import call_command

    from accounts.models import Organization
    from predictions import backtest
    from predictions.generated import csv_lines, generate
    from predictions.models import DeliveryRecord

    org, _ = Organization.objects.get_or_create(slug="bench-edd", defaults={"name": "Bench EDD"})
    DeliveryRecord.objects.filter(organization=org).delete()
    with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False) as handle:
        rows = 0
        for line in csv_lines(generate(START, END, per_day, seed=11)):
            handle.write(line)
            rows += 1
        path = handle.name
    started = time.perf_counter()
    out = io.StringIO()
    call_command("import_deliveries", "--org", org.slug, "--mode", "live", path, stdout=out, stderr=out)
    imported = time.perf_counter() - started
    Path(path).unlink()
    print(f"import_deliveries: {rows - 1} rows in {imported:.1f} s ({(rows - 1) / imported:,.0f} rows/s)")
    print("  " + out.getvalue().strip().replace("\n", "\n  "))
    result = backtest.run(org.pk, "live", SPLIT)
    print(f"\nBacktest: fitted on deliveries shipped before {SPLIT}, predicting {SPLIT:%B %Y} from the first scan")
    print(f"interval level chosen by calibration: {result['interval_level']:.2f}")
    print(f"{'predictor':<22}{'n':>8}{'MAE d':>8}{'exact':>8}{'±1 day':>8}{'in 80%':>8}")
    for kind, label in (("model", "model"), ("carrier", "carrier estimate"), ("carrier_median", "per-carrier median")):
        f = result[kind]
        cov = "—" if f["coverage"] is None else f"{f['coverage']:.3f}"
        print(f"{label:<22}{f['n']:>8}{f['mae_days']:>8.3f}{f['exact']:>8.3f}{f['within_1_day']:>8.3f}{cov:>8}")
    return result


def fitting(records: int) -> tuple[float, float, float, int, float]:
    from django.db import connection, transaction

    from accounts.models import Organization
    from predictions import store
    from predictions.fitting import Counted, fit
    from predictions.generated import generate
    from predictions.history import parse_row
    from predictions.models import DeliveryRecord
    from predictions.regions import region

    org, _ = Organization.objects.get_or_create(slug="bench-edd-1m", defaults={"name": "Bench EDD 1M"})
    have = DeliveryRecord.objects.filter(organization=org, mode="live").count()
    if have != records:
        DeliveryRecord.objects.filter(organization=org).delete()
        per_day = max(1, records // 150)
        started = time.perf_counter()
        batch: list[dict] = []
        added = 0
        with transaction.atomic():
            for row in generate(date(2025, 7, 1), date(2026, 7, 1), per_day, seed=5, prefix="M"):
                if added >= records:
                    break
                d = parse_row(row)
                batch.append(
                    {
                        **{k: getattr(d, k) for k in d.__dataclass_fields__},
                        "organization_id": org.pk,
                        "mode": "live",
                        "origin_region": region(d.origin_country, d.origin_postal_code),
                        "destination_region": region(d.destination_country, d.destination_postal_code),
                        "source": "import",
                    }
                )
                added += 1
                if len(batch) == 50_000:
                    _copy(DeliveryRecord, batch)
                    batch = []
            _copy(DeliveryRecord, batch)
        print(f"\nseeded {added:,} records with COPY in {time.perf_counter() - started:.0f} s")
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {DeliveryRecord._meta.db_table}")
    history = store.records(org.pk, "live")
    # Baseline: the database's two GROUP BYs alone (transit, and the estimates' error: what every
    # fit must read), fetched into lists, same table, same run.
    started = time.perf_counter()
    counted = Counted.read(history)
    baseline = time.perf_counter() - started
    groups = len(counted.transit) + len(counted.errors)
    started = time.perf_counter()
    state = store.refit(org.pk, "live")
    refit_seconds = time.perf_counter() - started
    started = time.perf_counter()
    fit(history)
    fit_seconds = time.perf_counter() - started
    tracemalloc.start()
    fit(history)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    memory = peak / 2**20
    print(f"fitting {state.deliveries:,} records ({groups:,} groups from the database):")
    print(f"  refit (fit, calibration, rows):  {refit_seconds:.1f} s")
    print(f"  fit alone:                       {fit_seconds:.1f} s, peak Python memory {memory:.1f} MiB")
    print(f"  baseline, the GROUP BYs alone:   {baseline:.1f} s   fit / baseline = {fit_seconds / baseline:.2f}")
    return refit_seconds, fit_seconds, baseline, groups, peak / 2**20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--per-day", type=int, default=400, help="parcels shipped per weekday in the generated history")
    parser.add_argument("--records", type=int, default=1_000_000, help="history size for the fitting measurement")
    args = parser.parse_args()
    setup_django(bench_database_url("bench_predict_edd"))
    result = accuracy(args.per_day)
    refit_seconds, *_ = fitting(args.records)
    model, carrier, median = result["model"], result["carrier"], result["carrier_median"]
    print("\nTargets")

    def verdict(ok: bool) -> str:
        return "met" if ok else "MISSED"

    ratio = model["mae_days"] / carrier["mae_days"]
    print(f"  model MAE / carrier estimate MAE = {ratio:.2f} (target <= 0.80): {verdict(ratio <= 0.8)}")
    below = model["mae_days"] < median["mae_days"]
    print(f"  model MAE {model['mae_days']:.3f} < per-carrier median {median['mae_days']:.3f}: {verdict(below)}")
    cov = model["coverage"]
    print(f"  80 % interval coverage {cov:.3f} (target 0.75-0.85): {verdict(0.75 <= cov <= 0.85)}")
    print(f"  refit of {args.records:,} records {refit_seconds:.1f} s (target < 60 s): {verdict(refit_seconds < 60)}")


if __name__ == "__main__":
    main()
