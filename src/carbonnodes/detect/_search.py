"""Greedy search for what the ordinary model left over: steps, episodes, slope and weekly changes.

Each round scores every candidate of four families on the current residual (``_scores``:
cumulative sums, normalised by the measured noise inflation), looks one step ahead from each
family's best candidate, keeps the one that leaves the most, projects it out and goes again.
Families: ``step`` (level shift), ``box`` (an episode that returns: anomaly), ``hinge``
(slope change: trend change) and ``season`` (the weekly amplitude changes).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from carbonnodes.detect._robust import Noise
from carbonnodes.detect._scores import BOX_LENGTHS, FAMILIES, Family, Scorer

FloatArray = NDArray[np.float64]

MAX_COMPONENTS = 24
#: An episode whose both ends lie this close to construction days is taken as two steps.
KNOWN_STEP_SLACK = 7
#: A step found on a construction day moves to a day up to this far off when the data there
#: fit better by this much z² (a likelihood ratio of about 2 σ for the position).
KNOWN_STEP_REACH = 31
KNOWN_STEP_EVIDENCE = 4.0
#: Backfitting sweeps, each followed by another forward selection.
SWEEPS = 1


@dataclass(frozen=True)
class KnownSteps:
    """Days where a step is expected (data construction) and the z² such a step must beat."""

    days: NDArray[np.int64]
    threshold: float

    def near(self, day: int) -> int | None:
        """The known day within ``KNOWN_STEP_SLACK`` days of ``day``, if any."""
        if not self.days.size:
            return None
        k = int(np.argmin(np.abs(self.days - day)))
        return int(self.days[k]) if abs(int(self.days[k]) - day) <= KNOWN_STEP_SLACK else None


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


def _placed(step_scores: FloatArray, day: int) -> int:
    """Where a step found on a construction day really sits: the day itself, unless a day
    within ``KNOWN_STEP_REACH`` fits clearly better (a real shift a week after the 1st)."""
    lo, hi = max(0, day - KNOWN_STEP_REACH), min(step_scores.size, day + KNOWN_STEP_REACH + 1)
    j = lo + int(np.argmax(step_scores[lo:hi]))
    return j if step_scores[j] - step_scores[day] > KNOWN_STEP_EVIDENCE else day


def _project(r0: FloatArray, z: FloatArray, obs: NDArray[np.bool_]) -> FloatArray:
    """``r0`` minus its least-squares fit on the columns of ``z`` (zero on missing days)."""
    zo = z * obs[:, None]
    gram = zo.T @ zo
    gram[np.diag_indices_from(gram)] += 1e-9 * max(float(np.trace(gram)), 1.0)
    coef = np.linalg.solve(gram, zo.T @ r0)
    return np.where(obs, r0 - z @ coef, 0.0)


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


@dataclass(frozen=True)
class NullScores:
    """First-round z² on a series without change: each family's largest, and the steps' on
    every construction day (what the known-date threshold is fitted on)."""

    maxima: dict[Family, float]
    known_days: FloatArray


def null_scores(
    residual: FloatArray, weekly: FloatArray, noise: Noise, known_days: NDArray[np.int64]
) -> NullScores:
    """The scores the false-alarm thresholds are fitted on."""
    obs = np.isfinite(residual)
    wk = np.where(obs, weekly, 0.0)
    basis = np.column_stack([np.ones(residual.size), np.arange(residual.size) / residual.size, wk])
    r = _project(np.where(obs, residual, 0.0), basis, obs)
    scores = Scorer(obs, wk, noise).scores(r)
    return NullScores({f: float(scores[f].max()) for f in FAMILIES}, scores["step"][known_days])


@dataclass(frozen=True)
class _Searcher:
    """The residual-independent parts of one search: data mask, weekly shape, noise, thresholds."""

    r0: FloatArray
    obs: NDArray[np.bool_]
    weekly: FloatArray
    scorer: Scorer
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
        scores = self.scorer.scores(r)
        picks: list[tuple[float, Family, int]] = []
        for family in FAMILIES:
            flat = scores[family].ravel()
            i = int(np.argmax(flat))
            picks.append((float(flat[i]) - self.thresholds[family], family, i))
        days = self.known_steps.days
        if days.size:
            known = scores["step"][days]
            k = int(np.argmax(known))
            margin = float(known[k]) - self.known_steps.threshold
            picks.append((margin, "step", _placed(scores["step"], int(days[k]))))
        found = []
        for margin, family, i in picks:
            if margin <= 0:
                continue
            if family == "box":
                start, k = divmod(i, BOX_LENGTHS.size)
                start, end = _refine_box(r, m, start, start + int(BOX_LENGTHS[k]))
                comp = Component("box", start, end, float(scores["box"].ravel()[i]))
                first = self.known_steps.near(start)
                if (
                    first is not None
                    and self.known_steps.near(end) is not None
                    and scores["step"][first] > self.known_steps.threshold
                ):
                    # an "episode" from one construction day to another is two steps
                    comp = Component("step", first, r.size, float(scores["step"][first]))
                    margin = comp.z2 - self.known_steps.threshold
            else:
                comp = Component(family, i, r.size, float(scores[family][i]))
            found.append((margin, comp))
        return found

    def best(self, chosen: Sequence[Component], *, look_ahead: bool = True) -> Component | None:
        """The next component: among each family's best, the one that leaves the most for the
        step after it (a one-step look-ahead against greedy's one-for-two trades), or simply
        the widest margin."""
        found = self.candidates(self.residual(chosen))
        if len(found) <= 1 or not look_ahead:
            return max(found, key=lambda item: item[0])[1] if found else None
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
    start: Sequence[Component],
) -> list[Component]:
    """Select components until none beats its threshold, then re-place each given the others.

    Forward selection alone can take one change for two (a slope change standing in for a
    step followed by a slope change); a backfitting sweep drops each component in turn and
    puts back whatever the residual without it calls for, or nothing. ``start``: changes of an
    earlier round, kept unless the sweep replaces them. NaN = missing day; steps on
    ``known_steps.days`` need only beat that (known-date) threshold.
    """
    obs = np.isfinite(residual)
    searcher = _Searcher(
        r0=np.where(obs, residual, 0.0),
        obs=obs,
        weekly=np.where(obs, weekly, 0.0),
        scorer=Scorer(obs, weekly, noise),
        thresholds=thresholds,
        known_steps=known_steps,
    )
    chosen: list[Component] = list(start)
    for sweep in range(SWEEPS + 1):
        while len(chosen) < MAX_COMPONENTS:
            found = searcher.best(chosen)
            if found is None:
                break
            chosen.append(found)
        if sweep == SWEEPS:
            break
        for i in range(len(chosen)):
            others = chosen[:i] + chosen[i + 1 :]
            chosen[i] = searcher.best(others, look_ahead=False) or _DROPPED
        chosen = [c for c in chosen if c is not _DROPPED]
    return chosen
