"""Yearly construction steps, measured against the other regions (``construction_steps``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace
from itertools import pairwise

import numpy as np
import pytest

from carbonnodes.detect import Detection, compare_peers, construction_steps, detect
from carbonnodes.errors import SeriesError
from carbonnodes.model import Event, Series
from carbonnodes.names import resolve_region, resolve_sector

Rows = dict[tuple[str, str], list[tuple[str, str]]]

START = dt.date(2019, 1, 1)
COVID_START = dt.date(2020, 1, 23)
#: Tianjin's Ground Transport share of the national total by year, as the data's README
#: gives it from the pipeline's own share table (not from the daily values).
TIANJIN_SHARES = (1.2172, 1.2048, 1.2107, 1.1779)


def _panel(cm_rows: Rows, sector: str) -> list[Series]:
    states = sorted({state for state, s in cm_rows if s == sector})
    return [
        Series(city=resolve_region(state), sector=resolve_sector(sector), start=START,
               values=np.array([float(v) for _, v in cm_rows[(state, sector)]]))
        for state in states
    ]


def _of(panel: list[Series], city: str) -> Series:
    return next(s for s in panel if s.city == city)


def test_tianjin_transport_steps_are_its_share_changes(
    cm_rows: Rows, calendar_of: Callable[[Series], list[Event]]
):
    """As a share of the 26 provinces' sum, each 1 January step is Tianjin's share of the
    national total to within 0.15 points (the five provinces not in the file move the sum a
    little), and the share is flat within each year, so the interval is a point."""
    panel = _panel(cm_rows, "Ground Transport")
    tianjin = _of(panel, "tianjin")
    steps = construction_steps(tianjin, panel, calendar_of(tianjin))
    assert [s.date for s in steps] == [dt.date(y, 1, 1) for y in (2020, 2021, 2022)]
    for step, (before, after) in zip(steps, pairwise(TIANJIN_SHARES), strict=True):
        assert step.event == f"artefact:year_step:{step.date.isoformat()}"
        assert step.regions == 26
        assert abs(step.effect_pct - 100.0 * (after / before - 1.0)) < 0.15, step
        assert step.effect_ci[1] - step.effect_ci[0] < 0.01


def test_a_noisy_ratio_gives_an_interval_that_holds_the_step(
    calendar_of: Callable[[Series], list[Event]]
):
    """Regions that share a curve only up to their own noise: the step is still found, and
    its interval widens to hold the step the planted +4 % makes in the region's share of
    the sum (itself one part in sixteen of it)."""
    rng = np.random.default_rng(7)
    n = 1461
    days = np.arange(n)
    national = np.exp(0.2 * np.sin(2 * np.pi * days / 365.25) + rng.normal(0, 0.05, n))
    share = np.ones(n)
    share[days >= (dt.date(2021, 1, 1) - START).days] = 1.04  # +4 % from 2021
    own = Series("tianjin", "ground_transport", START,
                 national * share * np.exp(rng.normal(0, 0.01, n)))
    peers = [Series(city, "ground_transport", START, 5 * national * np.exp(rng.normal(0, 0.01, n)))
             for city in ("beijing", "shandong", "shanghai")]
    steps = {s.date.year: s for s in construction_steps(own, [own, *peers], calendar_of(own))}
    assert set(steps) == {2020, 2021, 2022}
    share_step = 100.0 * ((1.04 / (1.04 + 15.0)) / (1.0 / 16.0) - 1.0)
    assert steps[2021].effect_ci[0] < share_step < steps[2021].effect_ci[1]
    assert steps[2021].effect_ci[1] - steps[2021].effect_ci[0] > 0.05
    for year in (2020, 2022):
        assert steps[year].effect_ci[0] < 0.0 < steps[year].effect_ci[1]


def test_a_region_built_month_by_month_has_none(
    cm_rows: Rows, calendar_of: Callable[[Series], list[Event]]
):
    """Power's steps on each 1st carry the province's real monthly change: not artefacts to
    be measured away, although its ratio to the others steps every month."""
    panel = _panel(cm_rows, "Power")
    tianjin = _of(panel, "tianjin")
    assert construction_steps(tianjin, panel, calendar_of(tianjin)) == ()


def test_a_peer_switched_on_or_off_is_left_out_of_the_reference(
    cm_rows: Rows, calendar_of: Callable[[Series], list[Event]]
):
    """Residential: Zhejiang switches on and Jiangsu off on 1 January 2022. Summed in, they
    would step Tianjin's ratio by their own switching; left out, the 2022 step is Tianjin's.
    Eight provinces are zero throughout and never count."""
    panel = _panel(cm_rows, "Residential")
    tianjin = _of(panel, "tianjin")
    steps = {s.date.year: s for s in construction_steps(tianjin, panel, calendar_of(tianjin))}
    always_zero = [s for s in panel if not np.any(np.asarray(s.values) > 0)]
    assert len(always_zero) == 8
    others = len(panel) - len(always_zero) - 1  # Tianjin itself, less Zhejiang
    assert steps[2021].regions == others  # Zhejiang, zero through 2021, left out
    assert steps[2022].regions == others - 1  # and Jiangsu, zero in 2022


@pytest.mark.parametrize("others", [0, 1])
def test_without_other_regions_nothing_is_measured(
    cm_rows: Rows, calendar_of: Callable[[Series], list[Event]], others: int
):
    panel = _panel(cm_rows, "Ground Transport")
    tianjin = _of(panel, "tianjin")
    given = [tianjin, *[s for s in panel if s.city != "tianjin"][:others]]
    steps = construction_steps(tianjin, given, calendar_of(tianjin))
    assert len(steps) == (3 if others else 0)


def _detect_panel(panel: list[Series], calendar_of: Callable[[Series], list[Event]]
                  ) -> list[Detection]:
    found = []
    for series in panel:
        calendar = calendar_of(series)
        steps = construction_steps(series, panel, calendar)
        try:
            found.append(detect(series, calendar, construction=steps))
        except SeriesError:
            continue  # Residential: zero in the south, in Zhejiang until 2021
    return found


def test_with_the_steps_divided_out_every_province_shows_the_same_transport_nodes(
    cm_rows: Rows, calendar_of: Callable[[Series], list[Event]]
):
    """The 26 provinces' transport is one national curve times a yearly share. With the
    share steps divided out, nothing but noise-free scale sets them apart, so each node is
    found in every province; and the curves come back on each series' own scale."""
    panel = _panel(cm_rows, "Ground Transport")
    detections = _detect_panel(panel, calendar_of)
    kinds = {tuple((n.date, n.kind) for n in d.nodes) for d in detections}
    assert len(detections) == 26 and len(kinds) == 1
    [shared] = kinds
    assert (COVID_START, "anomaly") in shared
    for d in detections:
        assert d.settings["construction_steps"] == 3
        error = np.abs(np.log(d.fitted / np.asarray(d.series.values)))
        assert float(np.median(error)) < 0.03
        assert d.series is next(s for s in panel if s.city == d.series.city)


def test_a_step_divided_out_explains_no_node(
    cm_rows: Rows, calendar_of: Callable[[Series], list[Event]]
):
    """Divided out, a share step is no longer in the series the detector reads, so it is
    neither a known day with a lower bar nor a cause to name. Kept, Tianjin's transport got a
    +11.2 % level shift on 1 January 2021 named as the share step, which is +0.57 %: the
    lower bar let through what was 2020's lingering COVID-19 deficit."""
    panel = _panel(cm_rows, "Ground Transport")
    tianjin = _of(panel, "tianjin")
    calendar = calendar_of(tianjin)
    steps = construction_steps(tianjin, panel, calendar)
    divided = {s.event for s in steps}
    nodes = detect(tianjin, calendar, construction=steps).nodes
    assert nodes
    assert not [n for n in nodes if divided & set(n.explained_by)]
    new_year = [n for n in nodes if n.window[0] <= dt.date(2021, 1, 1) <= n.window[1]]
    assert all(n.kind != "level_shift" for n in new_year), new_year


def test_no_residential_node_stands_alone_once_the_steps_are_divided_out(
    cm_rows: Rows, calendar_of: Callable[[Series], list[Event]]
):
    """Residential is built like transport, so a node no other province shows cannot be
    local. With the raw series, four such nodes (Heilongjiang, Ningxia twice, Tianjin) came
    from the share steps moving the threshold's edge; with the steps divided out, none."""
    detections = _detect_panel(_panel(cm_rows, "Residential"), calendar_of)
    nodes = [n for d in detections for n in compare_peers(d, detections)]
    assert nodes
    alone = [n for n in nodes if n.peers_same == 0
             and not any(e.startswith("artefact:") for e in n.explained_by)]
    assert alone == []


def test_a_day_with_two_construction_events_is_one_step(
    cm_rows: Rows, calendar_of: Callable[[Series], list[Event]]
):
    """Residential's switch on or off shares its 1 January with the share step: the two
    events make one construction day, not two empty half-segments with nothing measured.
    Jiangsu's 2021 step is the file's own: a share about 770 times the 2020 one; zero from
    2022, it has no 2022 step."""
    panel = _panel(cm_rows, "Ground Transport")
    tianjin = _of(panel, "tianjin")
    calendar = calendar_of(tianjin)
    share_step = next(e for e in calendar if e.start == dt.date(2021, 1, 1)
                      and e.kind == "data_artefact")
    twice = [*calendar, replace(share_step, id="artefact:another_rule:2021-01-01")]
    steps = construction_steps(tianjin, panel, twice)
    assert [s.date.year for s in steps] == [2020, 2021, 2022]
    once = construction_steps(tianjin, panel, calendar)
    assert [(s.date, s.effect_pct) for s in steps] == [(s.date, s.effect_pct) for s in once]
    residential = _panel(cm_rows, "Residential")
    jiangsu = _of(residential, "jiangsu")
    jiangsu_steps = construction_steps(jiangsu, residential, calendar_of(jiangsu))
    assert [s.date.year for s in jiangsu_steps] == [2020, 2021]
    assert jiangsu_steps[1].effect_pct > 10_000
