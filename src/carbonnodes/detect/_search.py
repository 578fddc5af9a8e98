"""Greedy search for what the ordinary model left over: steps, episodes, slope and weekly changes.

Each round scores every candidate of four families on the prewhitened residual (``_scores``),
looks one step ahead from each family's best candidate, keeps the one that leaves the most,
projects it out and goes again; a backfitting sweep then re-places each pick given the others,
and each slope change is re-dated given all the rest, to the window its node will report
that most likely holds it. Families: ``step`` (level shift), ``box``
(an episode that returns: anomaly), ``hinge`` (slope change: trend change) and ``season`` (the
weekly amplitude changes).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import numpy as np
from numpy.typing import NDArray

from carbonnodes.detect._design import YEAR_DAYS
from carbonnodes.detect._episodes import EPISODE_COLUMNS, episode_shape
from carbonnodes.detect._robust import Noise
from carbonnodes.detect._scores import FAMILIES, Family, ScoreArray, Scorer
from carbonnodes.detect._whiten import Whitener

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
#: How far (days) a slope change may move when it is re-dated given all other changes.
REDATE_DAYS = 150
#: A slope change is dated to about two months: its node's window is ± this many days.
SLOPE_WINDOW_DAYS = 60
#: Windows holding within this share of the most likelihood are taken as holding as much.
WINDOW_TIE = 0.01


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
    """One selected change: family, first day, end (exclusive, episodes only), selection z²
    and, for an episode, the share of its span taken by a linear return."""

    family: Family
    start: int
    end: int
    z2: float
    share: float = 0.0


_DROPPED = Component("step", -1, -1, 0.0)


def regressor(c: Component, n: int, weekly: FloatArray) -> FloatArray:
    """The column a component adds to the model (log scale)."""
    t = np.arange(n, dtype=np.float64)
    if c.family == "step":
        return (t >= c.start).astype(np.float64)
    if c.family == "box":
        return episode_shape(c.start, c.end, c.share, n)
    if c.family == "hinge":
        return np.maximum(t - c.start, 0.0) / YEAR_DAYS
    return np.where(t >= c.start, weekly, 0.0)


def _placed(step_scores: ScoreArray, day: int) -> int:
    """Where a step found on a construction day really sits: the day itself, unless a day
    within ``KNOWN_STEP_REACH`` fits clearly better (a real shift a week after the 1st).
    One placed more than ``KNOWN_STEP_SLACK`` days off it is an ordinary step and must beat
    the ordinary threshold there: with the known day's lower bar (Bonferroni over three
    1 January days), noise near New Year passed as level shifts in December."""
    lo, hi = max(0, day - KNOWN_STEP_REACH), min(step_scores.size, day + KNOWN_STEP_REACH + 1)
    j = lo + int(np.argmax(step_scores[lo:hi]))
    return j if step_scores[j] - step_scores[day] > KNOWN_STEP_EVIDENCE else day


def project_out(e0: FloatArray, z: FloatArray, m: FloatArray) -> FloatArray:
    """``e0`` minus its least-squares fit on the columns of ``z`` (zero off ``m``, the days
    that count: whitened columns and their usable days, or plain ones and observed days)."""
    gram = z.T @ z
    gram[np.diag_indices_from(gram)] += 1e-9 * max(float(np.trace(gram)), 1.0)
    coef = np.linalg.solve(gram, z.T @ e0)
    return np.asarray((e0 - z @ coef) * m, dtype=np.float64)


def _refine_box(
    scorer: Scorer, e: FloatArray, start: int, end: int, share: float
) -> tuple[int, int]:
    """Best end to the day for a chosen start (the length grid is coarse for long episodes),
    then the best start for that end."""
    n = e.size
    lo, hi = max(start + 3, end - max(3, (end - start) // 6)), min(n - 1, end + (end - start) // 6)
    ends = np.arange(lo, hi + 1)
    score = scorer.episode_z2(e, np.full(ends.size, start), ends, share)
    if score.any():
        end = int(ends[int(np.argmax(score))])
    starts = np.arange(max(0, start - 3), min(start + 4, end - 2))
    score = scorer.episode_z2(e, starts, np.full(starts.size, end), share)
    return (int(starts[int(np.argmax(score))]) if score.any() else start), end


@dataclass(frozen=True)
class NullScores:
    """First-round z² on a series without change: each family's largest, and the steps' on
    every construction day (what the known-date threshold is fitted on)."""

    maxima: dict[Family, float]
    known_days: FloatArray


def null_scores(
    residual: FloatArray,
    weekly: FloatArray,
    noise: Noise,
    whitener: Whitener,
    known_days: NDArray[np.int64],
) -> NullScores:
    """The scores the false-alarm thresholds are fitted on."""
    obs = np.isfinite(residual)
    scorer = Scorer(obs, weekly, noise, whitener)
    e0 = whitener.apply(np.where(obs, residual, 0.0))
    scores = scorer.scores(project_out(e0, scorer.search_baseline, scorer.m))
    known = np.asarray(scores["step"][known_days], dtype=np.float64)
    return NullScores({f: float(scores[f].max()) for f in FAMILIES}, known)


@dataclass(frozen=True)
class _Searcher:
    """The residual-independent parts of one search: whitened data, mask, weekly shape,
    scorer, thresholds, and the whitened columns of the components met so far."""

    e0: FloatArray
    obs: NDArray[np.bool_]
    weekly: FloatArray
    scorer: Scorer
    thresholds: dict[Family, float]
    known_steps: KnownSteps
    columns: dict[Component, FloatArray] = field(default_factory=dict)

    def _whitened(self, c: Component) -> FloatArray:
        if c not in self.columns:
            column = regressor(c, self.e0.size, self.weekly) * self.obs
            self.columns[c] = self.scorer.whitener.apply(column) * self.scorer.m
        return self.columns[c]

    def residual(self, chosen: Sequence[Component]) -> tuple[FloatArray, FloatArray]:
        """What is left of the whitened data once the baseline and ``chosen`` are projected
        out, and the whitened columns of ``chosen``."""
        z = np.column_stack([self.scorer.search_baseline, *(self._whitened(c) for c in chosen)])
        return project_out(self.e0, z, self.scorer.m), z[:, 3:]

    def candidates(
        self, chosen: Sequence[Component]
    ) -> tuple[list[tuple[float, Component]], FloatArray]:
        """The best candidate of each family (and of the known-date steps) with its margin
        over the threshold, given ``chosen``; only those with a positive margin. Episodes
        come on the grid of lengths. Also the residual they were scored on."""
        r, _ = self.residual(chosen)
        scores = self.scorer.scores(r)
        picks: list[tuple[float, Family, int]] = []
        for family in FAMILIES:
            flat = scores[family].ravel()
            i = int(np.argmax(flat))
            picks.append((float(flat[i]) - self.thresholds[family], family, i))
        days = self.known_steps.days
        if days.size:
            k = int(np.argmax(scores["step"][days]))
            day = _placed(scores["step"], int(days[k]))
            known = abs(day - int(days[k])) <= KNOWN_STEP_SLACK
            bar = self.known_steps.threshold if known else self.thresholds["step"]
            picks.append((float(scores["step"][day]) - bar, "step", day))
        found = []
        for margin, family, i in picks:
            if margin <= 0:
                continue
            if family == "box":
                start, k = divmod(i, len(EPISODE_COLUMNS))
                share, length = EPISODE_COLUMNS[k]
                end = start + length
                comp = Component("box", start, end, float(scores["box"].flat[i]), share)
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
        return found, r

    def best(self, chosen: Sequence[Component], *, look_ahead: bool = True) -> Component | None:
        """The next component: among each family's best, the one that leaves the most for the
        step after it (a one-step look-ahead against greedy's one-for-two trades), or simply
        the widest margin; an episode then re-timed to the day."""
        found, r = self.candidates(chosen)
        if not found:
            return None
        if len(found) == 1 or not look_ahead:
            pick = max(found, key=lambda item: item[0])[1]
        else:

            def outlook(item: tuple[float, Component]) -> float:
                after, _ = self.candidates([*chosen, item[1]])
                return item[0] + max((margin for margin, _ in after), default=0.0)

            pick = max(found, key=outlook)[1]
        if pick.family != "box":
            return pick
        start, end = _refine_box(self.scorer, r, pick.start, pick.end, pick.share)
        return replace(pick, start=start, end=end)

    def redated(self, chosen: Sequence[Component]) -> list[Component]:
        """Each slope change moved, within ``REDATE_DAYS``, to the centre of the likeliest
        window (``likeliest_window``) of its z² given all the other changes."""
        out = list(chosen)
        for i, c in enumerate(out):
            if c.family != "hinge":
                continue
            e, z = self.residual(out[:i] + out[i + 1 :])
            scores = self.scorer.slope_given(e, z)
            lo, hi = max(0, c.start - REDATE_DAYS), min(scores.size, c.start + REDATE_DAYS + 1)
            j = lo + likeliest_window(scores[lo:hi], SLOPE_WINDOW_DAYS)
            if scores[j] > 0:
                out[i] = Component("hinge", j, c.end, float(scores[j]))
        return out


def likeliest_window(z2: FloatArray, half_width: int) -> int:
    """The day whose window of ± ``half_width`` days holds the most likelihood, exp(z²/2),
    of a change placed on each day of ``z2`` (days beyond its ends count for nothing).

    A slope change's likelihood over its day is broad and ragged, so its single likeliest
    day can lie far to one side of where most of the likelihood is; a node reported there
    with a window of ± ``half_width`` then misses a change the data date well. The centre
    of the likeliest window is the day whose reported window most probably holds the change;
    where several windows hold about as much (a sharp peak lies in every window within
    ± ``half_width`` of it), the likeliest day among their centres.
    """
    likelihood = np.exp((z2 - z2.max()) / 2.0)
    held = np.convolve(likelihood, np.ones(2 * half_width + 1), mode="same")
    best = held >= held.max() * (1.0 - WINDOW_TIE)
    return int(np.argmax(np.where(best, z2, -np.inf)))


def greedy_search(
    residual: FloatArray,
    weekly: FloatArray,
    *,
    noise: Noise,
    whitener: Whitener,
    thresholds: dict[Family, float],
    known_steps: KnownSteps,
    start: Sequence[Component],
) -> list[Component]:
    """Select components until none beats its threshold, re-place each given the others,
    then re-date the slope changes (``likeliest_window``).

    Forward selection alone can take one change for two (a slope change standing in for a
    step followed by a slope change); a backfitting sweep drops each component in turn and
    puts back whatever the residual without it calls for, or nothing. ``start``: changes of an
    earlier round, kept unless the sweep replaces them. NaN = missing day; steps on
    ``known_steps.days`` need only beat that (known-date) threshold. ``noise`` is measured
    on the residual whitened by ``whitener``.
    """
    obs = np.isfinite(residual)
    searcher = _Searcher(
        e0=whitener.apply(np.where(obs, residual, 0.0)),
        obs=obs,
        weekly=weekly,
        scorer=Scorer(obs, weekly, noise, whitener),
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
    return searcher.redated(chosen)
