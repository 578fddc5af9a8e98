"""Yearly data-construction steps, measured where they are exact: in the region's share.

Where a dataset builds every region as one national daily curve times a yearly regional
share (Carbon Monitor China's Ground Transport and Residential), the share's change on
1 January is the only thing that sets a region apart, and it is a fraction of the daily
noise: Tianjin's transport moved by −1.0 %, +0.5 % and −2.7 % of its share, under weekly
swings of 10 % and more. The daily detector cannot see such a step and should not call it a
node. As a share of the sum of all regions of the sector, the national curve cancels and
the ratio is flat within each year, so the step is read off the two years' medians.

Divided out before detection (``divided_out``), the steps leave every region the same curve:
the regions' sum, whose own yearly steps (the share of the regions the file lacks) are well
under the daily noise. So 26 provinces' transport series give the same nodes, where their
1–3 % steps used to move the threshold's edge, and the detector no longer treats those days
as known steps (``detect``).

Series whose construction is monthly (Power, Industry: a regional monthly value spread over
the national days) are left out: there the step on each 1st carries the region's real
month-to-month change, which detection on the ratio (``relative_to``) reports as nodes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np
from numpy.typing import NDArray

from carbonnodes.calendar import share_step
from carbonnodes.detect._effects import Z90
from carbonnodes.model import Event, Series

FloatArray = NDArray[np.float64]

#: Days the region needs on each side of a step for it to be measured.
MIN_SIDE_DAYS = 28
#: Block length (days) whose medians give the interval: a flat ratio gives a point.
BLOCK_DAYS = 30


@dataclass(frozen=True)
class ConstructionStep:
    """The step a construction day puts in a region's share of the sum of ``regions``
    regions (itself included), in percent with a 90 % interval, and the artefact event that
    names it."""

    date: dt.date
    event: str
    effect_pct: float
    effect_ci: tuple[float, float]
    regions: int


def yearly_construction_days(events: Sequence[Event]) -> list[Event]:
    """One share step per day, if every one falls on 1 January (yearly shares); none where
    the series is built month by month. (Residential's switch on or off shares its day with
    the share step.)"""
    days = [e for e in events if share_step(e)]
    if any((e.start.month, e.start.day) != (1, 1) for e in days):
        return []
    first: dict[dt.date, Event] = {}
    for e in sorted(days, key=lambda e: (e.start, e.id)):
        first.setdefault(e.start, e)
    return list(first.values())


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
    series: Series, day: Event, span: tuple[int, int], others: Sequence[FloatArray]
) -> ConstructionStep | None:
    """The step on ``day`` between the segments [span[0], day) and [day, span[1]), in the
    series' share of itself plus the other regions positive on every day of both (a region
    switched on or off there would step the sum instead)."""
    lo, hi = span
    at = series.index_of(day.start)
    own = np.asarray(series.values, dtype=np.float64)[lo:hi]
    usable = [p[lo:hi] for p in others if _positive(p[lo:hi]).all()]
    if not usable:
        return None
    mine = np.where(_positive(own), own, np.nan)
    log_share = np.log(mine / (mine + np.sum(usable, axis=0)))
    before, after = log_share[: at - lo], log_share[at - lo :]
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
        regions=len(usable) + 1,
    )


def divided_out(
    series: Series, steps: Sequence[ConstructionStep]
) -> tuple[Series, FloatArray]:
    """``series`` with every step's factor divided out from its day on, and that factor per
    day (1 before the first step): the region then moves with the others' sum throughout."""
    factor = np.ones(len(series))
    for step in steps:
        factor[series.index_of(step.date) :] *= 1.0 + step.effect_pct / 100.0
    values = np.asarray(series.values, dtype=np.float64) / factor
    return replace(series, values=values), factor


def construction_steps(
    series: Series, panel: Sequence[Series], events: Sequence[Event]
) -> tuple[ConstructionStep, ...]:
    """Each yearly construction day's step in ``series``' share of the sum of ``panel`` (the
    regions of its sector and dataset, itself included or not), measured between the
    neighbouring construction days or the series' ends."""
    days = [
        d for d in yearly_construction_days(events) if 0 < series.index_of(d.start) < len(series)
    ]
    others = [_aligned(p, series) for p in panel if p.city != series.city]
    if not days or not others:
        return ()
    cuts = [0, *(series.index_of(d.start) for d in days), len(series)]
    found = (
        _step(series, day, (cuts[k], cuts[k + 2]), others) for k, day in enumerate(days)
    )
    return tuple(step for step in found if step is not None)
