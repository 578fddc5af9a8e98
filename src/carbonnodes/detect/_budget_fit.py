"""Fitting a false-alarm budget (used by ``_calibrate``, for daily and monthly tables alike).

Thresholds are tail quantiles of each family's largest score on simulated series without
change; they bound a family's first pick only, so the budget is then scaled until the whole
detector reports the rate asked for, at the default and at a few looser rates.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np

from carbonnodes.detect._scores import Family


def tail_quantiles(values: Sequence[float], tails: Sequence[float]) -> list[float]:
    """The values exceeded with each tail probability, rounded for the file."""
    return [round(float(np.quantile(np.asarray(values), 1.0 - a)), 4) for a in tails]


def null_table(
    maxima: Sequence[Mapping[Family, Sequence[float]]],
    sizes: Sequence[int],
    tails: Sequence[float],
    draws: int,
) -> dict[str, Any]:
    """A threshold table: for each family, the tail quantiles of its largest scores, one row
    per series length (``maxima[i]`` holds the scores at ``sizes[i]``)."""
    return {
        "sizes": list(sizes),
        "tails": list(tails),
        "families": {f: [tail_quantiles(m[f], tails) for m in maxima] for f in maxima[0]},
        "draws_per_size": draws,
    }


def fit_knob_scale(
    set_scale: Callable[[float], None], realised: Callable[[], float], target: float, label: str
) -> float:
    """The factor on the budget that makes ``realised()`` (false nodes per series-year) the
    ``target``: two multiplicative steps from 1, each after ``set_scale`` wrote the trial
    scale where the detector reads it."""
    scale = 1.0
    for _ in range(2):
        set_scale(scale)
        rate = realised()
        print(f"  {label} knob scale {scale:.3f}: {rate:.4f} false nodes per series-year",
              file=sys.stderr)
        scale = round(scale * target / max(rate, 1e-3), 4)
    return scale


#: The looser rates (false nodes per series-year) at which the budget's scale is fitted too.
SCALE_RATES = (0.05, 0.1, 0.2, 0.4, 0.8)
#: Bounds on the local slope of log realised rate over log budget when a scale is corrected;
#: below ``_FLAT`` the search has no more false nodes to give (a monthly series' 48 values
#: realise about 0.33 a year at most), and the scale stays where it was measured.
_SLOPES = (0.5, 4.0)
_FLAT = 0.25


def _local_slope(points: list[tuple[float, float]], at: float) -> float | None:
    """d log realised / d log budget from the measured point nearest ``at`` and the nearest
    of another budget (1 without one), within ``_SLOPES``; None where it is flatter than
    ``_FLAT``."""
    near = sorted(points, key=lambda p: abs(p[0] - at))
    other = next((p for p in near[1:] if abs(p[0] - near[0][0]) > 1e-9), None)
    if other is None:
        return 1.0
    slope = (near[0][1] - other[1]) / (near[0][0] - other[0])
    if slope < _FLAT:
        return None
    return min(max(slope, _SLOPES[0]), _SLOPES[1])


def fit_knob_scales(
    set_scales: Callable[[list[float], list[float]], None],
    realised: Callable[[float], float],
    default: tuple[float, float],
    label: str,
) -> dict[str, Any]:
    """The budget's scale at each of ``SCALE_RATES`` too, ``default`` (rate, scale) kept as
    fitted: what the search realises depends on the budget, rate × scale, alone, and far
    below the null tables it grows faster than the budget, so one scale overshoots there.

    Each rate starts from the scale before it and takes two steps, each after measuring the
    realised rate, along the slope of log realised over log budget measured so far (none
    where the realised rate no longer grows); the budget never falls as the rate rises.
    Where the search has no more to give from the first measurement of a rate on, the rate
    before it is the search's ``limit``: a looser knob makes no more false nodes."""
    rates, scales = [default[0]], [default[1]]
    points: list[tuple[float, float]] = []
    limit: float | None = None
    for rate in SCALE_RATES:
        scale = scales[-1]
        for step_count in range(2):
            set_scales([*rates, rate], [*scales, scale])
            got = max(realised(rate), 1e-3)
            print(f"  {label} knob scale at {rate}: {scale:.4f} gives {got:.4f} false nodes "
                  "per series-year", file=sys.stderr)
            budget = math.log(rate * scale)
            points.append((budget, math.log(got)))
            slope = _local_slope(points, budget)
            if slope is None:
                if step_count == 0 and limit is None:
                    limit = rates[-1]
                break
            step = math.log(rate / got) / slope
            scale = round(max(scale * math.exp(step), rates[-1] * scales[-1] / rate), 4)
        rates.append(rate)
        scales.append(scale)
    set_scales(rates, scales)
    return {"rates": rates, "scales": scales} | ({} if limit is None else {"limit": limit})
