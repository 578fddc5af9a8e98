"""Series the detector refuses, each with a one-line reason (SeriesError, exit 2 in the CLI)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from carbonnodes.detect import MIN_DAYS, detect
from carbonnodes.errors import InputError, SeriesError
from carbonnodes.model import Series
from carbonnodes.series import read_bare_csv

START = dt.date(2019, 1, 1)


def _real(cm_rows: dict[tuple[str, str], list[tuple[str, str]]], state: str, sector: str) -> Series:
    values = np.array([float(v) for _, v in cm_rows[(state, sector)]])
    return Series(state.lower(), sector.lower().replace(" ", "_"), START, values, source=state)


def test_all_zero_residential_is_refused(cm_rows):
    series = _real(cm_rows, "Guangdong", "Residential")
    assert np.all(series.values == 0.0)
    with pytest.raises(SeriesError, match="all values are zero"):
        detect(series, [])


def test_too_short_is_refused(cm_rows):
    series = _real(cm_rows, "Tianjin", "Ground Transport")
    short = Series(series.city, series.sector, START, series.values[: MIN_DAYS - 1])
    with pytest.raises(SeriesError, match=f"too short: {MIN_DAYS - 1} days"):
        detect(short, [])


def test_constant_is_refused():
    with pytest.raises(SeriesError, match="constant"):
        detect(Series("x", "power", START, np.full(1000, 0.2)), [])


def test_weekly_values_are_not_daily(cm_rows):
    series = _real(cm_rows, "Tianjin", "Industry")
    weekly = np.full(len(series), np.nan)
    weekly[::7] = series.values[::7]
    with pytest.raises(SeriesError, match="not daily: values come every 7 days"):
        detect(Series(series.city, series.sector, START, weekly), [])


def test_weekly_csv_is_refused_when_read(bare_csv: Callable[..., Path]):
    path = bare_csv("Tianjin", "Industry", edit=lambda rows: rows[::7])
    with pytest.raises(InputError, match="daily"):
        read_bare_csv(path)


def test_too_many_missing_days_are_refused(cm_rows):
    series = _real(cm_rows, "Tianjin", "Power")
    holes = series.values.copy()
    holes[400:900] = np.nan  # a third of the days, in one long gap
    with pytest.raises(SeriesError, match="34% of days are missing"):
        detect(Series(series.city, series.sector, START, holes), [])


def test_half_the_days_missing_at_random_is_a_missing_share_not_a_frequency(cm_rows):
    series = _real(cm_rows, "Tianjin", "Power")
    holes = series.values.copy()
    holes[np.random.default_rng(5).random(holes.size) < 0.5] = np.nan
    with pytest.raises(SeriesError, match=r"\d+% of days are missing"):
        detect(Series(series.city, series.sector, START, holes), [])


def test_some_missing_days_and_zeros_are_fine(cm_rows):
    series = _real(cm_rows, "Tianjin", "Ground Transport")
    values = series.values.copy()
    rng = np.random.default_rng(3)
    values[rng.choice(values.size, 60, replace=False)] = np.nan
    values[rng.choice(values.size, 5, replace=False)] = 0.0
    result = detect(Series(series.city, series.sector, START, values), [])
    assert result.ordinary.shape == values.shape
    assert np.all(np.isfinite(result.ordinary))


@pytest.mark.parametrize("rate", [0.0, 1.0, -0.1])
def test_false_alarm_rate_must_be_a_rate(cm_rows, rate):
    with pytest.raises(InputError, match="false-alarm rate"):
        detect(_real(cm_rows, "Tianjin", "Power"), [], false_alarm_rate=rate)
