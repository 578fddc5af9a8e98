"""A series in a few numbers: its range, mean, extremes with their dates, yearly means, gaps."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from carbonnodes.model import Series


@dataclass(frozen=True)
class SeriesSummary:
    """What ``series show`` prints. ``gaps`` are runs of missing days, first and last day."""

    start: dt.date
    end: dt.date
    n_days: int
    n_missing: int
    mean: float
    min_value: float
    min_date: dt.date
    max_value: float
    max_date: dt.date
    yearly_means: tuple[tuple[int, float, int], ...]
    gaps: tuple[tuple[dt.date, dt.date], ...]


def summarize_series(series: Series) -> SeriesSummary:
    """Summary statistics over the days that have a value."""
    values = series.values
    present = ~np.isnan(values)
    if not present.any():
        raise ValueError("a series without values has no summary")
    lowest = int(np.nanargmin(values))
    highest = int(np.nanargmax(values))
    years = series.dates.astype("datetime64[Y]").astype(np.int64) + 1970
    yearly = tuple(
        (int(year), float(np.nanmean(values[years == year])), int(present[years == year].sum()))
        for year in np.unique(years)
        if present[years == year].any()
    )
    return SeriesSummary(
        start=series.start,
        end=series.end,
        n_days=int(present.sum()),
        n_missing=int((~present).sum()),
        mean=float(np.nanmean(values)),
        min_value=float(values[lowest]),
        min_date=series.date_at(lowest),
        max_value=float(values[highest]),
        max_date=series.date_at(highest),
        yearly_means=yearly,
        gaps=_gaps(series, present),
    )


def _gaps(series: Series, present: np.ndarray) -> tuple[tuple[dt.date, dt.date], ...]:
    edges = np.diff(np.concatenate([[1], present.astype(np.int8), [1]]))
    starts = np.flatnonzero(edges == -1)
    ends = np.flatnonzero(edges == 1) - 1
    return tuple(
        (series.date_at(int(a)), series.date_at(int(b))) for a, b in zip(starts, ends, strict=True)
    )
