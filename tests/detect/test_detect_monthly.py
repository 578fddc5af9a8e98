"""Series with one value per calendar month are detected month by month."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from carbonnodes.detect import Detection, detect, relative_to
from carbonnodes.detect._fit_confidence import labelled_nodes
from carbonnodes.detect._months import month_grid
from carbonnodes.detect._node_confidence import is_reported
from carbonnodes.model import Series
from carbonnodes.simulate import as_monthly, simulate_series

START = dt.date(2019, 1, 1)
MONTHLY_STATES = ("Tianjin", "Beijing", "Shandong", "Shanghai", "Guangdong", "Henan")


def _real(cm_rows, state: str, sector: str) -> Series:
    values = np.array([float(v) for _, v in cm_rows[(state, sector)]])
    return Series(state.lower(), sector.lower().replace(" ", "_"), START, values)


def _month_first(day: dt.date) -> bool:
    return day.day == 1


def _assert_month_resolved(detection: Detection) -> None:
    series = detection.series
    assert detection.settings["resolution"] == "month"
    for node in detection.nodes:
        assert _month_first(node.date), node
        following = dt.date(node.date.year + node.date.month // 12, node.date.month % 12 + 1, 1)
        if node.kind != "trend_change":  # dated to its month, not the next one
            assert node.window[1] < following, node
        if node.end is not None:  # the first day back to the ordinary
            assert _month_first(node.end) or node.end == series.end, node
    # the curves are as flat within a month as the data
    grid = month_grid(series)
    assert grid is not None
    for curve in (detection.ordinary, detection.fitted):
        for a, b in zip(grid.first_day, np.append(grid.first_day[1:], len(series)), strict=True):
            assert np.ptp(curve[a:b]) == 0.0


def test_month_grid_only_for_one_value_a_month(cm_rows):
    aviation = _real(cm_rows, "Tianjin", "Aviation")
    grid = month_grid(aviation)
    assert grid is not None and len(grid) == 48
    assert grid.dates[13] == dt.date(2020, 2, 1)
    february = aviation.values[aviation.index_of(grid.dates[13])]
    assert np.isclose(np.exp(grid.log_values[13]), february)
    assert month_grid(_real(cm_rows, "Tianjin", "Ground Transport")) is None
    assert month_grid(_real(cm_rows, "Tianjin", "Power")) is None
    # missing days leave the month's value; one day off it makes the series daily
    values = aviation.values.copy()
    values[40:50] = np.nan
    assert month_grid(Series("x", "aviation", START, values)) is not None
    values[100] *= 1.01
    assert month_grid(Series("x", "aviation", START, values)) is None


@pytest.mark.parametrize("state", ["Tianjin", "Beijing", "Guangdong"])
def test_real_aviation_nodes_are_dated_to_the_month(cm_rows, calendar_of, state: str):
    """Carbon Monitor's provincial Aviation is flat within each month: the daily model used to
    date nodes inside a flat month (Tianjin: an episode 2020-04-24 … 2020-05-01)."""
    series = _real(cm_rows, state, "Aviation")
    detection = detect(series, calendar_of(series))
    _assert_month_resolved(detection)
    # the collapse of early 2020 and that of April 2022 (Shanghai and Jilin outbreaks)
    covid = [n for n in detection.nodes if n.kind == "anomaly" and n.date.year == 2020]
    assert len(covid) == 1 and covid[0].date.month in (2, 3) and covid[0].effect_pct < -40
    assert covid[0].end is not None and covid[0].end <= dt.date(2021, 1, 1)
    assert any(n.date == dt.date(2022, 4, 1) and n.effect_pct < -30 for n in detection.nodes)


def test_a_ratio_of_monthly_shares_is_detected_by_month(cm_rows, calendar_of):
    """A province's Power divided by its peers keeps only its monthly share: every node sits on
    a month's first day. A month's share step meets every node dated only to the month, so it
    names none: the change from one month's share to the next is the province's own."""
    panel = [_real(cm_rows, s, "Power") for s in MONTHLY_STATES]
    ratio = relative_to(panel[0], panel)
    detection = detect(ratio, calendar_of(panel[0]))
    _assert_month_resolved(detection)
    assert detection.nodes
    for node in detection.nodes:
        assert not [e for e in node.explained_by if e.startswith("artefact:month_step:")], node


@pytest.fixture(scope="module")
def planted() -> tuple[Series, list]:
    """A simulated Power series without change, averaged by month after planting a 3-month
    episode at −50 % (June–August 2020) and a +25 % level shift from 1 September 2021."""
    from carbonnodes.calendar import events

    daily, _ = simulate_series("no_change", 7, sector="power")
    factor = np.ones(len(daily))
    factor[daily.index_of(dt.date(2020, 6, 1)) : daily.index_of(dt.date(2020, 9, 1))] = 0.5
    factor[daily.index_of(dt.date(2021, 9, 1)) :] *= 1.25
    series = as_monthly(Series(daily.city, daily.sector, daily.start, daily.values * factor))
    found = events("tianjin", series.start, series.end, sector="power", dataset="carbon_monitor")
    return series, found


def test_planted_episode_and_shift_are_found_by_month(planted):
    series, found = planted
    detection = detect(series, found)
    _assert_month_resolved(detection)
    [episode] = [n for n in detection.nodes if n.date == dt.date(2020, 6, 1)]
    assert episode.kind == "anomaly" and episode.end == dt.date(2020, 9, 1)
    assert abs(episode.effect_pct + 50.0) < 8.0
    assert episode.effect_ci[0] <= episode.effect_pct <= episode.effect_ci[1]
    [shift] = [n for n in detection.nodes if n.date == dt.date(2021, 9, 1)]
    assert shift.kind == "level_shift" and abs(shift.effect_pct - 25.0) < 6.0
    assert episode.confidence > 0.9 and shift.confidence > 0.9
    # what else the simulated weather, wander and heating seasons make is small, and said to
    # be uncertain unless the calendar names a cause (Tianjin's heating season from November)
    for node in detection.nodes:
        if node not in (episode, shift):
            assert abs(node.effect_pct) < 10.0, node
            assert node.explained_by or node.confidence < 0.7, node


def test_policy_candidates_by_month_say_how_often_they_are_real():
    """Simulated series averaged by month that the calibration never saw: the nodes with no
    calendar cause, the policy candidates, and the explained ones each read near the share
    of them that is real, as reported (the candidates at least as likely real as not). One
    isotonic map of |t| for both, until session 33, read the candidates 0.18 too high and
    the explained nodes 0.11 too low."""
    groups: dict[bool, tuple[list[float], list[bool]]] = {True: ([], []), False: ([], [])}
    for node, hit, _ in labelled_nodes(400, 7600, monthly=True, n_days=1461):
        explained = bool(node.explained_by)
        if is_reported(node.confidence, explained):
            groups[explained][0].append(node.confidence)
            groups[explained][1].append(hit)
    for explained, (said, real) in groups.items():
        assert len(said) > 50, explained
        assert abs(np.mean(said) - np.mean(real)) < 0.08, (explained, np.mean(said),
                                                           np.mean(real))


def test_holidays_never_explain_a_node_dated_to_the_month(planted):
    series, found = planted
    for node in detect(series, found).nodes:
        assert not any(e.startswith(("public_holiday:", "makeup_workday:"))
                       for e in node.explained_by), node


def test_monthly_series_without_change_stay_quiet(calendar_of):
    """At the default rate (0.02 false nodes per series-year) 24 simulated series of four
    years would show about two; the calibration realised 0.026 on 600."""
    from carbonnodes.calendar import events

    count = 0
    for seed in range(24):
        sector = ("ground_transport", "industry", "power", "residential")[seed % 4]
        daily, _ = simulate_series("no_change", 500 + seed, sector=sector)
        series = as_monthly(daily)
        found = events("tianjin", series.start, series.end, sector=sector,
                       dataset="carbon_monitor")
        count += sum(not n.explained_by for n in detect(series, found).nodes)
    assert count <= 6


def test_close_slope_changes_give_way_to_one_where_it_costs_less():
    """Simulated Ground Transport by month, a +25 % a year slope change planted on
    2021-04-18 after that year's Spring Festival: the search first fits it as two slope
    changes a month apart (−32 and +83 % a year, January and February); priced by their
    thresholds, one slope change fits for less."""
    from carbonnodes.detect import simulated_calendar

    series, truth = simulate_series("trend_change", 6101, sector="ground_transport",
                                    by_month=True)
    [planted] = [t for t in truth if t.is_node]
    slopes = [n for n in detect(series, simulated_calendar(series)).nodes
              if n.kind == "trend_change"]
    assert len(slopes) == 1
    assert abs((slopes[0].date - planted.date).days) <= 60
    assert abs(slopes[0].effect_pct - planted.effect_pct) < 5.0
