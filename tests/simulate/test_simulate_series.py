"""The simulator: deterministic, truthful about what it planted, shaped like the real data."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from carbonnodes.errors import InputError
from carbonnodes.simulate import (
    AR1,
    SECTORS,
    lunar_new_year,
    scenarios,
    simulate_parts,
    simulate_series,
    wander_autocovariance,
)


def test_same_seed_gives_identical_series_and_truth() -> None:
    for scenario in scenarios():
        a, truth_a = simulate_series(scenario, 11, sector="power")
        b, truth_b = simulate_series(scenario, 11, sector="power")
        assert a.values.tobytes() == b.values.tobytes()
        assert truth_a == truth_b
    other, _ = simulate_series("no_change", 12, sector="power")
    assert not np.array_equal(a.values, other.values, equal_nan=True)


def test_families_share_the_background_up_to_the_first_planted_change() -> None:
    plain, _ = simulate_series("no_change", 5)
    shifted, truth = simulate_series("level_shift", 5)
    first = plain.index_of(min(t.date for t in truth if t.is_node))
    assert np.array_equal(plain.values[:first], shifted.values[:first], equal_nan=True)
    assert not np.array_equal(plain.values[first:], shifted.values[first:], equal_nan=True)


@pytest.mark.parametrize("sector", SECTORS)
def test_truth_lies_inside_the_series(sector: str) -> None:
    for scenario in scenarios():
        for seed in range(6):
            series, truth = simulate_series(scenario, seed, sector=sector)
            assert len(series) == 1461 and series.start == dt.date(2019, 1, 1)
            for entry in truth:
                assert series.start < entry.date <= series.end
                assert entry.end is None or entry.date <= entry.end <= series.end
                if entry.is_node and entry.kind == "anomaly":
                    assert entry.end is not None and entry.date < entry.end
                    assert -70.0 <= entry.effect_pct <= -20.0
            nodes = [t for t in truth if t.is_node]
            steps = [t for t in truth if t.artefact]
            assert not any(t.artefact and t.calendar for t in truth)
            assert {t.calendar for t in truth} >= {"spring_festival", "public_holiday"}
            if scenario in ("no_change", "construction_steps"):
                assert nodes == []
            else:
                assert nodes
            # Residential's national shape steps on 1 July and 1 September every year
            summer = [t for t in steps if sector == "residential"
                      and t.date.day == 1 and t.date.month in (7, 9)]
            assert len(summer) == (8 if sector == "residential" else 0)
            shares = [t for t in steps if t not in summer]
            assert bool(shares) == (scenario == "construction_steps")


def test_level_shifts_have_the_stated_size_and_spacing() -> None:
    for seed in range(20):
        truth = [t for t in simulate_series("level_shift", seed)[1] if t.is_node]
        assert 1 <= len(truth) <= 3
        assert all(4.0 <= abs(t.effect_pct) <= 25.0 for t in truth)
        days = sorted(t.date for t in truth)
        assert all((b - a).days >= 120 for a, b in zip(days, days[1:], strict=False))


def test_construction_steps_fall_where_carbon_monitor_puts_them() -> None:
    _, truth = simulate_series("construction_steps", 3, sector="ground_transport")
    yearly = [t for t in truth if t.artefact]
    assert [t.date for t in yearly] == [dt.date(y, 1, 1) for y in (2020, 2021, 2022)]
    _, truth = simulate_series("construction_steps", 3, sector="industry")
    monthly = [t for t in truth if t.artefact]
    assert all(t.date.day == 1 and t.date.month != 2 for t in monthly)
    assert len(monthly) == 47 - 4  # every 1st after the first day, but no 1 February


def test_spring_festival_dip_lands_on_the_real_lunar_dates() -> None:
    assert lunar_new_year(2020) == dt.date(2020, 1, 25)
    assert lunar_new_year(2021) == dt.date(2021, 2, 12)
    assert lunar_new_year(2022) == dt.date(2022, 2, 1)
    for seed in range(5):
        series, _ = simulate_series("no_change", seed, sector="ground_transport")
        values = pd.Series(series.values, index=pd.DatetimeIndex(series.dates))
        weekly_mean = values.rolling(7, center=True, min_periods=4).mean()
        for year in (2019, 2020, 2021, 2022):
            new_year = pd.Timestamp(lunar_new_year(year))
            winter = weekly_mean[f"{year}-01-01" : f"{year}-03-20"]
            assert abs((winter.idxmin() - new_year).days) <= 14
            if year == 2019:
                continue  # the series starts too close to the festival for a baseline
            before = values[new_year - pd.Timedelta(days=56) : new_year - pd.Timedelta(days=35)]
            during = values[new_year : new_year + pd.Timedelta(days=4)]
            assert during.median() < 0.9 * before.median()


def test_weekend_dip_missing_days_and_positive_values() -> None:
    series, _ = simulate_series("no_change", 8)
    values = pd.Series(series.values, index=pd.DatetimeIndex(series.dates))["2021-03":"2021-09"]
    weekday = values[values.index.day_of_week < 5].median()
    sunday = values[values.index.day_of_week == 6].median()
    assert 0.85 < sunday / weekday < 0.995
    for seed in range(10):
        s, _ = simulate_series("mixture", seed, sector="residential")
        missing = np.isnan(s.values).mean()
        assert missing < 0.03
        assert np.nanmin(s.values) > 0


def test_calendar_effects_are_listed_where_they_fall() -> None:
    series, truth = simulate_series("no_change", 4, sector="residential")
    festivals = [t for t in truth if t.calendar == "spring_festival"]
    assert len(festivals) == 4
    for zone in festivals:
        new_year = lunar_new_year(zone.date.year + (zone.date.month == 12))
        assert zone.end is not None and zone.date < new_year < zone.end
    edges = {(t.calendar, t.date.month) for t in truth if t.calendar.startswith("heating")}
    assert edges == {("heating_season_start", 11), ("heating_season_end", 3)}
    golden = [t for t in truth if t.calendar == "public_holiday" and t.date.month == 10]
    assert [t.date.day for t in golden] == [1, 1, 1, 1]
    _, transport = simulate_series("no_change", 4, sector="ground_transport")
    assert not any(t.calendar.startswith("heating") for t in transport)


def test_residential_has_its_heating_season_peak_and_steps() -> None:
    series, _ = simulate_series("no_change", 2, sector="residential")
    values = pd.Series(series.values, index=pd.DatetimeIndex(series.dates))
    assert values["2021-01"].mean() > 2.0 * values["2021-07"].mean()
    assert values["2020-11-20":"2020-11-30"].mean() > values["2020-10-20":"2020-10-30"].mean()


def test_bad_requests_are_input_errors() -> None:
    with pytest.raises(InputError, match="unknown scenario"):
        simulate_series("earthquake", 0)
    with pytest.raises(InputError, match="sector"):
        simulate_series("no_change", 0, sector="aviation")
    with pytest.raises(InputError, match="365"):
        simulate_series("no_change", 0, n_days=100)


def test_simulator_does_not_import_the_detector_or_the_calendar() -> None:
    package = Path(__file__).resolve().parents[2] / "src" / "carbonnodes" / "simulate"
    for module in package.glob("*.py"):
        text = module.read_text(encoding="utf-8")
        assert "carbonnodes.detect" not in text.replace("``carbonnodes.detect``", "")
        assert "carbonnodes.calendar" not in text.replace("``carbonnodes.calendar``", "")


def test_short_series_plant_what_fits() -> None:
    for seed in range(10):
        series, truth = simulate_series("mixture", seed, n_days=400, start=dt.date(2030, 3, 1))
        assert len(series) == 400 and 1 <= sum(t.is_node for t in truth) <= 2
        assert all(series.start < t.date <= series.end for t in truth)


def test_the_parts_are_what_the_series_is_made_of() -> None:
    """``simulate_parts`` draws the very series ``simulate_series`` does; what its parts leave
    of the log values is the day-to-day noise, of the spread its law says."""
    for sector in ("ground_transport", "residential"):
        drawn = simulate_parts("mixture", 21, sector=sector)
        series, truth = simulate_series("mixture", 21, sector=sector)
        assert drawn.series.values.tobytes() == series.values.tobytes()
        assert drawn.truth == truth
        known = (
            drawn.ordinary.base
            + drawn.ordinary.weekly * drawn.planted.weekly_factor
            + drawn.planted.log_effect
        )
        left = np.log(series.values) - known
        spread = float(np.nanmedian(np.abs(left - np.nanmedian(left)))) / 0.6745
        assert 0.75 * drawn.day_noise.sd < spread < 1.25 * drawn.day_noise.sd
        assert np.all(np.abs(drawn.ordinary.wander) <= 0.02)


def test_the_noise_laws_give_their_covariances() -> None:
    law = AR1(0.5, 0.02)
    assert np.allclose(law.autocovariance(3), [0.0004, 0.0002, 0.0001])
    # a sinusoid of amplitude a spreads a²/2; a is uniform on 0–2 %
    wander = wander_autocovariance(1000)
    assert wander[0] == pytest.approx(0.02**2 / 3 / 2)
    assert wander[200] < wander[0] and wander.min() < 0.0


def test_a_weekly_cycle_change_states_its_swing_in_points() -> None:
    """A node reports a weekly-cycle change as the change of the swing in points, so the truth
    says it in those points too: the planted factor times the swing of the cycle it scales."""
    for seed in range(6):
        drawn = simulate_parts("seasonal", seed)
        (change,) = [t for t in drawn.truth if t.is_node]
        at = (change.date - drawn.series.start).days
        swing = 100.0 * np.ptp(drawn.ordinary.weekly[at : at + 28])
        factor = drawn.planted.weekly_factor[at]
        assert change.swing_points == pytest.approx(swing * (factor - 1.0), abs=1e-3)
        assert change.node_effect == change.swing_points
        assert np.sign(change.swing_points) == np.sign(change.effect_pct)
    steps = [t for t in simulate_series("level_shift", 3)[1] if t.is_node]
    assert steps and all(t.swing_points is None and t.node_effect == t.effect_pct for t in steps)
