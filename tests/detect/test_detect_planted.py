"""Changes planted into a real series are found, typed, dated and sized."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from carbonnodes.calendar import events
from carbonnodes.detect import detect
from carbonnodes.model import Event, Series

START = dt.date(2019, 1, 1)


@pytest.fixture(scope="module")
def transport(cm_rows, calendar_of) -> tuple[Series, list[Event]]:
    """Shandong Ground Transport: the national shape, without Tianjin's own artefacts."""
    values = np.array([float(v) for _, v in cm_rows[("Shandong", "Ground Transport")]])
    series = Series("shandong", "ground_transport", START, values)
    return series, calendar_of(series)


def _planted(series: Series, factor: np.ndarray) -> Series:
    return Series(series.city, series.sector, series.start, series.values * factor)


def test_planted_level_shift_is_found(transport):
    series, found = transport
    at = series.index_of(dt.date(2021, 7, 15))
    factor = np.ones(len(series))
    factor[at:] = 0.8
    nodes = detect(_planted(series, factor), found).nodes
    hits = [n for n in nodes if abs((n.date - dt.date(2021, 7, 15)).days) <= 7]
    assert len(hits) == 1
    node = hits[0]
    assert node.kind == "level_shift"
    assert node.effect_ci[0] <= -20.0 + 3 and node.effect_ci[1] >= -20.0 - 3
    assert abs(node.effect_pct + 20.0) < 3.0
    assert not node.explained_by


def test_planted_episode_is_one_anomaly_with_an_end(transport):
    series, found = transport
    first, last = series.index_of(dt.date(2021, 8, 10)), series.index_of(dt.date(2021, 9, 20))
    factor = np.ones(len(series))
    factor[first:last] = 0.6
    nodes = detect(_planted(series, factor), found).nodes
    hits = [n for n in nodes if abs((n.date - dt.date(2021, 8, 10)).days) <= 7]
    assert [n.kind for n in hits] == ["anomaly"]
    assert hits[0].end is not None and abs((hits[0].end - dt.date(2021, 9, 20)).days) <= 7
    assert -45.0 < hits[0].effect_pct < -35.0


def test_planted_slope_change_is_a_trend_change(transport):
    # Planted outside the Spring Festival window: a slope that starts inside it is partly
    # taken by that year's festival depth (2021-03-01 is dated in May).
    series, found = transport
    at = series.index_of(dt.date(2021, 6, 1))
    t = np.arange(len(series), dtype=np.float64)
    factor = np.exp(np.where(t >= at, (t - at) / 365.25 * np.log(0.75), 0.0))  # −25 %/year
    nodes = detect(_planted(series, factor), found).nodes
    hits = [n for n in nodes if n.kind == "trend_change"
            and abs((n.date - dt.date(2021, 6, 1)).days) <= 60]
    assert len(hits) == 1
    assert hits[0].effect_pct < -10.0
    # its ±60-day window holds Qingming, May Day and the Dragon Boat Festival with their
    # make-up workdays: none of them bends growth for good, so none explains it
    holidays = [e for e in found if e.kind in ("public_holiday", "makeup_workday")
                and hits[0].window[0] <= e.start <= hits[0].window[1]]
    assert holidays
    assert not hits[0].explained_by


def test_a_much_stricter_false_alarm_rate_reports_fewer_nodes(transport):
    series, found = transport
    loose = detect(series, found, false_alarm_rate=0.4).nodes
    strict = detect(series, found, false_alarm_rate=0.001).nodes
    assert len(strict) < len(loose)


@pytest.mark.parametrize(
    ("day", "size"),
    [
        # the look-ahead's episode of 13–27 July and a step on 22 July (session 27)
        (dt.date(2022, 7, 13), -0.12),
        # late in the series the trend and yearly terms took the step's last months: an
        # episode to 13 November, where winter's wide days begin
        (dt.date(2022, 7, 20), 0.15),
        # an episode to 1 July and a step there, on the dataset's summer step day
        (dt.date(2022, 6, 10), -0.15),
    ],
)
def test_a_step_in_a_quiet_summer_is_one_level_shift(cm_rows, day: dt.date, size: float):
    """Tianjin's Residential barely moves from day to day in summer; a step planted there is
    one level shift on its day, not an episode (with or without a step beside it)."""
    values = np.array([float(v) for _, v in cm_rows[("Tianjin", "Residential")]])
    series = Series("tianjin", "residential", START, values)
    found = events("tianjin", series.start, series.end, sector="residential")
    factor = np.ones(len(series))
    factor[series.index_of(day):] = 1.0 + size
    near = [n for n in detect(_planted(series, factor), found).nodes
            if abs((n.date - day).days) <= 60]
    assert [(n.kind, n.date) for n in near] == [("level_shift", day)]
    assert abs(near[0].effect_pct - 100 * size) < 3.5
