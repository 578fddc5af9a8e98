"""Robust least squares and the noise statistics the search is normalised by.

Huber IRLS keeps a lockdown or a holiday the model does not know from bending the ordinary
fit; the measured variance inflation keeps autocorrelated noise and slow spells from passing
for a change.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]

#: Huber's tuning constant: 95 % efficiency under Gaussian noise.
HUBER_C = 1.345
#: Small ridge that keeps nearly collinear calendar columns (Spring Festival bins, holidays
#: and weekday dummies overlap) solvable without changing well-determined coefficients.
RIDGE = 1e-6
#: Noise floor on the log scale (0.1 %): a constructed series can be exactly flat between
#: its steps (a ratio of two shares), and a change smaller than this means nothing here.
MIN_SCALE = 1e-3


@dataclass(frozen=True)
class Fit:
    """A weighted least-squares fit: coefficients, their unscaled covariance, the weights."""

    beta: FloatArray
    xtwx_inv: FloatArray
    weights: FloatArray
    scale: float


def _median(values: FloatArray) -> float:
    """``np.median`` of a non-empty array without NaNs, to the bit, without its wrappers:
    the search asks for thousands of these on short arrays."""
    k = values.size // 2
    if values.size % 2:
        return float(np.partition(values, k)[k])
    part = np.partition(values, (k - 1, k))
    return float((part[k - 1] + part[k]) / 2.0)


def robust_scale(residual: FloatArray) -> float:
    """Normalised median absolute deviation (NaNs ignored), at least ``MIN_SCALE``."""
    finite = residual[np.isfinite(residual)]
    if finite.size == 0:
        return MIN_SCALE
    mad = _median(np.abs(finite - _median(finite)))
    return max(1.4826 * mad, MIN_SCALE)


def _solve(x: FloatArray, y: FloatArray, w: FloatArray) -> tuple[FloatArray, FloatArray]:
    xw = x * w[:, None]
    gram = x.T @ xw
    gram[np.diag_indices_from(gram)] += RIDGE * max(float(np.trace(gram)) / gram.shape[0], 1.0)
    inv = np.asarray(np.linalg.inv(gram), dtype=np.float64)
    beta = np.asarray(inv @ (xw.T @ y), dtype=np.float64)
    return beta, inv


def huber_fit(
    x: FloatArray,
    y: FloatArray,
    observed: NDArray[np.bool_],
    *,
    weights: FloatArray | None = None,
    iterations: int = 4,
) -> Fit:
    """Huber M-estimate by iteratively reweighted least squares; missing days weigh zero.

    ``weights`` from an earlier fit of a similar model start the iterations closer to the end.
    """
    y0 = np.where(observed, y, 0.0)
    w = observed.astype(np.float64) if weights is None else weights
    beta, inv = _solve(x, y0, w)
    scale = 1.0
    for _ in range(iterations):
        r = y0 - x @ beta
        scale = robust_scale(np.where(observed, r, np.nan))
        u = np.abs(r) / (HUBER_C * scale)
        w = np.where(observed, 1.0 / np.maximum(u, 1.0), 0.0)
        beta, inv = _solve(x, y0, w)
    return Fit(beta=beta, xtwx_inv=inv, weights=w, scale=scale)


def huber_loss(r: FloatArray, scale: float) -> float:
    """Huber's ρ summed over the days, in units of ``scale``: what ``huber_fit`` minimises."""
    u = np.abs(r) / (HUBER_C * scale)
    return float(np.sum(np.where(u <= 1.0, 0.5 * u**2, u - 0.5)))


#: Averaging lengths (days) at which the noise's variance inflation is measured.
BLOCK_LENGTHS = (1, 3, 7, 14, 28, 56)


@dataclass(frozen=True)
class Noise:
    """Residual scale and how much averaging over L days fails to shrink it.

    ``factors[i]`` = L · Var(mean of L days) / σ² at ``BLOCK_LENGTHS[i]``: 1 for white noise,
    (1 + φ)/(1 − φ) for long AR(1) stretches, more when slow spells (weather, a wandering
    level) ride on the day-to-day noise. Measured, not modelled, so mixed noise is honest too.
    """

    sigma: float
    factors: tuple[float, ...]
    weekly: float = 1.0  # the same inflation for evidence that follows the weekly shape

    def factor(self, length: FloatArray) -> FloatArray:
        """Variance inflation of means over ``length`` days (log-length interpolation)."""
        logs = np.log(np.maximum(np.asarray(length, dtype=np.float64), 1.0))
        return np.interp(logs, np.log(BLOCK_LENGTHS), self.factors)

    @property
    def long_run(self) -> float:
        """The inflation for steps and slope changes, whose evidence spans months."""
        return self.factors[-1]


def white_noise() -> Noise:
    """Unit white noise: what the residual is taken for when its spread is under the floor."""
    return Noise(1.0, tuple(1.0 for _ in BLOCK_LENGTHS))


#: Block length (days) over which the weekly shape's amplitude is read for ``Noise.weekly``.
WEEKLY_BLOCK = 28
#: Bounds of ``Noise.weekly``: a handful of blocks cannot measure it more finely.
WEEKLY_FACTOR_RANGE = (0.25, 4.0)


def weekly_factor(residual: FloatArray, weekly: FloatArray) -> float:
    """How much more (or less) noise rides on the weekly shape than white noise would put
    there: slow weather spells load the long-run factor but hardly the weekly frequencies.

    The amplitude of the shape is read in 4-week blocks; the spread of differences of
    neighbouring blocks, against what σ = 1 gives, is the factor (differences, so that a
    drifting or changed amplitude does not pass for noise).
    """
    values = np.where(np.isfinite(residual), residual, 0.0)
    shape = np.where(np.isfinite(residual), weekly, 0.0)
    blocks = values.size // WEEKLY_BLOCK
    if blocks < 8:
        return 1.0
    cut = blocks * WEEKLY_BLOCK
    ww = (shape[:cut] ** 2).reshape(blocks, WEEKLY_BLOCK).sum(axis=1)
    wr = (shape[:cut] * values[:cut]).reshape(blocks, WEEKLY_BLOCK).sum(axis=1)
    ok = ww > 1e-12
    amplitude, weight = wr[ok] / ww[ok], ww[ok]
    if amplitude.size < 8:
        return 1.0
    diffs = np.diff(amplitude) / np.sqrt(1.0 / weight[1:] + 1.0 / weight[:-1])
    return float(np.clip(robust_scale(diffs) ** 2, *WEEKLY_FACTOR_RANGE))


def noise_profile(residual: FloatArray, weekly: FloatArray) -> Noise:
    """Measure σ and the variance inflation from block means (NaN = missing).

    The spread of L-day means is read from their second differences (m₀ − 2m₁ + m₂ has six
    times a mean's variance when blocks are independent), so that level shifts and slope
    changes still in the residual, the very things to be found, do not pass for noise;
    ``weekly`` is the fitted weekly shape, for ``Noise.weekly``.
    """
    sigma = robust_scale(residual)
    values = np.where(np.isfinite(residual), residual, 0.0)
    counts = np.isfinite(residual).astype(np.float64)
    cv = np.concatenate([[0.0], np.cumsum(values)])
    cc = np.concatenate([[0.0], np.cumsum(counts)])
    factors = [1.0]
    for length in BLOCK_LENGTHS[1:]:
        curvature = []
        for offset in range(0, length, max(1, length // 4)):
            starts = np.arange(offset, residual.size - length + 1, length)
            n_obs = cc[starts + length] - cc[starts]
            means = (cv[starts + length] - cv[starts]) / np.maximum(n_obs, 1.0)
            means[n_obs < length / 2] = np.nan
            second = means[:-2] - 2.0 * means[1:-1] + means[2:]
            curvature.append(second[np.isfinite(second)])
        found = np.concatenate(curvature) if curvature else np.array([])
        if found.size < 8:
            factors.append(factors[-1])
            continue
        ratio = length * robust_scale(found) ** 2 / 6.0 / sigma**2
        factors.append(float(np.clip(ratio, factors[-1], length)))
    week = weekly_factor(residual / sigma, weekly)
    return Noise(sigma=sigma, factors=tuple(round(f, 6) for f in factors), weekly=round(week, 6))



#: A day is a lone outlier when it lies this many σ (of day-to-day differences) away from the
#: median of the three days before it and from that of the three days after, on one side.
OUTLIER_SIGMAS = 8.0


def _median3(a: FloatArray, b: FloatArray, c: FloatArray) -> FloatArray:
    """Median of three arrays element by element, of those present where some are missing
    (NaN where none is)."""
    out = np.maximum(np.minimum(a, b), np.minimum(np.maximum(a, b), c))
    gaps = np.flatnonzero(np.isnan(out))
    if gaps.size:
        rows = np.sort(np.stack([a[gaps], b[gaps], c[gaps]]), axis=0)  # missing ones sort last
        one = np.isfinite(rows).sum(axis=0) == 1
        out[gaps] = np.where(one, rows[0], 0.5 * (rows[0] + rows[1]))  # none: stays NaN
    return np.asarray(out, dtype=np.float64)


def lone_outliers(residual: FloatArray) -> NDArray[np.bool_]:
    """Days that stand apart from the days on both sides of them (one- or two-day glitches).

    A step or the onset of an episode keeps the days after it displaced too, so it is never
    flagged; only what returns at once is. Prewhitening turns such a glitch into a spike that
    looks like the first day of a step, so the search treats these days as missing.
    """
    n = residual.size
    padded = np.concatenate([np.full(3, np.nan), residual, np.full(3, np.nan)])
    before = _median3(padded[0:n], padded[1 : n + 1], padded[2 : n + 2])
    after = _median3(padded[4 : n + 4], padded[5 : n + 5], padded[6 : n + 6])
    limit = OUTLIER_SIGMAS * robust_scale(np.diff(residual)) / np.sqrt(2.0)
    with np.errstate(invalid="ignore"):
        up = (residual - before > limit) & (residual - after > limit)
        down = (before - residual > limit) & (after - residual > limit)
    return np.asarray(up | down, dtype=bool)
