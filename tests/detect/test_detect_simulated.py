"""On series from the simulator, whose truth is known: weekly-cycle changes and slow returns."""

from __future__ import annotations

import datetime as dt
from functools import cache

from carbonnodes.calendar import events
from carbonnodes.detect import detect
from carbonnodes.model import Node, Series
from carbonnodes.simulate import TrueNode, simulate_series

SECTORS = ("ground_transport", "industry", "power")
SEEDS = range(20)


def _run(
    scenario: str, seed: int, sector: str
) -> tuple[Series, tuple[TrueNode, ...], tuple[Node, ...]]:
    series, truth = simulate_series(scenario, seed, sector=sector)
    calendar = events("tianjin", series.start, series.end, sector=sector, dataset="carbon_monitor")
    return series, truth, detect(series, calendar).nodes


def _found_seasonal(sector: str, seeds: range) -> int:
    found = 0
    for seed in seeds:
        _, truth, nodes = _run("seasonal", seed, sector)
        (change,) = [t for t in truth if t.is_node]
        found += any(n.kind == "seasonal" and abs((n.date - change.date).days) <= 7 for n in nodes)
    return found


def test_most_weekly_cycle_changes_are_seasonal_nodes():
    """A weekly swing that shrinks to a tenth–two fifths or grows several times is reported as
    a seasonal node within a week of its day in at least half of the series (yearly amplitude
    knots in the ordinary model found 20 of these 60; one weekly profile 35; prewhitened 50)."""
    found = sum(_found_seasonal(sector, SEEDS) for sector in SECTORS)
    assert found >= len(SECTORS) * len(SEEDS) // 2


def test_weekly_cycle_changes_show_through_residential_weather():
    """Weather spells of 5–10 % hide little of a weekly pattern: measured at the weekly
    frequencies instead of day by day, the noise lets 16 of these 40 through (8 before; 21
    prewhitened)."""
    assert _found_seasonal("residential", range(40)) >= 12


@cache
def _episodes() -> tuple[tuple[TrueNode, tuple[Node, ...]], ...]:
    """Each planted episode of 120 anomaly series with the nodes of its series."""
    found = []
    for sector in SECTORS:
        for seed in range(40):
            _, truth, nodes = _run("anomaly", seed, sector)
            found += [(change, nodes) for change in truth if change.is_node]
    return tuple(found)


def test_a_deep_episode_with_a_slow_return_is_one_anomaly():
    """A lockdown-like collapse that recovers over weeks is one anomaly node, not a step down,
    stages and a step up: at most 11 level shifts inside 176 episodes (17 before the step
    and its return were merged; 6 after; 4 with linear returns, prewhitened)."""
    inside = 0
    for change, nodes in _episodes():
        assert change.end is not None
        inside += sum(
            n.kind == "level_shift" and change.date < n.date <= change.end for n in nodes
        )
    assert len(_episodes()) == 176
    assert inside <= 11


def test_a_small_step_at_an_episode_onset_belongs_to_the_episode():
    """A return that stops a little short leaves a small step on the episode's first days;
    it is not reported as a level shift of its own (5 such level shifts on 176 episodes
    before, 1 after; none prewhitened)."""
    onset = sum(
        n.kind == "level_shift" and abs((n.date - change.date).days) <= 7
        for change, nodes in _episodes()
        for n in nodes
    )
    assert onset <= 2


def test_no_level_shift_where_an_episode_ends():
    """An episode's return that overshoots or stops short is its own shape: at most 4 level
    shifts within 30 days of 176 episodes' ends (7 before the end-steps rule and the linear
    returns; 2 after)."""
    at_end = 0
    for change, nodes in _episodes():
        assert change.end is not None
        at_end += sum(
            n.kind == "level_shift" and abs((n.date - change.end).days) <= 30 for n in nodes
        )
    assert at_end <= 4


def test_level_shifts_show_through_weather():
    """Power and Residential carry weather spells; judged after prewhitening, a shift's sharp
    first days count: 74 of 123 planted shifts found within a week (62 by least squares)."""
    found = total = 0
    for sector in ("power", "residential"):
        for seed in range(30):
            _, truth, nodes = _run("level_shift", seed, sector)
            for change in (t for t in truth if t.is_node):
                total += 1
                found += any(abs((n.date - change.date).days) <= 7 for n in nodes)
    assert total == 123
    assert found >= 68


def test_no_level_shifts_gather_around_new_year():
    """A step on a 1 January construction day (or within a week of it, where it is named as
    that artefact) needs less evidence than an ordinary one; one the data place further off
    is an ordinary step and must beat the ordinary threshold. Before, noise near New Year
    passed as level shifts 8–31 days from it: 12 of 44 level shifts on 120 change-free
    series, where those days hold an eighth of the year (3 of 40 after; 5 of 38 on these
    240 series since the node model reads the calendar's explanation, session 24)."""
    near = total = 0
    for seed in range(500, 740):
        _, _, nodes = _run("no_change", seed, "ground_transport")
        for node in (n for n in nodes if n.kind == "level_shift"):
            total += 1
            new_year = dt.date(node.date.year + (node.date.month > 6), 1, 1)
            near += 7 < abs((new_year - node.date).days) <= 31
    assert total >= 30
    assert near <= total / 5
