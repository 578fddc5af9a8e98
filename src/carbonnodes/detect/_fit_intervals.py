"""Widening the effects' 90 % intervals until they hold the true effect nine times in ten.

The model's interval is the least-squares standard error of a change's coefficient, inflated
by the noise's measured autocorrelation: right only if the ordinary model and the changes
found are the whole story. On labelled simulated series they are not, and the model's
intervals held the true effect of 0.39 of the episodes found, 0.60 of the level shifts and
0.43 of the slope changes (docs/detect-history.md, session 30). Two kinds of error are missing:

- noise over years (the slow wander, weather spells) that the 56-day variance factor does not
  see, which scales with the standard error; the standardised errors of level shifts spread
  about twice as wide as they should;
- errors that grow with the change: an episode's box sits at the mean of a hold that recovers
  part of its depth before the return, a change fitted beside a missed or a spurious one
  shares its effect with it, a slope change dated a month off.

So the reported half-width is Z90 · √((k·se)² + (c·b)²), with b the coefficient and se the
model's standard error, on the scale the effect is computed from. For each kind of node and
band of series length, ``fit_widening`` picks the (k ≥ 1, c ≥ 0) whose intervals hold 90 %
of the labelled hits' true effects and are narrowest (least mean log width). k ≥ 1: an
interval is never narrower than the model's own.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from carbonnodes.detect._effects import Z90

FloatArray = NDArray[np.float64]

#: The share of true effects a fitted interval holds.
COVERAGE = 0.9
#: The relative terms c tried.
RELATIVE_GRID = np.round(np.arange(0.0, 0.505, 0.01), 2)
#: Fewest hits of a kind to fit its own widening; below, the kinds' pooled one is used.
MIN_HITS = 40
#: No widening: the model's own interval.
NONE = (1.0, 0.0)


def widened_se(se: float, value: float, widening: Sequence[float]) -> float:
    """The standard error a reported interval is drawn with."""
    k, c = widening
    return float(np.hypot(k * se, c * value))


def _least_k(error: FloatArray, se: FloatArray, value: FloatArray, c: float) -> float:
    """The smallest k ≥ 1 whose intervals hold ``COVERAGE`` of the errors, given c: a hit
    is held once k reaches √(max((error/Z90)² − (c·b)², 0)) / se."""
    need = np.sqrt(np.maximum((error / Z90) ** 2 - (c * value) ** 2, 0.0)) / se
    rank = int(np.ceil(COVERAGE * need.size)) - 1
    return max(1.0, float(np.sort(need)[rank]))


def fit_widening(
    values: Sequence[float], ses: Sequence[float], truths: Sequence[float]
) -> tuple[float, float]:
    """(k, c) for hits with coefficient ``values``, standard errors ``ses`` and true
    coefficients ``truths`` (all on the scale the interval is drawn on)."""
    b = np.asarray(values, dtype=np.float64)
    se = np.asarray(ses, dtype=np.float64)
    error = np.abs(b - np.asarray(truths, dtype=np.float64))
    best: tuple[float, float, float] | None = None
    for c in RELATIVE_GRID:
        k = _least_k(error, se, b, float(c))
        width = float(np.mean(np.log(np.hypot(k * se, c * b))))
        if best is None or width < best[0] - 1e-12:
            best = (width, k, float(c))
    assert best is not None
    return round(best[1], 4), best[2]


def fit_widenings(
    hits: Sequence[tuple[str, float, float, float]],
) -> dict[str, list[float]]:
    """Per kind, (k, c) from its hits (kind, coefficient, standard error, true coefficient);
    a kind with fewer than ``MIN_HITS`` takes the one fitted on all kinds together."""
    usable = [h for h in hits if np.isfinite(h[1:]).all() and h[2] > 0]
    if len(usable) < MIN_HITS:
        return {}
    pooled = fit_widening(*zip(*((b, s, t) for _, b, s, t in usable), strict=True))
    out = {}
    for kind in sorted({h[0] for h in usable}):
        own = [(b, s, t) for k, b, s, t in usable if k == kind]
        out[kind] = list(fit_widening(*zip(*own, strict=True)) if len(own) >= MIN_HITS else pooled)
    return out
