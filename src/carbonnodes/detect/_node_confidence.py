"""How likely a node is to be a real change: a logistic model of its |t|, its kind,
the width of its effect's interval, whether the calendar explains it (and, for a map fitted on
series of several lengths, the length of its series).

|t| alone assumes the ordinary model is right. It never quite is: a slow swing it has no
column for, or a festival that returns differently each year, leaves small changes whose
|t| is overstated because their effect is known precisely. A real change of the same |t|
tends to be larger and its interval wider. On labelled simulated series, the interval's
width beside |t| and the kind tells the two apart better than |t| alone. The model is
fitted by ``_calibrate`` (``fit_node_model``) and read from ``calibration.json``.

A node that a calendar event or data artefact explains was real more often than its |t|
alone says (held-out, long series: nodes explained and said 0.2–0.6 were real 50–100 % of
the time), partly because a lockdown or a heating edge moves the data as a change does and
partly because the scorer never counts a named node on a calendar effect as false. Pooled
with them, the unexplained nodes, the policy candidates, read 0.04–0.06 too high; a term for
it mends both (docs/detect-history.md, session 24). The two-year map does not read it.

An unexplained node is a policy candidate, so it is reported only if the model finds it
more likely real than not (``MIN_CONFIDENCE``). A node with a calendar or data cause is
always reported with that cause, whatever its confidence.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import minimize

from carbonnodes.detect._design import YEAR_DAYS
from carbonnodes.model import NodeKind

FloatArray = NDArray[np.float64]

#: The model's inputs. A map names those it uses (``"features"``): ``log_years`` only where it
#: is fitted on series of several lengths, as the long-series map is.
FEATURES = (
    "log_score", "trend_change", "seasonal", "anomaly", "log_interval", "explained", "log_years"
)
#: The terms of a map fitted on one length of series: there the length is a constant.
NODE_TERMS = FEATURES[:-1]
#: Unexplained nodes less likely real than this are not reported.
MIN_CONFIDENCE = 0.5
#: Ridge on the standardised coefficients (the intercept is free).
RIDGE = 1.0
#: Narrowest interval width counted (a ratio's effects can round to nothing).
MIN_WIDTH = 1e-3


def node_features(
    kind: NodeKind, score: float, interval: tuple[float, float], n_days: int, explained: bool
) -> dict[str, float]:
    """The model's inputs for one node: log |t|, its kind (a level shift is the baseline),
    the log width of its effect's 90 % interval, in the effect's own unit, whether the
    calendar explains it, and the log of its series' length in years."""
    width = max(interval[1] - interval[0], MIN_WIDTH)
    return {
        "log_score": float(np.log(max(score, MIN_WIDTH))),
        "trend_change": float(kind == "trend_change"),
        "seasonal": float(kind == "seasonal"),
        "anomaly": float(kind == "anomaly"),
        "log_interval": float(np.log(width)),
        "explained": float(explained),
        "log_years": float(np.log(n_days / YEAR_DAYS)),
    }


def is_reported(confidence: float, explained: bool, floor: float = MIN_CONFIDENCE) -> bool:
    """Whether a node is reported: it names a cause, or is at least ``floor`` likely."""
    return explained or confidence >= floor


def model_probability(entry: Mapping[str, Any], features: Mapping[str, float]) -> float:
    """The fitted model's probability for one node's ``features`` (those it names)."""
    values = np.array([features[name] for name in entry["features"]])
    x = (values - np.asarray(entry["mean"])) / np.asarray(entry["scale"])
    z = float(entry["intercept"]) + float(x @ np.asarray(entry["weights"]))
    return float(1.0 / (1.0 + np.exp(-z)))


def fit_node_model(
    features: Sequence[Mapping[str, float]],
    hits: Sequence[bool],
    terms: Sequence[str],
) -> dict[str, Any]:
    """Ridge-penalised logistic regression of hit on the standardised ``terms``."""
    raw = np.array([[row[name] for name in terms] for row in features], dtype=np.float64)
    y = np.asarray(hits, dtype=np.float64)
    mean = raw.mean(axis=0)
    spread = raw.std(axis=0)
    scale = np.where(spread > 0, spread, 1.0)
    design = np.column_stack([np.ones(len(y)), (raw - mean) / scale])
    penalty = np.r_[0.0, np.full(raw.shape[1], RIDGE)]

    def loss(w: FloatArray) -> tuple[float, FloatArray]:
        z = design @ w
        p = 1.0 / (1.0 + np.exp(-z))
        value = float(np.sum(np.logaddexp(0.0, z) - y * z) + penalty @ w**2)
        return value, design.T @ (p - y) + 2.0 * penalty * w

    w = minimize(loss, np.zeros(design.shape[1]), jac=True, method="L-BFGS-B").x
    return {
        "features": list(terms),
        "mean": [round(float(v), 6) for v in mean],
        "scale": [round(float(v), 6) for v in scale],
        "intercept": round(float(w[0]), 6),
        "weights": [round(float(v), 6) for v in w[1:]],
    }
