"""Which event can make which node: the one rule detection and attribution share."""

from __future__ import annotations

import datetime as dt

from carbonnodes.calendar import TEMPERATURE_SHAPE, condition, events, explains, share_step
from carbonnodes.model import Event, Node, NodeKind

FIRST, LAST = dt.date(2019, 1, 1), dt.date(2022, 12, 31)


def _node(day: dt.date, kind: NodeKind, end: dt.date | None = None, half_window: int = 7) -> Node:
    pad = dt.timedelta(days=half_window)
    return Node("beijing", "residential", day, kind, 0.9, 24.0, (18.0, 31.0),
                (day - pad, day + pad), end=end)


def _calendar(dataset: str | None = None, conditions: bool = True) -> list[Event]:
    return events("北京", FIRST, LAST, sector="residential", dataset=dataset,
                  conditions=conditions)


def _one(found: list[Event], event_id: str) -> Event:
    [event] = [e for e in found if e.id == event_id]
    return event


def test_a_holiday_explains_only_an_episode_of_its_own_days() -> None:
    found = _calendar()
    national_day = _one(found, "public_holiday:2021-10-01")  # 1–7 October
    workday = _one(found, "makeup_workday:2021-10-09")
    dip = _node(dt.date(2021, 10, 1), "anomaly", end=dt.date(2021, 10, 8))
    eve = _node(dt.date(2021, 9, 29), "anomaly", end=dt.date(2021, 10, 7))
    assert explains(national_day, dip) and explains(national_day, eve)
    # Beijing's Residential, 10–23 October 2021: three days after the break, two weeks long
    cold = _node(dt.date(2021, 10, 10), "anomaly", end=dt.date(2021, 10, 23))
    assert not explains(national_day, cold) and not explains(workday, cold)
    # a few days make no lasting change, and no change dated only to the month
    for kind in ("level_shift", "seasonal", "trend_change"):
        assert not explains(national_day, _node(dt.date(2021, 10, 1), kind))
    assert not explains(national_day, _node(dt.date(2021, 10, 1), "anomaly",
                                            end=dt.date(2021, 10, 6), half_window=27))


def test_a_holiday_explains_an_episode_it_may_start() -> None:
    """An episode's start is known to its date window. Tianjin's transport, 25 April to
    6 May 2020 (window 18 April to 2 May): a weekend six days before the Labour Day break
    set the start, the break made the dip, and it was over a day after it."""
    labour_day = _one(_calendar(), "public_holiday:2020-05-01")  # 1–5 May
    dip = _node(dt.date(2020, 4, 25), "anomaly", end=dt.date(2020, 5, 6))
    assert explains(labour_day, dip)
    # a window that closes before the eve, or an episode that outlasts the return, is not it
    early = _node(dt.date(2020, 4, 20), "anomaly", end=dt.date(2020, 5, 6))
    late = _node(dt.date(2020, 4, 25), "anomaly", end=dt.date(2020, 5, 12))
    assert not explains(labour_day, early) and not explains(labour_day, late)


def test_a_month_s_share_step_names_only_a_change_dated_to_the_week() -> None:
    """Every month of a dataset built month by month starts with a share step, so a node
    dated only to the month would always meet one; the change between two months' totals
    is the region's own."""
    found = events("北京", FIRST, LAST, sector="industry", dataset="carbon_monitor")
    step = _one(found, "artefact:month_step:2021-10-01")
    day = dt.date(2021, 10, 1)
    assert explains(step, _node(day, "level_shift"))
    assert not explains(step, _node(day, "level_shift", half_window=27))


def test_january_and_february_s_one_total_names_only_what_its_split_can_make() -> None:
    """NBS reports January and February together, split by working days: the split makes a
    step on 1 February or one month against the other, not the COVID-19 collapse of 23
    January or one of February and March."""
    found = events("北京", FIRST, LAST, sector="industry", dataset="carbon_monitor")
    shared = _one(found, "artefact:jan_feb_shared:2020")
    february, march, april = (dt.date(2020, m, 1) for m in (2, 3, 4))
    assert explains(shared, _node(february, "level_shift"))
    assert explains(shared, _node(february, "anomaly", end=march, half_window=27))
    assert not explains(shared, _node(february, "anomaly", end=april, half_window=27))
    assert not explains(shared, _node(february, "level_shift", half_window=27))
    assert not explains(shared, _node(dt.date(2020, 1, 23), "anomaly", end=march))


def test_a_temperature_driven_shape_explains_any_residential_node() -> None:
    found = _calendar(dataset="carbon_monitor")
    weather = _one(found, f"{TEMPERATURE_SHAPE}2021")
    assert condition(weather) and not share_step(weather)
    assert (weather.start, weather.end) == (dt.date(2021, 1, 1), dt.date(2021, 12, 31))
    cold = _node(dt.date(2021, 10, 10), "anomaly", end=dt.date(2021, 10, 23))
    for node in (cold, *(_node(dt.date(2021, 6, 1), k)
                         for k in ("level_shift", "seasonal", "trend_change"))):
        assert explains(weather, node)
    step = _one(found, "artefact:year_step:2021-01-01")
    assert share_step(step) and not condition(step)


def test_a_calendar_without_conditions_keeps_the_steps() -> None:
    """The simulator imitates the dataset's construction steps, not its temperature-driven
    Residential: its calendar keeps every step and no year-long condition."""
    full = _calendar(dataset="carbon_monitor")
    steps = _calendar(dataset="carbon_monitor", conditions=False)
    assert {e.id for e in full} - {e.id for e in steps} == {
        f"{TEMPERATURE_SHAPE}{year}" for year in range(2019, 2023)
    }
    assert not any(condition(e) for e in steps)
    assert sum(share_step(e) for e in steps) == 4  # 1 January 2019 … 2022
