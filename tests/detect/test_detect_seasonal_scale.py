"""The noise's spread by time of year: read where the years agree, flat where they do not."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import numpy as np

from carbonnodes.detect import Detection, detect
from carbonnodes.detect._design import build_design
from carbonnodes.detect._seasonal_scale import seasonal_profile
from carbonnodes.model import Event, Series
from carbonnodes.simulate._ordinary import AR1

DAYS = 1461
START = dt.date(2019, 1, 1)
PHASE = build_design(START, DAYS, []).year_phase
NO_ZONE = np.zeros(DAYS, dtype=bool)
JANUARY, AUGUST = slice(0, 31), slice(212, 243)


def _noise(seed: int, phi: float = 0.6) -> np.ndarray:
    return AR1(phi, 1.0).path(DAYS, np.random.default_rng(seed))


def test_the_phase_turns_once_a_year_from_the_first_of_january():
    assert abs(PHASE[0]) < 0.02  # 1 January 2019
    assert abs(PHASE[182] - np.pi) < 0.05 or abs(PHASE[182] + np.pi) < 0.05


#: Spread 1.5 in January, 0.5 in July: a winter three times as noisy, as in Residential.
WIDTH = 1.0 + 0.5 * np.cos(PHASE)


def test_a_noise_three_times_as_wide_in_winter_is_read_as_such():
    """January against August (spread about 0.6): 2.4 in truth. Twelve parts of about 30
    days a year, smoothed and shrunk, read it as about two to three."""
    truth = WIDTH[JANUARY].mean() / WIDTH[AUGUST].mean()
    ratios = []
    for seed in range(6):
        profile = seasonal_profile(_noise(seed) * WIDTH, PHASE, NO_ZONE)
        ratios.append(profile[JANUARY].mean() / profile[AUGUST].mean())
    assert 0.75 * truth < float(np.median(ratios)) < 1.25 * truth
    assert min(ratios) > 1.5


def test_noise_that_ignores_the_season_gets_a_flat_profile():
    flat = [np.ptp(seasonal_profile(_noise(seed), PHASE, NO_ZONE)) == 0.0 for seed in range(12)]
    assert sum(flat) >= 11


def test_one_unusual_summer_is_not_a_season():
    """Four times the spread in one July and August only: the years disagree, so no part of
    the year is taken as noisier in general."""
    noise = _noise(5)
    noise[1277:1339] *= 4.0  # July–August 2022
    assert np.ptp(seasonal_profile(noise, PHASE, NO_ZONE)) == 0.0


def test_missing_days_are_skipped():
    noise = _noise(7) * WIDTH
    noise[np.random.default_rng(1).choice(DAYS, 200, replace=False)] = np.nan
    profile = seasonal_profile(noise, PHASE, NO_ZONE)
    assert np.isfinite(profile).all()
    assert profile[JANUARY].mean() > 1.5 * profile[AUGUST].mean()


def test_calendar_zones_are_left_out():
    """A festival the ordinary model fits differently each year leaves misfit in the same
    weeks every year. Marked as calendar zone, it is not read as a noisier season."""
    noise = _noise(9)
    day_of_year = np.arange(DAYS) % 365
    festival = (day_of_year >= 20) & (day_of_year < 70)
    noise[festival] *= 3.0
    assert np.ptp(seasonal_profile(noise, PHASE, NO_ZONE)) > 0.5
    assert np.ptp(seasonal_profile(noise, PHASE, festival)) == 0.0


def _real(cm_rows: dict[tuple[str, str], list[tuple[str, str]]], state: str,
          sector: str, calendar_of: Callable[[Series], list[Event]]
          ) -> tuple[Series, list[Event], Detection]:
    values = np.array([float(v) for _, v in cm_rows[(state, sector)]])
    series = Series(state.lower(), sector.lower().replace(" ", "_"), START, values)
    calendar = calendar_of(series)
    return series, calendar, detect(series, calendar)


def test_real_residential_noise_follows_the_season_and_transport_does_not(
    cm_rows, calendar_of
):
    """Read on what the ordinary model leaves of the real file: Residential's spread swings
    more than five-fold over the year, widest in winter; Ground Transport's not at all."""
    for state, sector, swings in [("Tianjin", "Residential", True),
                                  ("Beijing", "Residential", True),
                                  ("Tianjin", "Ground Transport", False)]:
        series, calendar, found = _real(cm_rows, state, sector, calendar_of)
        design = build_design(series.start, len(series), calendar)
        residual = np.log(np.asarray(series.values) / found.ordinary)
        profile = seasonal_profile(residual, design.year_phase, design.zone)
        if swings:
            assert profile.max() / profile.min() > 5.0
            assert profile[JANUARY].mean() > 3.0 * profile[AUGUST].mean()
        else:
            assert np.ptp(profile) == 0.0


def test_cold_spells_do_not_pass_for_residential_nodes(cm_rows, calendar_of):
    """With one noise scale for the year, Tianjin's Residential series gave six nodes: the
    weather of March 2020 and 2022, November 2019 and 2022 (one with no cause at all).
    Measured against the season's own spread, at most the early cold of October 2021 is
    left, named as what it is: the dataset's temperature-driven shape, not the National Day
    holiday that ended three days before it."""
    _, _, found = _real(cm_rows, "Tianjin", "Residential", calendar_of)
    assert len(found.nodes) <= 2
    assert all(n.explained_by for n in found.nodes)
    assert not any(n.date.month in (3, 11) for n in found.nodes)
    assert not any(e.startswith("public_holiday") for n in found.nodes for e in n.explained_by)
