"""When a measure could act on a node: the causal-order rule and the lag kernel."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Literal

from carbonnodes.attribute._settings import AttributionSettings
from carbonnodes.model import Measure

Timing = Literal["cause", "later", "outside", "undated"]


@dataclass(frozen=True)
class Placement:
    """Where a measure falls relative to a node, and its lag from the day it takes effect."""

    timing: Timing
    lag_days: int | None


def acting_start(measure: Measure) -> dt.date | None:
    """The day a measure takes effect: its effective date, else its earliest public date."""
    public = measure.dates.earliest_public
    effective = measure.dates.effective
    if public is None:
        return None
    if effective is not None and effective > public:
        return effective
    return public


def place(measure: Measure, node_date: dt.date, settings: AttributionSettings) -> Placement:
    """Cause window, announced later (or not yet in force), outside the window, or undated.

    A measure is never a cause of a node that precedes its earliest public date; an
    announced measure may act ``anticipation_days`` before its effective date.
    """
    public = measure.dates.earliest_public
    start = acting_start(measure)
    if public is None or start is None:
        return Placement("undated", None)
    lag = (node_date - start).days
    anticipation = settings.anticipation_days if start > public else 0
    if node_date < max(public, start - dt.timedelta(days=anticipation)):
        return Placement("later", lag)
    if lag < settings.min_lag_days - anticipation or lag > settings.max_lag_days:
        return Placement("outside", lag)
    return Placement("cause", lag)


def time_plausibility(lag_days: int, settings: AttributionSettings) -> float:
    """Rises linearly to 1 at the peak lag, then halves every ``decay_half_life_days`` down to
    the tail value, which holds to the window end."""
    low = min(settings.min_lag_days, -settings.anticipation_days)
    peak = settings.peak_lag_days
    if lag_days <= peak:
        share = (lag_days - low) / max(peak - low, 1)
        return settings.kernel_floor + (1.0 - settings.kernel_floor) * min(max(share, 0.0), 1.0)
    decayed = math.pow(0.5, (lag_days - peak) / settings.decay_half_life_days)
    return max(decayed, settings.kernel_tail)
