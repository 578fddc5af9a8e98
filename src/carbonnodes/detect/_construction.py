"""Yearly data-construction steps, measured where they are exact: against the other regions.

Where a dataset builds every region as one national daily curve times a yearly regional
share (Carbon Monitor China's Ground Transport and Residential), the share's change on
1 January is the only thing that sets a region apart, and it is a fraction of the daily
noise: Tianjin's transport moved by −1.0 %, +0.5 % and −2.7 % of its share, under weekly
swings of 10 % and more. The daily detector cannot see such a step and should not call it a
node. Divided by the sum of the other regions, the national curve cancels and the ratio is
flat within each year, so the step is read off the two years' medians.

Series whose construction is monthly (Power, Industry: a regional monthly value spread over
the national days) are left out: there the step on each 1st carries the region's real
month-to-month change, which detection on the ratio (``relative_to``) reports as nodes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from carbonnodes.model import Event, Series

FloatArray = NDArray[np.float64]

#: Days the region needs on each side of a step for it to be measured.
MIN_SIDE_DAYS = 28
#: Block length (days) whose medians give the interval: a flat ratio gives a point.
BLOCK_DAYS = 30
#: z of a two-sided 90 % interval.
Z90 = 1.6448536269514722


@dataclass(frozen=True)
class ConstructionStep:
    """The step a construction day puts in a region's share of its peers' total, in percent
    with a 90 % interval, and the artefact event that names it."""

    date: dt.date
    event: str
    effect_pct: float
    effect_ci: tuple[float, float]
    peers: int


def yearly_construction_days(events: Sequence[Event]) -> list[Event]:
    """The single-day construction events, if every one falls on 1 January (yearly shares);
    none where the series is built month by month."""
    days = [e for e in events if e.kind == "data_artefact" and e.start == e.end]
    if not days or any((e.start.month, e.start.day) != (1, 1) for e in days):
        return []
    return sorted(days, key=lambda e: (e.start, e.id))


def _aligned(peer: Series, series: Series) -> FloatArray:
    """The peer's values on the series' days (NaN where it has none)."""
    out = np.full(len(series), np.nan)
    first = series.index_of(peer.start)
    lo, hi = max(first, 0), min(first + len(peer), len(series))
    if lo < hi:
        out[lo:hi] = np.asarray(peer.values, dtype=np.float64)[lo - first : hi - first]
    return out


def _positive(values: FloatArray) -> NDArray[np.bool_]:
    return np.isfinite(values) & (values > 0)


def _side(log_ratio: FloatArray) -> tuple[float, float]:
    """Median of one side and the variance of that median, from its blocks' medians."""
    blocks = [
        float(np.median(log_ratio[i : i + BLOCK_DAYS]))
        for i in range(0, log_ratio.size, BLOCK_DAYS)
    ]
    spread = float(np.var(blocks, ddof=1)) / len(blocks) if len(blocks) > 1 else 0.0
    return float(np.median(log_ratio)), spread


def _step(
    series: Series, day: Event, span: tuple[int, int], peers: Sequence[FloatArray]
) -> ConstructionStep | None:
    """The step on ``day`` between the segments [span[0], day) and [day, span[1]), against
    the peers that are positive on every day of both (a peer switched on or off there would
    step the reference instead)."""
    lo, hi = span
    at = series.index_of(day.start)
    own = np.asarray(series.values, dtype=np.float64)[lo:hi]
    usable = [p[lo:hi] for p in peers if _positive(p[lo:hi]).all()]
    if not usable:
        return None
    log_ratio = np.log(np.where(_positive(own), own, np.nan) / np.sum(usable, axis=0))
    before, after = log_ratio[: at - lo], log_ratio[at - lo :]
    before, after = before[np.isfinite(before)], after[np.isfinite(after)]
    if min(before.size, after.size) < MIN_SIDE_DAYS:
        return None
    (m0, v0), (m1, v1) = _side(before), _side(after)
    step, half = m1 - m0, Z90 * float(np.sqrt(v0 + v1))
    low, mid, high = (100.0 * float(np.expm1(x)) for x in (step - half, step, step + half))
    return ConstructionStep(
        date=day.start,
        event=day.id,
        effect_pct=round(mid, 2),
        effect_ci=(round(low, 2), round(high, 2)),
        peers=len(usable),
    )


def construction_steps(
    series: Series, peers: Sequence[Series], events: Sequence[Event]
) -> tuple[ConstructionStep, ...]:
    """Each yearly construction day's step in ``series`` against the sum of ``peers`` (other
    regions of the same sector and dataset; the series' own region is left out), measured
    between the neighbouring construction days or the series' ends."""
    days = [
        d for d in yearly_construction_days(events) if 0 < series.index_of(d.start) < len(series)
    ]
    others = [_aligned(p, series) for p in peers if p.city != series.city]
    if not days or not others:
        return ()
    cuts = [0, *(series.index_of(d.start) for d in days), len(series)]
    found = (
        _step(series, day, (cuts[k], cuts[k + 2]), others) for k, day in enumerate(days)
    )
    return tuple(step for step in found if step is not None)
