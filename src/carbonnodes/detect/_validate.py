"""What a series must be before detection is worth running, with reasons a user can act on."""

from __future__ import annotations

import numpy as np

from carbonnodes.errors import SeriesError
from carbonnodes.model import Series

#: Two full years: the yearly cycle (and Spring Festival, which moves by up to a month) cannot
#: be told from a change with less.
MIN_DAYS = 730
#: Up to this share of days may be missing, zero or negative (treated as missing on the log
#: scale); beyond it the ordinary model would be fitted on too little.
MAX_MISSING_SHARE = 0.25


def _where(series: Series) -> str:
    return series.source or f"{series.city}/{series.sector}"


def validate(series: Series) -> None:
    """Raise :class:`SeriesError` with a one-line reason when ``series`` cannot be analysed."""
    where = _where(series)
    values = np.asarray(series.values, dtype=np.float64)
    if values.ndim != 1:
        raise SeriesError("values must be one number per day", file=where)
    n = values.size
    finite = np.isfinite(values)
    if n and finite.any() and np.all(values[finite] == 0.0):
        raise SeriesError("all values are zero (nothing was emitted or recorded)", file=where)
    if n < MIN_DAYS:
        raise SeriesError(
            f"too short: {n} day{'' if n == 1 else 's'}, detection needs at least {MIN_DAYS} "
            "(two years of daily data for the yearly cycle)",
            file=where,
        )
    usable = finite & (values > 0)
    if not usable.any():
        raise SeriesError("no usable values (all missing or not positive)", file=where)
    days = np.flatnonzero(usable)
    # the commonest gap: with half the days missing at random the median gap is 1.5 or 2
    step = int(np.bincount(np.diff(days)).argmax()) if days.size > 1 else 1
    if step > 1:
        raise SeriesError(
            f"dates are not daily: values come every {step} days (weekly or monthly data?)",
            file=where,
        )
    missing = 1.0 - usable.mean()
    if missing > MAX_MISSING_SHARE:
        raise SeriesError(
            f"{missing:.0%} of days are missing, zero or negative; at most "
            f"{MAX_MISSING_SHARE:.0%} can be",
            file=where,
        )
    logs = np.log(values[usable])
    if float(np.ptp(logs)) < 1e-9:
        raise SeriesError("the series is constant: there is nothing to detect", file=where)
