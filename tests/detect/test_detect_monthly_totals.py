"""Series built from monthly totals (Carbon Monitor China's Power and Industry) are detected
month by month: the days inside a month follow the national shape, the months are the
region's own."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from carbonnodes.calendar import events
from carbonnodes.detect import Detection, detect
from carbonnodes.detect._months import monthly_totals
from carbonnodes.model import Series
from carbonnodes.simulate import simulate_series

START = dt.date(2019, 1, 1)


def _real(cm_rows, state: str, sector: str) -> Series:
    values = np.array([float(v) for _, v in cm_rows[(state, sector)]])
    return Series(state.lower().replace(" ", "_"), sector.lower().replace(" ", "_"), START,
                  values)


def _by_month(detection: Detection) -> None:
    assert detection.settings["resolution"] == "month"
    for node in detection.nodes:
        assert node.date.day == 1, node
        if node.end is not None:
            assert node.end.day == 1 or node.end == detection.series.end, node


@pytest.mark.parametrize(("state", "sector"), [
    ("Tianjin", "Industry"), ("Beijing", "Industry"), ("Chongqing", "Power"), ("Yunnan", "Power"),
])
def test_monthly_totals_are_detected_by_month(cm_rows, calendar_of, state: str, sector: str):
    """Detected day by day, the share steps on the 1sts came out as episodes of a few days
    beside them (Chongqing Power: −46 % from 1 to 8 October 2020, where the data step −30 %
    on the 1st and +50 % a month later)."""
    series = _real(cm_rows, state, sector)
    detection = detect(series, calendar_of(series))
    _by_month(detection)
    for node in detection.nodes:
        if node.end is not None:
            assert (node.end - node.date).days >= 28, node


def test_most_provinces_industry_shows_the_covid_collapse_in_its_months(cm_rows, calendar_of):
    """The NBS monthly totals fell in early 2020 almost everywhere; 23 of 26 provinces show it
    as a falling node dated January to March 2020 (Chongqing, among others, does not reach
    the monthly thresholds)."""
    states = sorted(s for s, sector in cm_rows if sector == "Industry")
    assert len(states) == 26
    showing = []
    for state in states:
        series = _real(cm_rows, state, "Industry")
        nodes = detect(series, calendar_of(series)).nodes
        if any(dt.date(2020, 1, 1) <= n.date <= dt.date(2020, 3, 1) and n.effect_pct < -15
               for n in nodes):
            showing.append(state)
    assert len(showing) >= 22, showing


def test_only_values_that_jump_on_the_1sts_are_taken_for_monthly_totals(cm_rows, calendar_of):
    """The calendar lists share steps on every 1st for any Power or Industry series of the
    dataset, and a bare CSV has no calendar at all: the data decide."""
    for scenario, expected in (("no_change", "day"), ("level_shift", "day"),
                               ("construction_steps", "month")):
        series, _ = simulate_series(scenario, 1, sector="industry")
        found = events(series.city, series.start, series.end, sector=series.sector,
                       dataset="carbon_monitor")
        assert detect(series, found).settings["resolution"] == expected, scenario
    power, transport = _real(cm_rows, "Tianjin", "Power"), _real(cm_rows, "Tianjin",
                                                                   "Ground Transport")
    assert monthly_totals(power) is not None
    assert monthly_totals(transport) is None
    # the same values without any calendar (as from a bare CSV) are still monthly totals
    assert detect(power, []).settings["resolution"] == "month"


def test_a_month_s_value_is_the_mean_of_its_days(cm_rows, calendar_of):
    series = _real(cm_rows, "Tianjin", "Industry")
    grid = monthly_totals(series)
    assert grid is not None and len(grid) == 48
    march = series.values[series.index_of(dt.date(2020, 3, 1)):series.index_of(dt.date(2020, 4, 1))]
    assert np.isclose(np.exp(grid.log_values[14]), march.mean())


def test_a_one_day_glitch_does_not_move_its_month(cm_rows, calendar_of):
    """Day by day a glitch is set missing; the month's mean must not carry it either (a
    fiftyfold day in April 2019 made April a +188 % episode)."""
    series = _real(cm_rows, "Tianjin", "Power")
    plain = detect(series, calendar_of(series))
    values = series.values.copy()
    values[series.index_of(dt.date(2019, 4, 11))] *= 50.0
    glitched = detect(Series(series.city, series.sector, START, values), calendar_of(series))
    assert glitched.settings["resolution"] == "month"
    assert [(n.date, n.kind) for n in glitched.nodes] == [(n.date, n.kind) for n in plain.nodes]
