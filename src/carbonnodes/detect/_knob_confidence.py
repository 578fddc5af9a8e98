"""Confidence at any setting of the knob: the confidence maps' odds, moved by the rate asked for.

The maps are fitted on nodes the search finds at the default false-alarm rate. A looser
rate lowers every threshold, and what the search then adds is mostly noise: over 200
held-out four-year series the maps alone said 0.14 more than the share of reported nodes
that were real at 0.4 false nodes a year, and 0.21 more at 0.8. A stricter rate keeps the
strongest changes, which are real a little more often than the maps say. So a node's log
odds move with how many more false nodes than the default the knob lets in:
logit p' = logit p + (a + c·logit p)·(√(rate / default) − 1), fitted for each map by
``_calibrate`` on labelled simulated series searched at ``KNOB_RATES``, the rate taken as
the one the search makes (``_calibration.searched_rate``). At the default nothing moves.

Since the knob's scale is fitted at each rate (session 32), the search lets in false
nodes in proportion to the rate. On those held-out series a shift linear in the rate left
the mean confidence 0.03–0.04 over the hit rate at 0.1–0.4, one linear in its log 0.03–0.04
under at 0.05–0.2, and the square root within 0.02 from 0.01 to 0.8 (0.03 at 0.005); held-out
log loss 0.3324, against 0.3343 and 0.3344.

The term in the node's own log odds, ``c``, came in session 33. A looser search's extra
candidates are mostly weak and unexplained; one shift fitted to all of them moved the strong
nodes that pass the floor too far (by month, in a first fit at 0.4, nodes said 0.45–0.75
were real 0.64–0.88 of the time; ECE 0.086 on 1,118 nodes, with ``c`` 0.055). On four-year
series it took the benchmark's ECE from 0.070 to 0.057 at 0.4 and from 0.059 to 0.049 at
0.8 (1,200 series); judged by the log loss of every candidate, reported or not, it had
looked useless (session 32).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import minimize

FloatArray = NDArray[np.float64]

#: The rates (false nodes per series-year) the shift is fitted on, around the default 0.02.
KNOB_RATES = (0.005, 0.01, 0.05, 0.1, 0.2, 0.4, 0.8)
#: Probabilities are kept this far from 0 and 1 before their log odds are taken.
EDGE = 1e-4


def _logit(p: FloatArray | float) -> FloatArray:
    q = np.clip(np.asarray(p, dtype=np.float64), EDGE, 1.0 - EDGE)
    return np.asarray(np.log(q / (1.0 - q)), dtype=np.float64)


def _lever(rate: FloatArray | float, default: float) -> FloatArray:
    """What the shift's ``a`` multiplies: 0 at the default, growing as √rate."""
    return np.asarray(np.sqrt(np.asarray(rate, dtype=np.float64) / default) - 1.0)


def at_rate(
    probability: float, rate: float, default: float, shift: Mapping[str, Any] | None
) -> float:
    """``probability`` from a map fitted at the ``default`` rate, read at ``rate``
    (unchanged at the default, or where no ``shift`` has been fitted)."""
    if shift is None or rate == default:
        return probability
    z = float(_logit(probability))
    slope = float(shift["a"]) + float(shift["c"]) * z
    return float(1.0 / (1.0 + np.exp(-(z + slope * float(_lever(rate, default))))))


def fit_shift(
    probabilities: Sequence[float], rates: Sequence[float], hits: Sequence[bool], default: float
) -> dict[str, float]:
    """``a`` and ``c`` of the shift, by logistic regression of ``hits`` with the map's log
    odds as offset: each node's probability under the map, and the rate it was searched at."""
    z = _logit(np.asarray(probabilities, dtype=np.float64))
    lever = _lever(np.asarray(rates, dtype=np.float64), default)
    columns = np.column_stack([lever, z * lever])
    y = np.asarray(hits, dtype=np.float64)

    def loss(w: FloatArray) -> tuple[float, FloatArray]:
        eta = z + columns @ w
        p = 1.0 / (1.0 + np.exp(-eta))
        return float(np.sum(np.logaddexp(0.0, eta) - y * eta)), columns.T @ (p - y)

    w = minimize(loss, np.zeros(2), jac=True, method="L-BFGS-B").x
    return {"a": round(float(w[0]), 6), "c": round(float(w[1]), 6)}
