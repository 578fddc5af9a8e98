"""Yearly construction steps, measured against the other regions (``construction_steps``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from itertools import pairwise

import numpy as np
import pytest

from carbonnodes.detect import construction_steps
from carbonnodes.model import Event, Series
from carbonnodes.names import resolve_region, resolve_sector

Rows = dict[tuple[str, str], list[tuple[str, str]]]

START = dt.date(2019, 1, 1)
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
    """Against the 25 other provinces, each 1 January step is Tianjin's own share change to
    within 0.15 points (the other provinces' summed share moves a little too), and the
    ratio is flat within each year, so the interval is a point."""
    panel = _panel(cm_rows, "Ground Transport")
    tianjin = _of(panel, "tianjin")
    steps = construction_steps(tianjin, panel, calendar_of(tianjin))
    assert [s.date for s in steps] == [dt.date(y, 1, 1) for y in (2020, 2021, 2022)]
    for step, (before, after) in zip(steps, pairwise(TIANJIN_SHARES), strict=True):
        assert step.event == f"artefact:year_step:{step.date.isoformat()}"
        assert step.peers == 25
        assert abs(step.effect_pct - 100.0 * (after / before - 1.0)) < 0.15, step
        assert step.effect_ci[1] - step.effect_ci[0] < 0.01


def test_a_noisy_ratio_gives_an_interval_that_holds_the_step(
    calendar_of: Callable[[Series], list[Event]]
):
    """Regions that share a curve only up to their own noise: the step is still found, and
    its interval widens to hold the step that was planted."""
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
    assert steps[2021].effect_ci[0] < 4.0 < steps[2021].effect_ci[1]
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
    others = len(panel) - 1 - len(always_zero)
    assert steps[2021].peers == others - 1  # Zhejiang, zero through 2021
    assert steps[2022].peers == others - 2  # and Jiangsu, zero in 2022


@pytest.mark.parametrize("others", [0, 1])
def test_without_other_regions_nothing_is_measured(
    cm_rows: Rows, calendar_of: Callable[[Series], list[Event]], others: int
):
    panel = _panel(cm_rows, "Ground Transport")
    tianjin = _of(panel, "tianjin")
    given = [tianjin, *[s for s in panel if s.city != "tianjin"][:others]]
    steps = construction_steps(tianjin, given, calendar_of(tianjin))
    assert len(steps) == (3 if others else 0)
