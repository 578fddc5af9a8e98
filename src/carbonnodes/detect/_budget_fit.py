"""Fitting a false-alarm budget (used by ``_calibrate``, for daily and monthly tables alike).

Thresholds are tail quantiles of each family's largest score on simulated series without
change; they bound a family's first pick only, so the budget is then scaled until the whole
detector reports the rate asked for.
"""

from __future__ import annotations

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
