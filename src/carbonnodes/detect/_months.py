"""Series that hold one value per calendar month, and the month grid they are detected on.

Carbon Monitor's provincial Aviation is the national value of the 1st of each month times a
passenger share, the same on every day of the month; a province's Power, Industry and
Aviation divided by its peers (``--relative``) keep only their monthly shares. Such a series
says nothing about days: a "node" on 24 April inside a flat April is the daily model's
invention. These series are detected month by month instead (``_monthly``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from carbonnodes.detect._robust import lone_outliers, robust_scale
from carbonnodes.model import Event, Series

FloatArray = NDArray[np.float64]

#: Two values of one month that differ by less than this (relative) are the same value.
SAME_VALUE = 1e-9


@dataclass(frozen=True)
class MonthGrid:
    """The months a daily series covers: each month's first day (index into the series),
    its log value (NaN where no day of it was observed) and its date (the first of the
    month, for the series' first month possibly before the series starts)."""

    first_day: NDArray[np.int64]
    log_values: FloatArray
    dates: tuple[dt.date, ...]

    def __len__(self) -> int:
        return int(self.first_day.size)

    @property
    def observed(self) -> NDArray[np.bool_]:
        """Months with at least one observed day."""
        return np.isfinite(self.log_values)

    def daily(self, monthly: FloatArray, n_days: int) -> FloatArray:
        """A per-month array spread over the days of each month."""
        lengths = np.diff(np.append(self.first_day, n_days))
        return np.repeat(monthly, lengths)

    def shares(
        self, spans: Sequence[tuple[dt.date, dt.date]], start: dt.date, n: int
    ) -> FloatArray:
        """The share of each month's days that fall in any of ``spans``."""
        days = np.zeros(n)
        for first, last in spans:
            a, b = max((first - start).days, 0), min((last - start).days + 1, n)
            if a < b:
                days[a:b] = 1.0
        lengths = np.diff(np.append(self.first_day, n))
        return np.asarray(np.add.reduceat(days, self.first_day) / lengths, dtype=np.float64)


def _month_starts(start: dt.date, n: int) -> tuple[NDArray[np.int64], tuple[dt.date, ...]]:
    dates = np.datetime64(start, "D") + np.arange(n)
    months = dates.astype("datetime64[M]")
    first = np.flatnonzero(np.r_[True, months[1:] != months[:-1]]).astype(np.int64)
    return first, tuple(m.astype("datetime64[D]").item() for m in months[first])


def _log_values(series: Series) -> tuple[FloatArray, NDArray[np.bool_], FloatArray]:
    """Values, which of them are usable (observed and positive) and their logs (NaN else)."""
    values = np.asarray(series.values, dtype=np.float64)
    usable = np.isfinite(values) & (values > 0)
    return values, usable, np.where(usable, np.log(np.where(usable, values, 1.0)), np.nan)


def _spans(first: NDArray[np.int64], n: int) -> zip[tuple[np.int64, np.int64]]:
    """Each month's first day and the first day after it."""
    return zip(first, np.append(first[1:], n), strict=True)


def month_grid(series: Series) -> MonthGrid | None:
    """The series' month grid when every month holds one value on all its observed days
    (at least two months with two such days), else None: a daily series."""
    values, usable, logs = _log_values(series)
    first, dates = _month_starts(series.start, values.size)
    monthly = np.full(first.size, np.nan)
    checked = 0
    for i, (a, b) in enumerate(_spans(first, values.size)):
        seen = logs[a:b][usable[a:b]]
        if seen.size == 0:
            continue
        if float(np.ptp(seen)) > SAME_VALUE:
            return None
        monthly[i] = float(seen[0])
        checked += seen.size > 1
    if checked < 2:
        return None
    return MonthGrid(first_day=first, log_values=monthly, dates=dates)


#: How much more the values jump into a month's first day than from one day to the next
#: elsewhere (robust spreads of log changes) for the months to be taken for the data. On
#: the real file Power and Industry jump 3.8 to 23 times as much, Ground Transport and
#: Residential 1.4 to 1.8 times (holidays fall on three 1sts a year); on 513 simulated
#: daily series without share steps at most 2.6 times.
MONTH_JUMP_RATIO = 3.5


def monthly_totals(series: Series) -> MonthGrid | None:
    """The month grid of a series built from monthly totals spread over the days by a
    daily shape (Carbon Monitor China's Power and Industry: data README), else None.

    Such a series holds the region's own news only month by month: the days inside a
    month follow the national shape, and the step into each 1st is the region's month.
    Detected day by day, those steps came out as episodes of a few days beside the 1st
    (91 of 102 Industry episodes on the real file). The data decide, not the calendar: it
    lists share steps for every Power and Industry series of the dataset, a bare CSV has
    none, and only values that jump on the 1sts were built that way.
    """
    values, usable, logs = _log_values(series)
    first, dates = _month_starts(series.start, values.size)
    if first.size < 12:
        return None
    change = np.diff(logs)
    at_first = np.zeros(change.size, dtype=bool)
    at_first[first[1:] - 1] = True
    jumps, other = change[at_first], change[~at_first]
    jumps, other = jumps[np.isfinite(jumps)], other[np.isfinite(other)]
    if jumps.size < 6 or other.size < 30:
        return None
    if robust_scale(jumps) < MONTH_JUMP_RATIO * robust_scale(other):
        return None
    kept = usable & ~lone_outliers(logs)  # a one-day glitch would move its month's mean
    monthly = np.full(first.size, np.nan)
    for i, (a, b) in enumerate(_spans(first, values.size)):
        if kept[a:b].any():
            monthly[i] = float(np.log(np.mean(values[a:b][kept[a:b]])))
    return MonthGrid(first_day=first, log_values=monthly, dates=dates)


def festival_spans(events: Sequence[Event]) -> list[tuple[dt.date, dt.date]]:
    """The spans of every Spring Festival event (each year's break and its wider window)."""
    return [(e.start, e.end) for e in events if e.kind == "spring_festival"]
