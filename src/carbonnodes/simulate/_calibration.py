"""Is a confidence a probability? Reliability bins and the expected calibration error.

Ten equal-width bins over [0, 1] (the last one closed); a prediction is correct when it hit
a true node. ECE = Σ (share of predictions in the bin) × |mean confidence − hit rate|.

ECE is biased upward on few predictions: each bin's hit rate is a sample. On about 200
predictions a perfectly calibrated detector shows an ECE near 0.06, so
:func:`calibration_noise_floor` says what perfect calibration would show on the same
confidences, to read a measured ECE against.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class ReliabilityBin:
    """One row of a reliability table; ``mean_confidence``/``hit_rate`` are NaN when empty."""

    low: float
    high: float
    count: int
    mean_confidence: float
    hit_rate: float


def reliability_table(
    confidences: Sequence[float], hits: Sequence[bool], bins: int = 10
) -> tuple[ReliabilityBin, ...]:
    """The predictions grouped by confidence, with how often each group was right."""
    if len(confidences) != len(hits):
        raise ValueError("confidences and hits differ in length")
    conf = np.clip(np.asarray(confidences, dtype=np.float64), 0.0, 1.0)
    correct = np.asarray(hits, dtype=np.float64)
    which = np.minimum((conf * bins).astype(np.int64), bins - 1)
    rows = []
    for b in range(bins):
        inside = which == b
        count = int(inside.sum())
        rows.append(
            ReliabilityBin(
                low=b / bins,
                high=(b + 1) / bins,
                count=count,
                mean_confidence=float(conf[inside].mean()) if count else float("nan"),
                hit_rate=float(correct[inside].mean()) if count else float("nan"),
            )
        )
    return tuple(rows)


def expected_calibration_error(
    confidences: Sequence[float], hits: Sequence[bool], bins: int = 10
) -> float:
    """ECE over equal-width bins; NaN when there is nothing to judge."""
    table = reliability_table(confidences, hits, bins)
    total = sum(row.count for row in table)
    if not total:
        return float("nan")
    return sum(
        row.count / total * abs(row.mean_confidence - row.hit_rate) for row in table if row.count
    )


def calibration_noise_floor(
    confidences: Sequence[float], *, draws: int = 200, seed: int = 0, bins: int = 10
) -> float:
    """Mean ECE of a perfectly calibrated detector with these confidences: each prediction
    hits with exactly its confidence (``draws`` Monte Carlo draws, deterministic in ``seed``)."""
    conf = np.clip(np.asarray(confidences, dtype=np.float64), 0.0, 1.0)
    if not conf.size:
        return float("nan")
    rng = np.random.default_rng(seed)
    values = [
        expected_calibration_error(list(conf), list(rng.random(conf.size) < conf), bins)
        for _ in range(draws)
    ]
    return float(np.mean(values))
