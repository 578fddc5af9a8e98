"""Simulated series made monthly, as Carbon Monitor's monthly provincial series are."""

from __future__ import annotations

import datetime as dt

import numpy as np

from carbonnodes.model import Series
from carbonnodes.simulate import (
    MONTH_TOLERANCE_DAYS,
    Prediction,
    TrueNode,
    as_monthly,
    score_series,
    simulate_series,
    visible_by_month,
)


def test_each_month_holds_the_mean_of_its_observed_days():
    values = np.arange(1.0, 91.0)  # 2021-01-01 … 2021-03-31
    values[31:59] = np.nan  # all of February missing
    values[0] = np.nan
    monthly = as_monthly(Series("x", "power", dt.date(2021, 1, 1), values)).values
    assert np.all(monthly[:31] == np.mean(np.arange(2.0, 32.0)))
    assert np.all(np.isnan(monthly[31:59]))
    assert np.all(monthly[59:] == np.mean(np.arange(60.0, 91.0)))


def test_a_series_starting_mid_month_keeps_its_days():
    series, _ = simulate_series("no_change", 3, n_days=400, start=dt.date(2020, 12, 20))
    monthly = as_monthly(series)
    assert len(monthly) == len(series) and monthly.start == series.start
    assert np.ptp(monthly.values[:12]) == 0.0  # 20–31 December
    assert monthly.values[11] != monthly.values[12]


def test_a_series_simulated_by_month_is_the_daily_one_averaged():
    daily, truth = simulate_series("mixture", 11, sector="power")
    monthly, shown = simulate_series("mixture", 11, sector="power", by_month=True)
    np.testing.assert_array_equal(monthly.values, as_monthly(daily).values)
    assert shown == visible_by_month(truth)


def test_weekly_cycle_changes_are_not_monthly_truth():
    truth = (
        TrueNode(dt.date(2020, 5, 3), "seasonal", 80.0),
        TrueNode(dt.date(2021, 5, 3), "level_shift", -20.0),
    )
    assert [t.kind for t in visible_by_month(truth)] == ["level_shift"]


def test_month_tolerance_reaches_a_month_either_side():
    truth = (TrueNode(dt.date(2021, 5, 20), "level_shift", -20.0),)
    on_first = (Prediction(dt.date(2021, 6, 1)),)
    daily = score_series(truth, on_first, n_days=1461)
    monthly = score_series(truth, on_first, n_days=1461, tolerances=MONTH_TOLERANCE_DAYS)
    assert (daily.true_positives, daily.false_positives) == (0, 1)
    assert (monthly.true_positives, monthly.false_positives) == (1, 0)
    far = (Prediction(dt.date(2021, 7, 1)),)
    beyond = score_series(truth, far, n_days=1461, tolerances=MONTH_TOLERANCE_DAYS)
    assert beyond.false_positives == 1
