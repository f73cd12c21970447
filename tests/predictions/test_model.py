"""The model: delivery days, blending, the prediction's interval and confidence, the backtest."""

from __future__ import annotations

import io
import json
from datetime import date

import pytest
from django.core.management import CommandError, call_command

from predictions import backtest, store
from predictions.days import calendar, learn_weekdays
from predictions.distribution import blend, summarize
from predictions.generated import generate
from predictions.history import import_deliveries
from predictions.model import Confidence, Lane, Milestone, Model, Parcel, lane_keys


def test_transit_counts_only_the_carriers_delivery_days():
    weekdays = calendar("01234", "US")
    # Thursday 24 December to Monday 28 December 2026: Christmas and the weekend are not transit days.
    assert weekdays.between(date(2026, 12, 24), date(2026, 12, 28)) == 1
    assert weekdays.after(date(2026, 12, 24), 1) == date(2026, 12, 28)
    saturdays = calendar("012345", "US")
    assert saturdays.after(date(2026, 12, 24), 1) == date(2026, 12, 26)
    assert calendar("01234", "").between(date(2026, 12, 7), date(2026, 12, 7)) == 0


def test_weekdays_are_learned_from_deliveries_and_default_to_monday_to_friday():
    assert learn_weekdays([100, 100, 100, 100, 100, 40, 1]) == "012345"
    assert learn_weekdays([100, 100, 100, 100, 100, 3, 0]) == "01234"
    assert learn_weekdays([5, 0, 0, 0, 0, 0, 9]) == "01234"  # too little history to say


def test_a_thin_lane_borrows_from_the_broader_level():
    broad = [0, 0, 100, 0]
    thin = [0, 0, 0, 2]
    probs = blend([(100, broad), (2, thin)])
    assert probs[2] > probs[3] > 0
    summary = summarize(blend([(100, broad)]), 0.8)
    assert summary is not None and (summary.low, summary.median, summary.high) == (2, 2, 2)


def test_the_interval_is_the_run_of_days_whose_share_is_closest_to_the_level():
    # 20 %, 45 %, 25 %, 10 % on days 2 to 5: equal tails would give 90 % (2–4) or 70 % (3–4).
    summary = summarize([0, 0, 0.2, 0.45, 0.25, 0.1], 0.8)
    assert summary is not None and (summary.low, summary.median, summary.high) == (3, 3, 5)
    # Conditioned on at least four days: 25/35 on day 4, 10/35 on day 5.
    later = summarize([0, 0, 0.2, 0.45, 0.25, 0.1], 0.8, at_least=4)
    assert later is not None and (later.low, later.median, later.high) == (4, 4, 4)


def _model(counts: list[int]) -> Model:
    lanes = {
        key: Lane(sum(counts), counts + [0] * (31 - len(counts))) for key in lane_keys("ups", "", "US-303", "US-100")
    }
    return Model(lanes=lanes)


def test_prediction_has_an_interval_a_confidence_and_conditions_on_days_spent():
    model = _model([0, 10, 60, 20, 10])
    monday = date(2026, 12, 7)
    parcel = Parcel("ups", "", "US", "30301", "US", "10001", shipped_on=monday, today=monday)
    estimate = model.predict(parcel)
    assert (estimate.date, estimate.earliest, estimate.latest) == (
        date(2026, 12, 9),
        date(2026, 12, 9),
        date(2026, 12, 10),
    )
    assert estimate.confidence == Confidence.HIGH and estimate.basis == "history"
    # Three delivery days in and not delivered: what is left is day 3 (2/3) or 4 (1/3); the interval
    # closest to 80 % is day 3 alone (67 %) rather than both (100 %).
    later = model.predict(Parcel("ups", "", "US", "30301", "US", "10001", shipped_on=monday, today=date(2026, 12, 10)))
    assert later.date == later.latest == date(2026, 12, 10)
    out = model.predict(
        Parcel(
            "ups",
            "",
            "US",
            "30301",
            "US",
            "10001",
            shipped_on=monday,
            today=monday,
            milestone=Milestone.OUT_FOR_DELIVERY,
        )
    )
    assert out.date == out.latest == monday


def test_no_history_for_the_carrier_means_no_date_unless_the_carrier_gave_one():
    model = _model([0, 10, 60, 20, 10])
    parcel = Parcel("dhl", "", "DE", "53113", "DE", "80331", shipped_on=date(2026, 12, 7))
    assert model.predict(parcel).confidence == Confidence.NONE
    assert model.predict(parcel).date is None
    given = model.predict(Parcel("dhl", shipped_on=date(2026, 12, 7), carrier_estimate=date(2026, 12, 9)))
    assert (given.date, given.basis, given.confidence) == (date(2026, 12, 9), "carrier", Confidence.LOW)


@pytest.fixture
def history(acme):
    rows = list(generate(date(2026, 1, 5), date(2026, 6, 1), 60, seed=3))
    import_deliveries(acme.pk, "live", [",".join(rows[0]) + "\n"] + [",".join(r.values()) + "\n" for r in rows])
    return rows


def test_backtest_beats_the_baselines_and_covers_about_80_percent(acme, history):
    result = backtest.run(acme.pk, "live", date(2026, 5, 1))
    model, carrier, median = result["model"], result["carrier"], result["carrier_median"]
    assert model["n"] == median["n"] > carrier["n"] > 0
    assert model["mae_days"] < 0.8 * carrier["mae_days"]
    assert model["mae_days"] < median["mae_days"]
    assert 0.7 <= model["coverage"] <= 0.9
    assert carrier["coverage"] is None and median["coverage"] is None
    assert {lane["lane"] for lane in result["lanes"]} >= {"usps|Priority|US-900|US-100", "dhl|Paket|DE-53|DE-80"}


def test_backtest_command_json_has_the_documented_keys(acme, history):
    out = io.StringIO()
    call_command("edd_backtest", "--org", "acme", "--mode", "live", "--split", "2026-05-01", "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert set(data) == {"model", "carrier", "carrier_median", "lanes"}
    assert set(data["model"]) == {"n", "mae_days", "exact", "within_1_day", "coverage"}
    assert {"lane", "model", "carrier", "carrier_median"} <= set(data["lanes"][0])
    table = io.StringIO()
    call_command("edd_backtest", "--org", "acme", "--mode", "live", "--split", "2026-05-01", stdout=table)
    assert "per-carrier median" in table.getvalue() and "usps|Priority|US-900|US-100" in table.getvalue()
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("edd_backtest", "--org", "acme", "--mode", "live", "--split", "May")


def test_refit_measures_coverage_and_incremental_updates_add_to_the_lanes(acme, history):
    state = store.refit(acme.pk, "live")
    assert state.measured_coverage is not None and 0.6 < state.calibrated_coverage < 0.95
    models = store.load([(acme.pk, "live")], lane_keys("ups", "Ground", "US-303", "US-100"))
    lanes = models[(acme.pk, "live")].lanes
    assert len(lanes) == 4 and lanes["*|*|*|*"].deliveries == len(history)


def test_the_refit_schedule_exists_once_and_refits_every_scope(acme, globex, history):
    from django_q.models import Schedule

    from predictions import tasks
    from predictions.models import FitState
    from predictions.schedule import SCHEDULE_NAME, ensure_schedules

    ensure_schedules()
    ensure_schedules()
    schedule = Schedule.objects.get(name=SCHEDULE_NAME)
    assert (schedule.func, schedule.minutes) == ("predictions.tasks.refit_all", 360)
    FitState.objects.all().delete()
    assert tasks.refit_all() == 1
    assert FitState.objects.get().organization == acme
