"""Calendar effects of the ordinary series, and where they fell (for the scorer).

Spring Festival dips over the real lunar dates, extra dips on statutory holidays (deeper in
the golden weeks) and the heating season's steps on and off. Each comes back with its zones:
non-node truth entries marked with the calendar cause, so that a node reported there *with*
its calendar cause attached is neither a hit nor a false node (see ``_scores``).
"""

from __future__ import annotations

import datetime as dt

import numpy as np
from numpy.typing import NDArray

from carbonnodes.simulate._days import DayTable
from carbonnodes.simulate._truth import TrueNode

FloatArray = NDArray[np.float64]
Effect = tuple[FloatArray, list[TrueNode]]


def _day(table: DayTable, index: int) -> dt.date:
    return table.start + dt.timedelta(days=index)


def spring_festivals(
    rng: np.random.Generator,
    depths: tuple[float, float],
    return_days: tuple[int, int],
    table: DayTable,
) -> Effect:
    """Dips over each Spring Festival: ramp down before, full depth in the break, slow return."""
    days = np.arange(table.n_days)
    effect = np.zeros(table.n_days)
    zones = []
    for _new_year, first, last in table.spring_festivals:
        depth = rng.uniform(*depths)
        back = int(rng.integers(*return_days))
        lead = int(rng.integers(10, 18))
        b0, b1 = (first - table.start).days, (last - table.start).days
        x = [b0 - lead, b0, b1, b1 + back]
        dip = np.interp(days, x, [0.0, 0.9, 1.0, 0.0], left=0.0, right=0.0)
        effect += np.log1p(-depth * dip)
        zones.append(
            TrueNode(
                _day(table, x[0]),
                "anomaly",
                round(-100 * depth, 2),
                end=_day(table, x[-1]),
                calendar="spring_festival",
            )
        )
    return effect, zones


def holiday_dips(rng: np.random.Generator, scale: float, table: DayTable) -> Effect:
    """Extra dips on statutory holidays beyond the Sunday pattern; deeper in golden weeks."""
    golden = rng.uniform(0.05, 0.20) * scale
    other = rng.uniform(0.0, 0.06) * scale
    depth = np.where(table.golden_week, golden, np.where(table.holiday, other, 0.0))
    zones = []
    on = np.flatnonzero(table.holiday)
    for run in np.split(on, np.flatnonzero(np.diff(on) > 1) + 1) if on.size else []:
        zones.append(
            TrueNode(
                _day(table, int(run[0])),
                "anomaly",
                round(-100 * float(depth[run].max()), 2),
                end=_day(table, int(run[-1])),
                calendar="public_holiday",
            )
        )
    return np.log1p(-depth), zones


def heating_season(rng: np.random.Generator, steps: tuple[float, float], table: DayTable) -> Effect:
    """A step on and a step off each northern heating season (start 1–15 Nov, end 15–31 Mar)."""
    n = table.n_days
    if steps[1] == 0.0:
        return np.zeros(n), []
    days = np.arange(n)
    step = rng.uniform(*steps)
    effect = np.zeros(n)
    zones = []
    for year in range(table.start.year - 1, table.start.year + n // 365 + 2):
        on = dt.date(year, 11, 1) + dt.timedelta(days=int(rng.choice([0, 0, 0, 7, 14])))
        off = dt.date(year + 1, 3, 15) + dt.timedelta(days=int(rng.choice([0, 0, 0, 5, 16])))
        ramp = int(rng.integers(3, 8))
        a, b = (on - table.start).days, (off - table.start).days
        effect += step * np.interp(days, [a, a + ramp, b, b + ramp], [0, 1, 1, 0], 0.0, 0.0)
        for first, sign, cause in ((a, 1, "heating_season_start"), (b, -1, "heating_season_end")):
            zones.append(
                TrueNode(
                    _day(table, first),
                    "level_shift",
                    round(100 * float(np.expm1(sign * step)), 2),
                    end=_day(table, first + ramp),
                    calendar=cause,
                )
            )
    return effect, zones
