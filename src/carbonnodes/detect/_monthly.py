"""Detection month by month, for series that hold one value per calendar month (``_months``).

The ordinary model of a month is level, trend, two yearly harmonics and the share of the
month's days in the Spring Festival window (it moves between January and February); a ratio
to peers keeps only level, trend and harmonics, as in the daily model. Three families of
changes start on a month's first day: a level shift, an episode of one to twelve months that
returns (at once, or linearly over the last half or four fifths of its span, as the daily
episodes do), and a slope change. They are scored by generalised least squares against the
ordinary model and the changes already chosen, with an AR(1) filter for month-to-month
persistence; chosen forward, then pruned back in the joint fit against each family's
threshold (``calibration.json``, key ``monthly``: fitted on simulated series averaged by
month, as Carbon Monitor's are); slope changes under three months apart then give way to a
step or an episode near them where that fits for less. A week cannot be seen in such data,
so there is no weekly-cycle family. The chosen changes become nodes as daily ones do
(``_nodes``: episodes merged, effects against the ordinary curve, calendar explanations),
dated to their month.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from carbonnodes.detect._calibration import family_thresholds
from carbonnodes.detect._detection import Detection
from carbonnodes.detect._effects import EffectScale
from carbonnodes.detect._episodes import episode_shape
from carbonnodes.detect._model import Estimate
from carbonnodes.detect._months import MonthGrid, festival_spans
from carbonnodes.detect._nodes import Item, change_nodes, reported
from carbonnodes.detect._robust import MIN_SCALE
from carbonnodes.detect._scores import Family
from carbonnodes.detect._search import Component
from carbonnodes.model import Event, Series

FloatArray = NDArray[np.float64]

#: Longest episode in months: a longer one is a level shift and its return.
BOX_MONTHS = 12
#: Months a slope change needs on each side to be told from a level shift or an episode.
EDGE_MONTHS = 3
HARMONICS = 2
#: Most changes chosen in one series (four years hold 48 values).
MAX_CHANGES = 8
#: Changes are chosen forward against this share of their family's threshold, then the
#: weakest is dropped while, given all the others, it falls short of the full threshold.
#: Forward alone judges the first change against the noise of a model that lacks the others:
#: Aviation, volatile through 2020–2022, then showed its COVID-19 collapse of early 2020 in
#: 5 of 26 provinces; so, in 24. (Simulated series averaged by month, seeds 0–599 /
#: 3000–3599 / 6000–6599: F1 0.703 / 0.728 / 0.718 against 0.720 / 0.733 / 0.719
#: forward alone; 0.7 of the threshold: 0.721 / 0.730, COVID-19 in 8 provinces.)
FORWARD_SHARE = 0.5
#: Bound on the month-to-month AR(1) coefficient, so that a change still in the residual
#: does not pass for persistence.
MAX_AR = 0.8
#: Episode returns (share of the span, shortest span in months), as the daily ones.
RETURN_SHARES = {0.0: 1, 0.5: 2, 0.8: 3}


@dataclass(frozen=True)
class MonthChange:
    """A candidate change: its family, first month, (episodes) length in months and the
    share of that length taken by a linear return."""

    family: Family
    start: int
    months: int = 0
    share: float = 0.0

    def column(self, m: int) -> FloatArray:
        t = np.arange(m)
        if self.family == "step":
            return (t >= self.start).astype(np.float64)
        if self.family == "box":
            return episode_shape(self.start, self.start + self.months, self.share, m)
        return np.maximum(t - self.start, 0).astype(np.float64) / 12.0

    def on_days(self, grid: MonthGrid, n_days: int, z2: float) -> Component:
        """The same change on the series' days, from its first month's first day (ending, as
        the search's components do, at the series' end unless it is an episode)."""
        after = self.start + self.months
        end = n_days
        if self.family == "box" and after < len(grid):
            end = int(grid.first_day[after])
        return Component(self.family, int(grid.first_day[self.start]), end, z2, self.share)


def candidates(festive: NDArray[np.bool_]) -> list[MonthChange]:
    """Every change the search weighs, in a fixed order. No episode lies wholly in the months
    of a Spring Festival (``festive``): that year's festival depth is not known, and a short
    dip there is the festival's as much as anything's."""
    m = festive.size
    out = [MonthChange("step", k) for k in range(1, m)]
    out += [
        MonthChange("box", k, length, share)
        for share, shortest in RETURN_SHARES.items()
        for k in range(1, m - 1)
        for length in range(shortest, min(BOX_MONTHS, m - 1 - k) + 1)
        if not festive[k : k + length].all()
    ]
    out += [MonthChange("hinge", k) for k in range(EDGE_MONTHS, m - EDGE_MONTHS)]
    return out


def ordinary_design(grid: MonthGrid, festival: FloatArray) -> FloatArray:
    """Level, trend (per year), yearly harmonics and the festival's share of each month."""
    m = len(grid)
    t = np.arange(m) / 12.0
    month = np.array([d.month - 1 for d in grid.dates], dtype=np.float64)
    cols = [np.ones(m), t - t.mean()]
    for h in range(1, HARMONICS + 1):
        cols += [np.cos(2 * np.pi * h * month / 12), np.sin(2 * np.pi * h * month / 12)]
    if np.ptp(festival) > 0:
        cols.append(festival)
    return np.column_stack(cols)


def _whiten(a: FloatArray, phi: float) -> FloatArray:
    """Prais–Winsten AR(1) filter along the first axis."""
    out = np.array(a, dtype=np.float64, copy=True)
    out[1:] = a[1:] - phi * a[:-1]
    out[0] = a[0] * np.sqrt(1.0 - phi * phi)
    return out


def _lag_one(r: FloatArray) -> float:
    """AR(1) coefficient of the least-squares residual, within [0, ``MAX_AR``]."""
    ss = float(r @ r)
    return float(np.clip((r[1:] @ r[:-1]) / ss, 0.0, MAX_AR)) if ss > 0 else 0.0


@dataclass(frozen=True)
class MonthFit:
    """A generalised least-squares fit on the observed months."""

    beta: FloatArray
    cov: FloatArray  # unscaled: multiply by sigma²
    basis: FloatArray  # orthonormal basis of the filtered design
    residual: FloatArray  # filtered
    sigma: float
    phi: float

    def t_values(self, columns: slice) -> FloatArray:
        se = self.sigma * np.sqrt(np.diag(self.cov)[columns])
        return np.asarray(self.beta[columns] / se, dtype=np.float64)


def gls_fit(x: FloatArray, y: FloatArray) -> MonthFit:
    """Least squares, an AR(1) read from its residual, then the filtered fit."""
    beta0 = np.linalg.lstsq(x, y, rcond=None)[0]
    phi = _lag_one(y - x @ beta0)
    xw, yw = _whiten(x, phi), _whiten(y, phi)
    u, s, vt = np.linalg.svd(xw, full_matrices=False)
    keep = s > s[0] * 1e-10
    u, s, vt = u[:, keep], s[keep], vt[keep]
    beta = vt.T @ ((u.T @ yw) / s)
    residual = yw - xw @ beta
    dof = max(y.size - int(keep.sum()), 1)
    sigma = max(float(np.sqrt(residual @ residual / dof)), MIN_SCALE)
    cov = (vt.T / s**2) @ vt
    return MonthFit(beta, cov, u, residual, sigma, phi)


def candidate_z2(fit: MonthFit, columns: FloatArray) -> FloatArray:
    """z² of each candidate column (rows: observed months) given the fitted design."""
    cw = _whiten(columns, fit.phi)
    proj = cw - fit.basis @ (fit.basis.T @ cw)
    norm = np.einsum("ij,ij->j", proj, proj)
    num = (proj.T @ fit.residual) ** 2
    with np.errstate(divide="ignore", invalid="ignore"):
        z2 = np.where(norm > 1e-10, num / (fit.sigma**2 * norm), 0.0)
    return np.asarray(z2, dtype=np.float64)


@dataclass(frozen=True)
class MonthSearch:
    """The ordinary design of one series (every month), its candidates and, on the observed
    months, their columns, the design and the log values. A month without data is left out;
    the filter then takes its neighbours as adjacent."""

    design: FloatArray
    changes: list[MonthChange]
    columns: FloatArray
    ordinary: FloatArray
    y: FloatArray

    @classmethod
    def of(cls, grid: MonthGrid, series: Series, shaping: Sequence[Event]) -> MonthSearch:
        """The search of a month grid, its ordinary model shaped by ``shaping``."""
        festival = grid.shares(festival_spans(shaping), series.start, len(series))
        design = ordinary_design(grid, festival)
        changes = candidates(festival > 0)
        obs = grid.observed
        columns = np.column_stack([c.column(len(grid)) for c in changes])[obs]
        return cls(design, changes, columns, design[obs], grid.log_values[obs])

    def fit(self, chosen: Sequence[int]) -> MonthFit:
        return gls_fit(np.column_stack([self.ordinary, self.columns[:, list(chosen)]]), self.y)

    def first_maxima(self) -> dict[Family, float]:
        """Each family's largest z² given the ordinary model alone (the null statistic)."""
        z2 = candidate_z2(self.fit([]), self.columns)
        out: dict[Family, float] = {}
        for i, c in enumerate(self.changes):
            out[c.family] = max(out.get(c.family, 0.0), float(z2[i]))
        return out

    def bars(self, thresholds: dict[Family, float]) -> FloatArray:
        """Each candidate's family threshold."""
        return np.array([thresholds[c.family] for c in self.changes])

    def forward(self, bars: FloatArray) -> list[int]:
        """Changes chosen one at a time, widest margin over its bar first."""
        chosen: list[int] = []
        while len(chosen) < MAX_CHANGES:
            margin = candidate_z2(self.fit(chosen), self.columns) / bars
            margin[chosen] = 0.0
            best = int(np.argmax(margin))
            if margin[best] <= 1.0:
                break
            chosen.append(best)
        return chosen

    def pruned(self, chosen: list[int], bars: FloatArray) -> tuple[list[int], MonthFit]:
        """Drop the change furthest below its bar (``bars``, per candidate) in the joint fit
        until every one clears it."""
        kept = sorted(chosen, key=lambda i: (self.changes[i].start, i))
        while True:
            fit = self.fit(kept)
            if not kept:
                return kept, fit
            margin = fit.t_values(slice(self.ordinary.shape[1], None)) ** 2 / bars[kept]
            weakest = int(np.argmin(margin))
            if margin[weakest] >= 1.0:
                return kept, fit
            kept.pop(weakest)

    def misfit(self, chosen: Sequence[int], phi: float) -> float:
        """Sum of squares the fit with ``chosen`` leaves, filtered with ``phi``."""
        x = _whiten(np.column_stack([self.ordinary, self.columns[:, list(chosen)]]), phi)
        y = _whiten(self.y, phi)
        r = y - x @ np.linalg.lstsq(x, y, rcond=None)[0]
        return float(r @ r)

    def untangled(self, kept: list[int], bars: FloatArray) -> list[int]:
        """Slope changes under ``EDGE_MONTHS`` apart replaced by one step, episode or slope
        change near them, by a step or an episode and one slope change, or by none, where
        that costs less: the misfit it adds, in units of the noise, below the bars it saves
        (each change's threshold is its price, as in the search). Close slope changes are
        often a step or an episode told badly: a step in the middle of a month, averaged by
        month, is a one-month ramp, which two slope changes of opposite sign fit exactly."""
        done: set[int] = set()
        while True:
            cluster = self._close_hinges(kept, done)
            if not cluster:
                return kept
            fit = self.fit(kept)
            others = [i for i in kept if i not in cluster]
            first = min(self.changes[i].start for i in cluster) - 1
            last = max(self.changes[i].start for i in cluster) + 1
            near = [i for i, c in enumerate(self.changes)
                    if first <= c.start <= last and i not in others]
            hinges = [i for i in near if self.changes[i].family == "hinge"]
            options = [[], *([i] for i in near)]
            if len(cluster) > 2:
                options += [[i, h] for i in near if i not in hinges for h in hinges]
            costs = [self._cost(others, extra, fit, bars) for extra in [cluster, *options]]
            best = int(np.argmin(costs))
            if best > 0:
                kept = sorted(others + options[best - 1], key=lambda i: (self.changes[i].start, i))
            done.update(cluster)

    def _cost(self, others: list[int], extra: list[int], fit: MonthFit, bars: FloatArray
              ) -> float:
        """The misfit of ``others`` and ``extra`` in units of ``fit``'s noise, plus the bars
        ``extra`` has to clear."""
        return self.misfit(others + extra, fit.phi) / fit.sigma**2 + float(bars[extra].sum())

    def _close_hinges(self, kept: Sequence[int], done: set[int]) -> list[int]:
        """The first run of chosen slope changes under ``EDGE_MONTHS`` apart not yet weighed."""
        hinges = sorted((self.changes[i].start, i) for i in kept
                        if self.changes[i].family == "hinge")
        runs: list[list[int]] = []
        for k, (start, i) in enumerate(hinges):
            if k and start - hinges[k - 1][0] < EDGE_MONTHS:
                runs[-1].append(i)
            else:
                runs.append([i])
        return next((run for run in runs if len(run) > 1 and not set(run) <= done), [])


def monthly_detection(
    series: Series,
    grid: MonthGrid,
    shaping: Sequence[Event],
    events: Sequence[Event],
    settings: dict[str, float | int | str],
    *,
    min_confidence: float,
) -> Detection:
    """Nodes of a month grid, with the ordinary and fitted curves per day in the series'
    unit; unexplained ones below ``min_confidence`` are left out, as for daily series."""
    n = len(series)
    search = MonthSearch.of(grid, series, shaping)
    rate = float(settings["false_alarm_rate"])
    bars = search.bars(family_thresholds(n, rate, "month"))
    kept, _ = search.pruned(search.forward(FORWARD_SHARE * bars), bars)
    kept, fit = search.pruned(search.untangled(kept, bars), bars)
    design, p = search.design, search.design.shape[1]
    chosen = [search.changes[i] for i in kept]
    full = np.column_stack([design] + [c.column(len(grid)) for c in chosen])
    ordinary = grid.daily(design @ fit.beta[:p], n)
    se = fit.sigma * np.sqrt(np.diag(fit.cov))
    items: list[Item] = [
        (c.on_days(grid, n, (fit.beta[p + j] / se[p + j]) ** 2),
         Estimate(float(fit.beta[p + j]), float(se[p + j])))
        for j, c in enumerate(chosen)
    ]
    values = np.asarray(series.values, dtype=np.float64)
    scale = EffectScale.of(values, ordinary, np.zeros(n))
    candidates = change_nodes(series, items, events, scale, min_t2=0.0, resolution="month",
                              false_alarm_rate=rate)
    return Detection(
        series=series,
        nodes=reported(candidates, min_confidence),
        ordinary=np.exp(ordinary),
        fitted=np.exp(grid.daily(full @ fit.beta, n)),
        noise_sd=fit.sigma,
        noise_long_run=(1.0 + fit.phi) / (1.0 - fit.phi),
        settings=settings,
        candidates=tuple(candidates),
    )
