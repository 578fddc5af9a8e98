"""Scoring every candidate of the four search families at once, with cumulative sums.

A candidate's z² is (its column · residual)² over the squared norm of its column once the
baseline (level, linear trend) is projected out, times the noise variance its evidence carries.
The denominators depend only on which days are observed, the weekly shape and the noise, so
they are computed once per search; each round then costs a few passes over the residual.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
from numpy.typing import NDArray

from carbonnodes.detect._robust import Noise

FloatArray = NDArray[np.float64]
Family = Literal["step", "box", "hinge", "season"]
FAMILIES: tuple[Family, ...] = ("step", "box", "hinge", "season")

#: Episode lengths tried (days); a box's end is refined to the day after it is chosen.
BOX_LENGTHS = np.array(
    [3, 4, 5, 6, 7, 8, 9, 10, 12, 14, 16, 18, 21, 24, 28, 32, 36, 42, 49, 56, 63, 70, 80,
     90, 100, 112, 126, 140, 160, 180, 200, 220, 240],
    dtype=np.int64,
)
#: Steps this close to either end are indistinguishable from an episode still going on.
STEP_MARGIN = 14
#: A slope change needs a season's worth of days on each side to be told from the cycle.
HINGE_MARGIN = 90
#: A weekly-amplitude change needs eight weeks on each side.
SEASON_MARGIN = 56
#: Evidence for a change of the weekly swing counts only beyond this factor of growth (or its
#: inverse of shrinking): the swing drifts by up to a third between years as a matter of course,
#: while the changes that matter are several-fold (Tianjin Ground Transport's Sunday dip:
#: −3.4 % in 2019, −11.9 % in 2020, within ±1.3 % in 2021–22).
MIN_WEEKLY_RATIO = 1.3
YEAR = 365.25


def tail_sums(values: FloatArray) -> FloatArray:
    """Sums from each index to the end (length n + 1, last = 0)."""
    return np.concatenate([np.cumsum(values[::-1])[::-1], [0.0]])


def _off_baseline(
    norm: FloatArray, with_one: FloatArray, with_t: FloatArray, m: FloatArray
) -> FloatArray:
    """Squared norm of candidate columns once level and linear trend are projected out, from
    their squared norms and inner products with 1 and t (t in years)."""
    t = np.arange(m.size, dtype=np.float64) / YEAR
    g00, g01, g11 = m.sum(), (m * t).sum(), (m * t * t).sum()
    det = g00 * g11 - g01**2
    proj = (g11 * with_one**2 - 2 * g01 * with_one * with_t + g00 * with_t**2) / det
    return np.asarray(np.maximum(norm - proj, 0.0), dtype=np.float64)


def _inverse(denominator: FloatArray, margin: int = 0) -> FloatArray:
    """1 / denominator, zero where a candidate is degenerate or too near an end."""
    inv = np.where(denominator > 1e-12, 1.0 / np.maximum(denominator, 1e-12), 0.0)
    if margin:
        inv[..., :margin] = 0.0
        inv[..., inv.shape[-1] - margin :] = 0.0
    return np.asarray(inv, dtype=np.float64)


class Scorer:
    """z² of every candidate of every family for residuals on one set of observed days."""

    def __init__(self, observed: NDArray[np.bool_], weekly: FloatArray, noise: Noise) -> None:
        n = observed.size
        m = observed.astype(np.float64)
        t = np.arange(n, dtype=np.float64) / YEAR
        self.n = n
        self.t = t
        self.weekly = np.where(observed, weekly, 0.0)
        sigma2 = noise.sigma**2
        long_run = sigma2 * noise.long_run
        # steps: the column is 1 from τ on
        k = tail_sums(m)[:n]
        self.step_inv = _inverse(_off_baseline(k, k, tail_sums(m * t)[:n], m) * long_run,
                                 STEP_MARGIN)
        # boxes: 1 on [start, start + L)
        cm = np.concatenate([[0.0], np.cumsum(m)])
        ct = np.concatenate([[0.0], np.cumsum(m * t)])
        starts = np.arange(n)
        ends = starts[:, None] + BOX_LENGTHS[None, :]
        valid = ends < n
        self.box_ends = np.minimum(ends, n)
        count = cm[self.box_ends] - cm[starts][:, None]
        norm = _off_baseline(count, count, ct[self.box_ends] - ct[starts][:, None], m)
        factor = noise.factor(BOX_LENGTHS.astype(np.float64))[None, :]
        self.box_inv = np.where(valid & (count >= 3), _inverse(norm * factor * sigma2), 0.0)
        # hinges: (t − τ)₊
        a0, a1, a2 = tail_sums(m)[:n], tail_sums(m * t)[:n], tail_sums(m * t * t)[:n]
        hh = a2 - 2 * t * a1 + t**2 * a0
        self.hinge_inv = _inverse(_off_baseline(hh, a1 - t * a0, a2 - t * a1, m) * long_run,
                                  HINGE_MARGIN)
        # weekly amplitude from τ on, against the weekly shape itself
        ww = tail_sums(self.weekly**2)[:n]
        self.season_share = ww / ww[0] if ww[0] > 0 else np.zeros(n)
        self.season_norm = ww * (1.0 - self.season_share)
        self.season_inv = _inverse(self.season_norm * sigma2 * noise.weekly, SEASON_MARGIN)

    def scores(self, r: FloatArray) -> dict[Family, FloatArray]:
        """z² per candidate for residual ``r`` (zero on missing days, baseline removed)."""
        t = self.t
        tail_r = tail_sums(r)[: self.n]
        cr = np.concatenate([[0.0], np.cumsum(r)])
        box = cr[self.box_ends] - cr[:-1][:, None]
        hinge = tail_sums(r * t)[: self.n] - t * tail_r
        wr = tail_sums(self.weekly * r)[: self.n]
        season = wr - self.season_share * wr[0]
        return {
            "step": tail_r**2 * self.step_inv,
            "box": box**2 * self.box_inv,
            "hinge": hinge**2 * self.hinge_inv,
            "season": self._beyond_drift(season) ** 2 * self.season_inv,
        }

    def _beyond_drift(self, season: FloatArray) -> FloatArray:
        """The part of each candidate's evidence beyond a swing change of ``MIN_WEEKLY_RATIO``.

        The fitted shape is the whole series' average, so a coefficient b on the shape from τ
        on means a swing of 1 − b·s before and 1 + b·(1 − s) after (s: the share of the
        shape's weight after τ); the bounds are the b at which that ratio is R or 1/R. What
        lies within them is ordinary year-to-year drift and scores zero.
        """
        r, s = MIN_WEEKLY_RATIO, self.season_share
        up = (r - 1.0) / (1.0 - s + r * s) * self.season_norm
        down = (1.0 / r - 1.0) / (1.0 - s + s / r) * self.season_norm
        return np.asarray(
            np.where(season > up, season - up, np.where(season < down, season - down, 0.0)),
            dtype=np.float64,
        )
