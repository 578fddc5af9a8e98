"""Simulated series made the way Carbon Monitor makes its monthly provincial ones.

Aviation holds one value per calendar month on every day of it, and so does a province's
monthly share (Power, Industry, Aviation divided by its peers). ``as_monthly`` turns a
simulated daily series into such a series: each month's days take the mean of the month's
observed days. A detector dates a change in it only to the month, so it is scored with
``MONTH_TOLERANCE_DAYS`` (a month either side, never reaching the next month's first day),
against the truth such a series can show (``visible_by_month``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import numpy as np

from carbonnodes.model import NodeKind, Series
from carbonnodes.simulate._truth import TrueNode


def visible_by_month(truth: tuple[TrueNode, ...]) -> tuple[TrueNode, ...]:
    """The truth a monthly series can show: a change of the weekly cycle averages away
    within each month, so it is no node there, and an episode is as deep as its deepest
    month's mean (``month_depth``), not as its deepest day."""
    return tuple(
        replace(t, effect_pct=t.month_depth) if t.month_depth is not None else t
        for t in truth
        if t.kind != "seasonal"
    )


MONTH_TOLERANCE_DAYS: dict[NodeKind, int] = {
    "anomaly": 27,
    "level_shift": 27,
    "seasonal": 27,
    "trend_change": 60,
}


def as_monthly(series: Series) -> Series:
    """``series`` with each calendar month's days set to the mean of its observed days (a
    month with none stays missing)."""
    values = np.asarray(series.values, dtype=np.float64)
    out = np.full(values.size, np.nan)
    first = 0
    while first < values.size:
        day = series.start + dt.timedelta(days=first)
        following = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
        last = min((following - series.start).days, values.size)
        seen = values[first:last][np.isfinite(values[first:last])]
        if seen.size:
            out[first:last] = float(seen.mean())
        first = last
    return replace(series, values=out, source=f"{series.source or series.city} (monthly)")
