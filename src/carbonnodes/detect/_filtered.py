"""Inner products of prewhitened candidate columns, for every start day at once.

Filtered with a(L) = 1 + a_1 L + … + a_p L^p, a step from τ is c_0 … c_{p−1} on its first p
days and c_p = A(1) after (c_j = a_0 + … + a_j), and a slope change from τ is
h_0 … h_{p−1} on its first p days and c_p (t − τ) − D after (D = Σ k a_k). Their inner
products with any vector, and their norms, are then a few shifted arrays and tail sums: the
search scores every day as a candidate in a few passes over the residual.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from carbonnodes.detect._whiten import Whitener

FloatArray = NDArray[np.float64]


def tail_sums(values: FloatArray) -> FloatArray:
    """Sums from each index to the end (length n + 1, last = 0)."""
    return np.concatenate([np.cumsum(values[::-1])[::-1], [0.0]])


def tails_from(values: FloatArray, offset: int) -> FloatArray:
    """Tail sums from τ + ``offset`` for τ = 0 … n (zero beyond the end)."""
    n = values.size
    return np.concatenate([tail_sums(values), np.zeros(offset)])[offset : n + offset + 1]


def shifted(values: FloatArray, j: int) -> FloatArray:
    """values[τ + j] for τ = 0 … n (zero beyond the end)."""
    n = values.size
    out = np.zeros(n + 1)
    if j < n:
        out[: n - j] = values[j:]
    return out


def off_baseline(norm: FloatArray, cross: FloatArray, gram_inv: FloatArray) -> FloatArray:
    """Squared norms once the baseline is projected out: ‖x‖² − gᵀ G⁻¹ g per candidate, with
    ``cross`` the candidates' inner products g with the baseline columns (last axis)."""
    if cross.shape[-1] == 2:  # level and trend: written out, the common case, twice as fast
        g0, g1 = cross[..., 0], cross[..., 1]
        proj = g0 * g0 * gram_inv[0, 0] + 2.0 * g0 * g1 * gram_inv[0, 1] + g1 * g1 * gram_inv[1, 1]
    else:
        proj = ((cross @ gram_inv) * cross).sum(axis=-1)
    return np.asarray(np.maximum(norm - proj, 0.0), dtype=np.float64)


def inverse(denominator: FloatArray, margin: int = 0) -> FloatArray:
    """1 / denominator, zero where a candidate is degenerate or within ``margin`` of an end."""
    inv = np.where(denominator > 1e-12, 1.0 / np.maximum(denominator, 1e-12), 0.0)
    if margin:
        inv[..., :margin] = 0.0
        inv[..., inv.shape[-1] - margin :] = 0.0
    return np.asarray(inv, dtype=np.float64)


class FilteredColumns:
    """Filtered step and slope-change columns from every τ = 0 … n, on the days ``mask``
    marks as usable (1.0) after filtering."""

    def __init__(self, whitener: Whitener, mask: FloatArray) -> None:
        self.n = mask.size
        self.p = whitener.order
        self.c = whitener.partial
        a = whitener.a
        lags = np.arange(a.size, dtype=np.float64)
        self.d = float((lags * a).sum())
        self.h = np.array([(a[: j + 1] * (j - lags[: j + 1])).sum() for j in range(self.p)])
        self.t = np.arange(self.n, dtype=np.float64)
        self.mask = mask

    @property
    def level(self) -> float:
        """A(1): what a filtered step is worth once its first p days are past."""
        return float(self.c[self.p])

    def step(self, v: FloatArray) -> FloatArray:
        """Σ_t step(τ)_t · v_t (``v`` zero where not usable)."""
        out = self.level * tails_from(v, self.p)
        for j in range(self.p):
            out += self.c[j] * shifted(v, j)
        return out

    def step_cross(self, lag: int) -> FloatArray:
        """Σ_t step(τ − lag)_t · step(τ)_t · m_t: the norm (lag 0) and the overlap of the two
        steps of an episode ``lag`` days long ending at τ (every lag ≥ p gives the same)."""
        out = self.level**2 * tails_from(self.mask, self.p)
        for j in range(self.p):
            out += self.c[min(lag + j, self.p)] * self.c[j] * shifted(self.mask, j)
        return out

    def hinge(self, v: FloatArray) -> FloatArray:
        """Σ_t slope(τ)_t · v_t, the slope change (t − τ)₊ counted in days."""
        tau = np.arange(self.n + 1, dtype=np.float64)
        tv = tails_from(v, self.p)
        out = self.level * (tails_from(self.t * v, self.p) - tau * tv) - self.d * tv
        for j in range(self.p):
            out += self.h[j] * shifted(v, j)
        return out

    def hinge_norm(self) -> FloatArray:
        """Σ_t slope(τ)_t² · m_t (days²)."""
        c, d, m, t = self.level, self.d, self.mask, self.t
        tau = np.arange(self.n + 1, dtype=np.float64)
        t0 = tails_from(m, self.p)
        t1 = tails_from(t * m, self.p)
        t2 = tails_from(t * t * m, self.p)
        out = c**2 * (t2 - 2 * tau * t1 + tau**2 * t0) - 2 * c * d * (t1 - tau * t0) + d**2 * t0
        for j in range(self.p):
            out += self.h[j] ** 2 * shifted(m, j)
        return np.asarray(out, dtype=np.float64)
