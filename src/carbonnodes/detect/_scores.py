"""Scoring every candidate of the four search families at once, by generalised least squares.

The residual and every candidate column are prewhitened with the noise's own autoregressive
filter (``_whiten``). A candidate's z² is (its filtered column · filtered residual)² over the
squared norm of its filtered column once the filtered baseline (level and linear trend; the
weekly shape for weekly-cycle candidates) is projected out, times the variance the whitened
noise puts on such evidence. Inner products for every start day come from ``_filtered`` and
``_episodes``; the norms depend only on which days are usable, the filter and the noise, so
they are computed once per search and each round costs a few passes over the residual.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
from numpy.typing import NDArray

from carbonnodes.detect._design import YEAR_DAYS
from carbonnodes.detect._episodes import EpisodeScorer
from carbonnodes.detect._filtered import FilteredColumns, inverse, off_baseline, shifted, tails_from
from carbonnodes.detect._robust import Noise
from carbonnodes.detect._whiten import Whitener

FloatArray = NDArray[np.float64]
#: Scores only rank candidates; the episode grid is kept in single precision.
ScoreArray = NDArray[np.float64] | NDArray[np.float32]
Family = Literal["step", "box", "hinge", "season"]
FAMILIES: tuple[Family, ...] = ("step", "box", "hinge", "season")

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


class Scorer:
    """z² of every candidate of every family for whitened residuals on one set of days.

    ``observed`` marks the data's days, ``weekly`` is the ordinary weekly shape (every day),
    ``noise`` is measured on the whitened residual.
    """

    def __init__(
        self, observed: NDArray[np.bool_], weekly: FloatArray, noise: Noise, whitener: Whitener
    ) -> None:
        n = self.n = observed.size
        self.whitener = whitener
        self.noise = noise
        self.m = whitener.observed(observed).astype(np.float64)
        f = self.filtered = FilteredColumns(whitener, self.m)
        t = np.arange(n, dtype=np.float64)
        trend = np.column_stack([np.ones(n), t / YEAR_DAYS])
        self.baseline = whitener.apply(trend) * self.m[:, None]
        self.gram_inv: FloatArray = np.asarray(
            np.linalg.pinv(self.baseline.T @ self.baseline), dtype=np.float64
        )
        self.episodes = EpisodeScorer(f, self.baseline, self.gram_inv, observed, noise)
        long_run = noise.sigma**2 * noise.long_run
        step = off_baseline(
            self.episodes.step_sq[:n], self.episodes.step_base[:n], self.gram_inv
        )
        self.step_inv = inverse(step * long_run, STEP_MARGIN)
        self.slope_base = self.episodes.slope_base[:n] / YEAR_DAYS
        self.slope_sq = self.episodes.slope_sq[:n] / YEAR_DAYS**2
        slope = off_baseline(self.slope_sq, self.slope_base, self.gram_inv)
        self.hinge_inv = inverse(slope * long_run, HINGE_MARGIN)
        # weekly amplitude from τ on, against the whole-series weekly shape
        self.weekly_full = np.asarray(weekly, dtype=np.float64)
        self.weekly = whitener.apply(self.weekly_full * observed) * self.m
        #: what every residual is projected off before it is scored: level, trend, weekly shape
        self.search_baseline = np.column_stack([self.baseline, self.weekly])
        self.partial_weekly = self._partial_weekly()
        with_shape = self._season(self.weekly)
        ww = float(self.weekly @ self.weekly)
        self.season_share = with_shape / ww if ww > 0 else np.zeros(n)
        self.season_norm = np.maximum(self._season_sq() - self.season_share * with_shape, 0.0)
        self.season_inv = inverse(self.season_norm * noise.sigma**2 * noise.weekly, SEASON_MARGIN)

    def _partial_weekly(self) -> list[FloatArray]:
        """Σ_{k ≤ j} a_k w_{τ+j−k}: the filtered weekly-from-τ column on day τ + j < τ + p."""
        a, w = self.whitener.a, self.weekly_full
        out = []
        for j in range(self.whitener.order):
            column = np.zeros(self.n + 1)
            for k in range(j + 1):
                column += a[k] * shifted(w, j - k)
            out.append(column)
        return out

    def _season(self, v: FloatArray) -> FloatArray:
        """Σ_t filtered-weekly-from-τ_t · v_t for τ = 0 … n − 1."""
        n, p = self.n, self.whitener.order
        out = tails_from(self.weekly * v, p)[:n]
        for j, column in enumerate(self.partial_weekly):
            out = out + column[:n] * shifted(v, j)[:n]
        return np.asarray(out, dtype=np.float64)

    def _season_sq(self) -> FloatArray:
        n, p = self.n, self.whitener.order
        out = tails_from(self.weekly**2, p)[:n]
        for j, column in enumerate(self.partial_weekly):
            out = out + column[:n] ** 2 * shifted(self.m, j)[:n]
        return np.asarray(out, dtype=np.float64)

    def scores(self, e: FloatArray) -> dict[Family, ScoreArray]:
        """z² per candidate for whitened residual ``e`` (zero off ``m``; baseline removed).
        Episodes come as starts × ``EPISODE_COLUMNS``, in single precision."""
        f = self.filtered
        step = f.step(e)
        slope = f.hinge(e)
        hinge = slope[: self.n] / YEAR_DAYS
        return {
            "step": step[: self.n] ** 2 * self.step_inv,
            "box": self.episodes.grid_z2(step, slope),
            "hinge": hinge**2 * self.hinge_inv,
            "season": self._beyond_drift(self._season(e)) ** 2 * self.season_inv,
        }

    def episode_z2(
        self, e: FloatArray, starts: NDArray[np.int64], ends: NDArray[np.int64], share: float
    ) -> FloatArray:
        """z² of episodes [start, end) of any length (not only the grid)."""
        f = self.filtered
        return self.episodes.z2(f.step(e), f.hinge(e), starts, ends, share)

    def slope_given(self, e: FloatArray, chosen: FloatArray) -> FloatArray:
        """z² of every slope change given the changes already chosen (their whitened columns):
        what it adds to them. Judged without them, a slope change is pushed away from a
        neighbouring one by their overlap, often by more than the ±60 days it can be dated to.
        """
        f = self.filtered
        columns = np.column_stack([self.baseline, chosen])
        gram_inv = np.asarray(np.linalg.pinv(columns.T @ columns), dtype=np.float64)
        cross = np.column_stack(
            [self.slope_base, *(f.hinge(z)[: self.n] / YEAR_DAYS for z in chosen.T)]
        )
        norm = off_baseline(self.slope_sq, cross, gram_inv)
        variance = norm * self.noise.sigma**2 * self.noise.long_run
        return np.asarray((f.hinge(e)[: self.n] / YEAR_DAYS) ** 2 * inverse(variance, HINGE_MARGIN))

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
