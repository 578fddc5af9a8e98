"""Confidence at any setting of the knob: the confidence maps' odds, moved by the rate asked for.

The maps are fitted on nodes the search finds at the default false-alarm rate. A looser
rate lowers every threshold, and what the search then adds is mostly noise: searched at 0.1
false nodes a year, the four-year nodes the map put at 0.5–0.6 were real a third of the time
(300 simulated series), and over the benchmark's 1,200 the maps alone had an ECE of 0.052 at
0.1, 0.132 at 0.2 and 0.274 at 0.4 (0.026 at the default). A stricter rate keeps the
strongest changes, which are real a little more often than the maps say. So a node's log
odds move in proportion to how many more false nodes than the default the knob lets in:
logit p' = logit p + a·(rate / default − 1), ``a`` fitted for each map by ``_calibrate`` on
labelled simulated series searched at ``KNOB_RATES``. At the default nothing moves. A shift
linear in the log of the rate (with or without a term in logit p) was tried first: it moved
too much at 0.05–0.2 and too little at 0.4 (held-out mean confidence 0.04 under the hit rate
at each of the first, 0.02 over at the last).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import minimize

FloatArray = NDArray[np.float64]

#: The rates (false nodes per series-year) the shift is fitted on, around the default 0.02.
KNOB_RATES = (0.005, 0.01, 0.05, 0.1, 0.2, 0.4)
#: Probabilities are kept this far from 0 and 1 before their log odds are taken.
EDGE = 1e-4


def _logit(p: FloatArray | float) -> FloatArray:
    q = np.clip(np.asarray(p, dtype=np.float64), EDGE, 1.0 - EDGE)
    return np.asarray(np.log(q / (1.0 - q)), dtype=np.float64)


def at_rate(
    probability: float, rate: float, default: float, shift: Mapping[str, Any] | None
) -> float:
    """``probability`` from a map fitted at the ``default`` rate, read at ``rate``
    (unchanged at the default, or where no ``shift`` has been fitted)."""
    if shift is None or rate == default:
        return probability
    moved = float(_logit(probability)) + float(shift["a"]) * (rate / default - 1.0)
    return float(1.0 / (1.0 + np.exp(-moved)))


def fit_shift(
    probabilities: Sequence[float], rates: Sequence[float], hits: Sequence[bool], default: float
) -> dict[str, float]:
    """``a`` of the shift, by logistic regression of ``hits`` with the map's log odds as
    offset: each node's probability under the map, and the rate it was searched at."""
    z = _logit(np.asarray(probabilities, dtype=np.float64))
    lever = np.asarray(rates, dtype=np.float64) / default - 1.0
    y = np.asarray(hits, dtype=np.float64)

    def loss(w: FloatArray) -> tuple[float, FloatArray]:
        eta = z + w[0] * lever
        p = 1.0 / (1.0 + np.exp(-eta))
        return float(np.sum(np.logaddexp(0.0, eta) - y * eta)), np.array([lever @ (p - y)])

    w = minimize(loss, np.zeros(1), jac=True, method="L-BFGS-B").x
    return {"a": round(float(w[0]), 6)}
