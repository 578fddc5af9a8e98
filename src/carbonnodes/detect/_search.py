"""Greedy search for what the ordinary model left over: steps, episodes, slope and weekly changes.

Each round scores every candidate of four families on the current residual in O(n) or
O(n · lengths) with cumulative sums, normalised by the AR(1)-inflated noise variance, takes the
candidate that beats its family's false-alarm threshold by the widest margin, projects it out
and goes again. Families: ``step`` (level shift), ``box`` (an episode that returns: anomaly),
``hinge`` (slope change: trend change) and ``season`` (the weekly amplitude changes).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
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
MAX_COMPONENTS = 24
#: Rounds of forward selection followed by a backfitting sweep.
SWEEPS = 1
LOOKAHEAD = True


@dataclass(frozen=True)
class KnownSteps:
    """Days where a step is expected (data construction) and the z² such a step must beat."""

    days: NDArray[np.int64]
    threshold: float


@dataclass(frozen=True)
class Component:
    """One selected change: family, first day, end (exclusive, boxes only), selection z²."""

    family: Family
    start: int
    end: int
    z2: float


_DROPPED = Component("step", -1, -1, 0.0)


def regressor(c: Component, n: int, weekly: FloatArray) -> FloatArray:
    """The column a component adds to the model (log scale)."""
    t = np.arange(n, dtype=np.float64)
    if c.family == "step":
        return (t >= c.start).astype(np.float64)
    if c.family == "box":
        return ((t >= c.start) & (t < c.end)).astype(np.float64)
    if c.family == "hinge":
        return np.maximum(t - c.start, 0.0) / 365.25
    return np.where(t >= c.start, weekly, 0.0)


def _project(r0: FloatArray, z: FloatArray, obs: NDArray[np.bool_]) -> FloatArray:
    """``r0`` minus its least-squares fit on the columns of ``z`` (zero on missing days)."""
    zo = z * obs[:, None]
    gram = zo.T @ zo
    gram[np.diag_indices_from(gram)] += 1e-9 * max(float(np.trace(gram)), 1.0)
    coef = np.linalg.solve(gram, zo.T @ r0)
    return np.where(obs, r0 - z @ coef, 0.0)


def _tail(values: FloatArray) -> FloatArray:
    """Sums from each index to the end (length n + 1, last = 0)."""
    return np.concatenate([np.cumsum(values[::-1])[::-1], [0.0]])


def _off_baseline(
    norm: FloatArray, with_one: FloatArray, with_t: FloatArray, m: FloatArray
) -> FloatArray:
    """Squared norm of candidate columns once the baseline (level, linear trend) is projected
    out, from their squared norms and inner products with 1 and t (t in years)."""
    t = np.arange(m.size, dtype=np.float64) / 365.25
    g00, g01, g11 = m.sum(), (m * t).sum(), (m * t * t).sum()
    det = g00 * g11 - g01**2
    proj = (g11 * with_one**2 - 2 * g01 * with_one * with_t + g00 * with_t**2) / det
    return np.asarray(np.maximum(norm - proj, 0.0), dtype=np.float64)


def _step_scores(r: FloatArray, m: FloatArray, var_long: float) -> FloatArray:
    n = r.size
    t = np.arange(n, dtype=np.float64) / 365.25
    k = _tail(m)[:n]
    s = _tail(r)[:n]
    denom = _off_baseline(k, k, _tail(m * t)[:n], m)
    z2 = np.where(denom > 1e-9, s**2 / np.maximum(denom, 1e-9), 0.0) / var_long
    z2[:STEP_MARGIN] = 0.0
    z2[n - STEP_MARGIN :] = 0.0
    return z2


def _box_scores(r: FloatArray, m: FloatArray, noise: Noise) -> FloatArray:
    """z² for every (start, length-grid index); boxes reaching the series end are steps."""
    n = r.size
    t = np.arange(n, dtype=np.float64) / 365.25
    cr = np.concatenate([[0.0], np.cumsum(r)])
    cm = np.concatenate([[0.0], np.cumsum(m)])
    ct = np.concatenate([[0.0], np.cumsum(m * t)])
    starts = np.arange(n)
    ends = starts[:, None] + BOX_LENGTHS[None, :]
    valid = ends < n
    ends = np.minimum(ends, n)
    count = cm[ends] - cm[starts][:, None]
    s = cr[ends] - cr[starts][:, None]
    norm = _off_baseline(count, count, ct[ends] - ct[starts][:, None], m)
    factor = noise.factor(BOX_LENGTHS.astype(np.float64))[None, :]
    denom = norm * factor * noise.sigma**2
    z2 = np.where(valid & (count >= 3), s**2 / np.maximum(denom, 1e-300), 0.0)
    return np.asarray(z2, dtype=np.float64)


def _hinge_scores(r: FloatArray, m: FloatArray, var_long: float) -> FloatArray:
    n = r.size
    t = np.arange(n, dtype=np.float64) / 365.25
    tau = t
    a0, a1, a2 = _tail(m)[:n], _tail(m * t)[:n], _tail(m * t * t)[:n]
    r0, r1 = _tail(r)[:n], _tail(r * t)[:n]
    h1 = a1 - tau * a0  # <h, 1>
    ht = a2 - tau * a1  # <h, t>
    hh = a2 - 2 * tau * a1 + tau**2 * a0
    norm = _off_baseline(hh, h1, ht, m)
    hr = r1 - tau * r0
    z2 = np.where(norm > 1e-12, hr**2 / np.maximum(norm, 1e-12), 0.0) / var_long
    z2[:HINGE_MARGIN] = 0.0
    z2[n - HINGE_MARGIN :] = 0.0
    return np.asarray(z2, dtype=np.float64)


def _season_scores(r: FloatArray, weekly: FloatArray, sigma2: float) -> FloatArray:
    n = r.size
    ww = _tail(weekly * weekly)[:n]
    wr = _tail(weekly * r)[:n]
    total_ww, total_wr = ww[0], wr[0]
    if total_ww <= 0:
        return np.zeros(n)
    norm = ww * (1.0 - ww / total_ww)
    num = wr - ww / total_ww * total_wr
    z2 = np.where(norm > 1e-12, num**2 / np.maximum(norm, 1e-12), 0.0) / sigma2
    z2[:SEASON_MARGIN] = 0.0
    z2[n - SEASON_MARGIN :] = 0.0
    return np.asarray(z2, dtype=np.float64)


def _refine_box(r: FloatArray, m: FloatArray, start: int, end: int) -> tuple[int, int]:
    """Best end to the day for a chosen start (the length grid is coarse for long boxes)."""
    n = r.size
    cr = np.concatenate([[0.0], np.cumsum(r)])
    cm = np.concatenate([[0.0], np.cumsum(m)])
    total = cm[-1]
    lo, hi = max(start + 3, end - max(3, (end - start) // 6)), min(n - 1, end + (end - start) // 6)
    ends = np.arange(lo, hi + 1)
    count = cm[ends] - cm[start]
    s = cr[ends] - cr[start]
    score = s**2 / np.maximum(count * (1.0 - count / total), 1e-12)
    best_end = int(ends[int(np.argmax(score))])
    starts = np.arange(max(0, start - 3), min(start + 4, best_end - 2))
    count = cm[best_end] - cm[starts]
    s = cr[best_end] - cr[starts]
    score = s**2 / np.maximum(count * (1.0 - count / total), 1e-12)
    return int(starts[int(np.argmax(score))]), best_end


def _scores(r: FloatArray, m: FloatArray, wk: FloatArray, noise: Noise) -> dict[Family, FloatArray]:
    sigma2 = noise.sigma**2
    var_long = sigma2 * noise.long_run
    return {
        "step": _step_scores(r, m, var_long),
        "box": _box_scores(r, m, noise),
        "hinge": _hinge_scores(r, m, var_long),
        "season": _season_scores(r, wk, sigma2),
    }


def family_maxima(residual: FloatArray, weekly: FloatArray, noise: Noise) -> dict[Family, float]:
    """The largest first-round z² of each family: what the null thresholds are fitted on."""
    obs = np.isfinite(residual)
    wk = np.where(obs, weekly, 0.0)
    basis = np.column_stack([np.ones(residual.size), np.arange(residual.size) / residual.size, wk])
    r = _project(np.where(obs, residual, 0.0), basis, obs)
    scores = _scores(r, obs.astype(np.float64), wk, noise)
    return {f: float(scores[f].max()) for f in FAMILIES}


@dataclass(frozen=True)
class _Searcher:
    """The residual-independent parts of one search: data mask, weekly shape, noise, thresholds."""

    r0: FloatArray
    obs: NDArray[np.bool_]
    weekly: FloatArray
    noise: Noise
    thresholds: dict[Family, float]
    known_steps: KnownSteps

    def residual(self, chosen: Sequence[Component]) -> FloatArray:
        """What is left of the data once the baseline and ``chosen`` are projected out."""
        n = self.r0.size
        t = np.arange(n, dtype=np.float64)
        cols = [np.ones(n), t / n, self.weekly]
        cols += [np.where(self.obs, regressor(c, n, self.weekly), 0.0) for c in chosen]
        return _project(self.r0, np.column_stack(cols), self.obs)

    def candidates(self, r: FloatArray) -> list[tuple[float, Component]]:
        """The best candidate of each family (and of the known-date steps) with its margin
        over the threshold; only those with a positive margin."""
        m = self.obs.astype(np.float64)
        scores = _scores(r, m, self.weekly, self.noise)
        picks: list[tuple[float, Family, int]] = []
        for family in FAMILIES:
            flat = scores[family].ravel()
            i = int(np.argmax(flat))
            picks.append((float(flat[i]) - self.thresholds[family], family, i))
        days = self.known_steps.days
        if days.size:
            known = scores["step"][days]
            k = int(np.argmax(known))
            picks.append((float(known[k]) - self.known_steps.threshold, "step", int(days[k])))
        found = []
        for margin, family, i in picks:
            if margin <= 0:
                continue
            if family == "box":
                start, k = divmod(i, BOX_LENGTHS.size)
                start, end = _refine_box(r, m, start, start + int(BOX_LENGTHS[k]))
                comp = Component("box", start, end, float(scores["box"].ravel()[i]))
            else:
                comp = Component(family, i, r.size, float(scores[family][i]))
            found.append((margin, comp))
        return found

    def best(self, chosen: Sequence[Component]) -> Component | None:
        """The next component: among each family's best, the one that leaves the most for the
        step after it (a one-step look-ahead against greedy's one-for-two trades)."""
        found = self.candidates(self.residual(chosen))
        if len(found) <= 1 or not LOOKAHEAD:
            return found[0][1] if found else None
        def outlook(item: tuple[float, Component]) -> float:
            after = self.candidates(self.residual([*chosen, item[1]]))
            return item[0] + max((margin for margin, _ in after), default=0.0)
        return max(found, key=outlook)[1]


def greedy_search(
    residual: FloatArray,
    weekly: FloatArray,
    *,
    noise: Noise,
    thresholds: dict[Family, float],
    known_steps: KnownSteps,
) -> list[Component]:
    """Select components until none beats its threshold, then re-place each given the others.

    Forward selection alone can take one change for two (a slope change standing in for a
    step followed by a slope change); a backfitting sweep drops each component in turn and
    puts back whatever the residual without it calls for, or nothing. NaN = missing day;
    steps on ``known_steps.days`` need only beat that (lower, known-date) threshold.
    """
    obs = np.isfinite(residual)
    searcher = _Searcher(
        r0=np.where(obs, residual, 0.0),
        obs=obs,
        weekly=np.where(obs, weekly, 0.0),
        noise=noise,
        thresholds=thresholds,
        known_steps=known_steps,
    )
    chosen: list[Component] = []
    for _ in range(SWEEPS):
        while len(chosen) < MAX_COMPONENTS:
            found = searcher.best(chosen)
            if found is None:
                break
            chosen.append(found)
        for i in range(len(chosen)):
            others = chosen[:i] + chosen[i + 1 :]
            chosen[i] = searcher.best(others) or _DROPPED
        chosen = [c for c in chosen if c is not _DROPPED]
    return chosen
