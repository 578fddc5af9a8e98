"""The robust fit weighs each day by its season's spread (Residential's winter days are ten
times as noisy as summer's), and Residential's summer steps are known construction days."""

from __future__ import annotations

import datetime as dt

import numpy as np

from carbonnodes.calendar import events
from carbonnodes.detect import construction_steps, detect
from carbonnodes.detect._construction import yearly_construction_days
from carbonnodes.model import Series

START, END = dt.date(2019, 1, 1), dt.date(2022, 12, 31)
DAYS = (END - START).days + 1


def _heteroscedastic(episode_start: dt.date) -> Series:
    """A Residential-like series whose day-to-day noise is eight times as wide in January
    as in July, with a −30 % episode of three weeks from ``episode_start``."""
    rng = np.random.default_rng(11)
    t = np.arange(DAYS)
    winter = 0.5 + 0.5 * np.cos(2 * np.pi * (t - 15) / 365.25)
    spread = 0.004 + 0.028 * winter
    log = 0.3 * np.cos(2 * np.pi * (t - 15) / 365.25) + spread * rng.standard_normal(DAYS)
    at = (episode_start - START).days
    log[at : at + 21] += np.log(0.7)
    return Series("tianjin", "residential", START, np.exp(log))


def test_a_winter_episode_is_known_less_well_than_a_summer_one():
    """With one spread for the year both depths were known about as well; read against each
    day's own spread, three weeks of July pin the depth down far better than three weeks of
    January: |t| (the depth over the model's standard error) 182 against 45. The reported
    intervals are about as wide (±4.8 points), since their calibrated width also carries an
    error that grows with the depth (``_fit_intervals``), the same in either season."""
    calendar = events("tianjin", START, END, sector="residential")
    scores = {}
    for day in (dt.date(2021, 1, 11), dt.date(2021, 7, 5)):
        found = [n for n in detect(_heteroscedastic(day), calendar).nodes
                 if n.kind == "anomaly" and abs((n.date - day).days) <= 3]
        assert found, day
        low, high = found[0].effect_ci
        assert low <= -30.0 <= high
        scores[day.month] = found[0].score
    assert scores[7] > 2.0 * scores[1], scores


def _residential(cm_rows, state: str) -> Series:
    values = np.array([float(v) for _, v in cm_rows[(state, "Residential")]])
    return Series(state.lower().replace(" ", "_"), "residential", START, values)


def test_october_cold_spells_read_as_rises_in_every_province(cm_rows, calendar_of):
    """Residential emissions rise in a cold spell. With one spread for the year Beijing's
    spell of October 2022 came out as an episode of −6.8 % through 29 November, where the
    series stood 19 % above its ordinary curve for a week; weighed by the season, every
    province reads it as a rise, as its neighbours do."""
    states = ("Beijing", "Shandong", "Liaoning", "Inner Mongolia", "Xinjiang")
    panel = [_residential(cm_rows, s) for (s, sector) in cm_rows
             if sector == "Residential" and any(float(v) > 0 for _, v in cm_rows[(s, sector)])]
    for state in states:
        series = _residential(cm_rows, state)
        calendar = calendar_of(series)
        found = detect(series, calendar,
                       construction=construction_steps(series, panel, calendar)).nodes
        autumn = [n for n in found if dt.date(2022, 9, 25) <= n.date <= dt.date(2022, 10, 10)]
        assert autumn, state
        assert all(n.effect_pct > 10.0 and n.end is not None
                   and n.end <= dt.date(2022, 10, 31) for n in autumn), (state, autumn)


def test_summer_steps_stay_out_of_the_yearly_share_steps():
    """The steps divided out before detection are the 1 January shares; the summer steps,
    one national shape in every region, are the detector's known days instead."""
    found = events("tianjin", START, END, sector="residential", dataset="carbon_monitor")
    assert [e.start for e in yearly_construction_days(found)] == [
        dt.date(year, 1, 1) for year in (2019, 2020, 2021, 2022)
    ]
