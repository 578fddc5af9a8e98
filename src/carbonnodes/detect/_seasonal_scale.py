"""How the noise's spread follows the time of year.

Residential emissions follow the temperature: in the real Tianjin series, day-to-day changes
are about ten times wider from January to April than in August. With one noise scale for
the whole year, winter and autumn cold spells read as changes, while a summer change must be
far larger than the summer noise before it counts. So the spread is read in ``PARTS`` parts
of the year, once for each year of data, calendar zones left out. The profile is kept only
where the years agree and it matters: a one-way analysis of variance of the parts' log
spreads must reject a flat profile at ``SIGNIFICANCE``, its swing must reach ``MIN_SWING``,
and it is shrunk towards flat by the positive-part James–Stein factor 1 − 1/F. A series
whose noise does not follow the season (every simulated one) gets a flat profile, not one
that chases its own noise.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray
from scipy import stats

FloatArray = NDArray[np.float64]

#: Parts of the year the spread is read in (months, roughly).
PARTS = 12
#: Days of one part in one year needed for its spread to count.
MIN_DAYS = 10
#: How unlikely a flat profile must make the parts' differences before they are believed.
SIGNIFICANCE = 0.001
#: The profile stays within 1/RANGE … RANGE of the typical day.
RANGE = 4.0
#: A profile whose noisiest part is less than this many times as wide as its quietest is
#: taken as flat. Real Residential series swing ten-fold; a festival's misfit that recurs
#: outside the calendar zones made a 1.4-fold swing significant in one of 1,200 simulated
#: series without change, enough to move the fitted thresholds.
MIN_SWING = 2.0
YEAR_DAYS = 365.25


def _cells(log_spread: FloatArray, part: NDArray[np.int64]) -> list[FloatArray]:
    """Per part, the median log day-to-day change of each year with enough days (one sort
    of all days by part, year and value: a median per cell took a tenth of the detector)."""
    usable = np.isfinite(log_spread)
    years = int(log_spread.size / YEAR_DAYS) + 1
    cell = part[usable] * years + (np.flatnonzero(usable) / YEAR_DAYS).astype(np.int64)
    values = log_spread[usable]
    order = np.lexsort((values, cell))
    cell, values = cell[order], values[order]
    firsts = np.flatnonzero(np.r_[True, np.diff(cell) > 0])
    sizes = np.diff(np.r_[firsts, cell.size])
    out: list[list[float]] = [[] for _ in range(PARTS)]
    for first, size in zip(firsts, sizes, strict=True):
        if size >= MIN_DAYS:
            middle = values[first + (size - 1) // 2 : first + size // 2 + 1]
            out[int(cell[first]) // years].append(float(np.mean(middle)))
    return [np.array(c) for c in out]


def _shrunk_parts(cells: list[FloatArray]) -> FloatArray:
    """Each part's log spread against the mean, shrunk by 1 − 1/F; zeros unless F is
    significant and the swing at least ``MIN_SWING``. A part with fewer than two years
    read (the Spring Festival's weeks, mostly calendar zone) takes its neighbours' value."""
    sizes = np.array([c.size for c in cells])
    read = np.flatnonzero(sizes >= 2)
    if read.size < PARTS // 2:
        return np.zeros(PARTS)
    kept = [cells[k] for k in read]
    means = np.array([c.mean() for c in kept])
    grand = float((means * sizes[read]).sum() / sizes[read].sum())
    between = float((sizes[read] * (means - grand) ** 2).sum()) / (read.size - 1)
    within_df = int(sizes[read].sum()) - read.size
    within = float(sum(((c - c.mean()) ** 2).sum() for c in kept)) / within_df
    if within <= 0 or between <= 0:
        return np.zeros(PARTS)
    f = between / within
    if f < stats.f.isf(SIGNIFICANCE, read.size - 1, within_df):
        return np.zeros(PARTS)
    shrunk = (1.0 - 1.0 / f) * (means - grand)
    if np.ptp(shrunk) < np.log(MIN_SWING):
        return np.zeros(PARTS)
    return np.asarray(np.interp(np.arange(PARTS), read, shrunk, period=PARTS), dtype=np.float64)


def seasonal_profile(
    residual: FloatArray, phase: FloatArray, zone: NDArray[np.bool_]
) -> FloatArray:
    """The noise's spread on each day relative to the typical day (1 where it does not
    follow the season). ``residual``: NaN on missing days; ``phase``: each day's angle in
    the year (radians), as the ordinary model's yearly cycle has it; ``zone``: calendar
    days left out, where the ordinary model's own misfit (a festival's return that differs
    from year to year) would pass for the season's noise."""
    change = np.abs(np.diff(np.where(zone, np.nan, residual), prepend=np.nan))
    log_spread = np.where(change > 0, np.log(np.where(change > 0, change, 1.0)), np.nan)
    turn = np.mod(phase, 2 * np.pi) / (2 * np.pi)
    part = np.minimum((turn * PARTS).astype(np.int64), PARTS - 1)
    parts = np.exp(_shrunk_parts(_cells(log_spread, part)))
    parts = np.clip((np.roll(parts, 1) + 2 * parts + np.roll(parts, -1)) / 4, 1 / RANGE, RANGE)
    centres = (np.arange(PARTS) + 0.5) / PARTS
    profile = np.interp(turn, centres, parts, period=1.0)
    return np.asarray(profile / np.median(profile), dtype=np.float64)
