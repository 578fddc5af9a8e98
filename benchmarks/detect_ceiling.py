"""How far the simulator lets a detector go: an oracle's ceiling beside carbonnodes.

    python benchmarks/detect_ceiling.py [--n 200] [--seed 0] [--budget 0.12] [--draws 400]

For each simulated series the oracle knows the law of its noise (weather spells, day-to-day
AR(1) and the slow wander, as one covariance), the shape of each year's Spring Festival dip,
and the date and shape of every planted change. It still estimates the level, the trend, four
yearly harmonics and each year's festival depth, as any detector must. A planted change
counts as found with the probability that its generalised least-squares z² (noncentral χ²(1)
with the change's own noncentrality, given all the other changes) beats the oracle's
threshold: the quantile of the largest z² that a scan of its family over every date gives on
the same noise, at a false-alarm budget per series (``--budget``; carbonnodes realises about
0.12 in four years) shared between the families as carbonnodes shares its own. The oracle's
false nodes are that budget. Known dates and shapes, the exact covariance, no missing day and
no search make the ceiling generous: it says whether F1 is bounded by the data or by the
detector. carbonnodes runs on the same series in the same process.

The benchmark also asks for the date (±7 days, slope changes ±60), which the ceiling above
takes as known. The dated ceiling asks the oracle for it: each change alone (every other
change known and taken out) on fresh noise, its family scanned over every day, counts as
found where the scan's largest z² beats the threshold and as dated where the scan puts it
within the tolerance, by the single best day or by the window of ± the tolerance that holds
the most likelihood; found but misdated, it is a false node too, as in the benchmark.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS"):
    os.environ[_var] = "1"

import argparse  # noqa: E402
import datetime as dt  # noqa: E402
import sys  # noqa: E402
from collections import defaultdict  # noqa: E402

import numpy as np  # noqa: E402
from numpy.typing import NDArray  # noqa: E402
from scipy.linalg import cholesky, solve_triangular, toeplitz  # noqa: E402
from scipy.stats import ncx2  # noqa: E402

from carbonnodes.detect import detect, simulated_calendar  # noqa: E402
from carbonnodes.detect._calibration import BUDGET_SHARE  # noqa: E402
from carbonnodes.detect._scores import Family  # noqa: E402
from carbonnodes.simulate import (  # noqa: E402
    TOLERANCE_DAYS,
    Prediction,
    SeriesScore,
    Simulation,
    match_days,
    precision_recall_f1,
    predictions_from_nodes,
    score_series,
    simulate_parts,
    wander_autocovariance,
)
from detect import plan  # noqa: E402

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]
YEAR = 365.25
FAMILY_OF: dict[str, Family] = {
    "level_shift": "step",
    "trend_change": "hinge",
    "anomaly": "box",
    "seasonal": "season",
}
#: Episode lengths (days) the oracle's null scan tries; every start, returning at once.
BOX_LENGTHS = (3, 5, 7, 10, 14, 21, 28, 42, 56, 84, 112, 150, 240)
#: Scanned starts keep this far from the ends (steps and weekly changes; slope changes more).
EDGE, HINGE_EDGE = 14, 60
#: Noise draws per planted change on which the oracle dates it.
DATING_DRAWS = 100


def _nuisance(sim: Simulation) -> FloatArray:
    """Level, trend, four yearly harmonics and one column per Spring Festival (its dip)."""
    n = len(sim.series)
    t = np.arange(n, dtype=np.float64)
    angle = 2 * np.pi * t / YEAR
    columns = [np.ones(n), t / YEAR]
    columns += [f(k * angle) for k in range(1, 5) for f in (np.cos, np.sin)]
    for zone in sim.ordinary.calendar:
        if zone.calendar == "spring_festival":
            first = (zone.date - sim.series.start).days
            last = ((zone.end or zone.date) - sim.series.start).days
            inside = (t >= max(first, 0)) & (t <= last)
            if np.any(sim.ordinary.spring[inside] != 0.0):
                columns.append(np.where(inside, sim.ordinary.spring, 0.0))
    return np.column_stack(columns)


def _changes(sim: Simulation) -> list[tuple[str, str, int, FloatArray, float]]:
    """(sector, kind, first day, column, true coefficient) of every planted change. An
    anomaly's column is its own log effect: the planted effect less the steps and slope
    changes."""
    series, n = sim.series, len(sim.series)
    t = np.arange(n, dtype=np.float64)
    nodes = [x for x in sim.truth if x.is_node]
    rest = sim.planted.log_effect.copy()
    out: list[tuple[str, str, int, FloatArray, float]] = []
    for x in nodes:
        at = (x.date - series.start).days
        size = float(np.log1p(x.effect_pct / 100))
        if x.kind == "level_shift":
            column = (t >= at).astype(np.float64)
            rest -= size * column
        elif x.kind == "trend_change":
            column = np.clip(t - at, 0, None) / YEAR
            rest -= size * column
        elif x.kind == "seasonal":
            column = sim.ordinary.weekly * (t >= at)
            size = float(sim.planted.weekly_factor[at] - 1.0)
        else:
            continue
        out.append((series.sector, x.kind, at, column, size))
    for x in nodes:
        if x.kind == "anomaly":
            at, end = (x.date - series.start).days, ((x.end or x.date) - series.start).days
            column = np.where((t >= at - 1) & (t <= end), rest, 0.0)
            out.append((series.sector, "anomaly", at, column, 1.0))
    return out


class _Scan:
    """Every date's z² for each family on whitened data off the nuisance: each draw's
    largest, and the day it dates the change to (see ``best``)."""

    def __init__(self, linv: FloatArray, q: FloatArray, weekly: FloatArray) -> None:
        self.q = q
        # a step from day j is the sum of unit days j … n − 1: whitened, a reversed cumsum
        self.steps = self.project(np.cumsum(linv[:, ::-1], axis=1)[:, ::-1])
        self.gram = self.steps.T @ self.steps
        self.norm = np.diag(self.gram)
        # a slope change after day j is the sum of the steps from j on
        self.hinge_norm = np.diag(
            np.cumsum(np.cumsum(self.gram[::-1, ::-1], axis=0), axis=1)[::-1, ::-1])
        self.season = self.project(np.cumsum((linv * weekly)[:, ::-1], axis=1)[:, ::-1])
        self.season_norm = np.maximum((self.season**2).sum(axis=0), 1e-12)

    def project(self, w: FloatArray) -> FloatArray:
        return w - self.q @ (self.q.T @ w)

    def best(
        self, y: FloatArray, tolerance: dict[Family, int] | None = None
    ) -> dict[Family, tuple[FloatArray, IntArray]]:
        """Per family, each draw's largest z² and its day; with ``tolerance``, the day whose
        window of ± that many days holds the most likelihood (exp(z²/2) summed over the
        window, and over an episode's lengths), which dates within the tolerance more often
        than the single best day where the profile is flat."""
        n, draws = y.shape
        u = self.steps.T @ y
        inner = np.arange(EDGE, n - EDGE)
        hinge = np.arange(HINGE_EDGE, n - 2 * HINGE_EDGE)
        uh = np.cumsum(u[::-1], axis=0)[::-1]
        us = self.season.T @ y
        profiles: dict[Family, tuple[FloatArray, IntArray]] = {
            "step": (u[inner] ** 2 / self.norm[inner, None], inner),
            "hinge": (uh[hinge] ** 2 / self.hinge_norm[hinge, None], hinge),
            "season": (us[inner] ** 2 / self.season_norm[inner, None], inner),
        }
        boxes = []
        for length in BOX_LENGTHS:
            j = np.arange(7, n - 7 - length)
            bn = self.norm[j] + self.norm[j + length] - 2 * self.gram[j, j + length]
            boxes.append((j, (u[j] - u[j + length]) ** 2 / bn[:, None]))
        top = np.max([z.max(axis=0) for _, z in boxes], axis=0)
        out = {}
        for family, (z2, days) in profiles.items():
            m = z2.max(axis=0)
            if tolerance is None:
                out[family] = (m, days[z2.argmax(axis=0)])
            else:
                out[family] = (m, days[_window_best(np.exp((z2 - m) / 2), tolerance[family])])
        # an episode's start: its lengths' likelihood summed by start day
        mass = np.zeros((n, draws))
        best_at = np.zeros(draws, dtype=np.int64)
        for j, z2 in boxes:
            mass[j] += np.exp((z2 - top) / 2)
            best_at = np.where(z2.max(axis=0) >= top, j[z2.argmax(axis=0)], best_at)
        out["box"] = (top, best_at if tolerance is None
                      else _window_best(mass, tolerance["box"]))
        return out


def _window_best(mass: FloatArray, tolerance: int) -> IntArray:
    """For each column, the row whose window of ± ``tolerance`` rows holds the most mass."""
    total = np.vstack([np.zeros((1, mass.shape[1])), np.cumsum(mass, axis=0)])
    rows = np.arange(mass.shape[0])
    low = np.clip(rows - tolerance, 0, None)
    high = np.clip(rows + tolerance + 1, None, mass.shape[0])
    return np.asarray((total[high] - total[low]).argmax(axis=0), dtype=np.int64)


def ceiling(
    sim: Simulation, budget: float, draws: int, seed: int
) -> list[tuple[str, str, float, float, float, float, float]]:
    """(sector, kind, found, then found and dated, found but misdated, by the best day and
    by the best window) for every planted change: the probabilities that the oracle finds
    it, and that the day its family's scan dates it to lies within the benchmark's tolerance
    of the true one or outside it (a false node then)."""
    changes = _changes(sim)
    if not changes:
        return []
    n = len(sim.series)
    covariance = (
        sim.ordinary.weather.autocovariance(n)
        + sim.day_noise.autocovariance(n)
        + wander_autocovariance(n)
    )
    linv = solve_triangular(cholesky(toeplitz(covariance), lower=True), np.eye(n), lower=True)
    nuisance = linv @ _nuisance(sim)
    u, s, _ = np.linalg.svd(nuisance, full_matrices=False)
    q = u[:, s > s[0] * 1e-9]
    scan = _Scan(linv, q, sim.ordinary.weekly)
    rng = np.random.default_rng(seed)
    maxima = scan.best(scan.project(rng.normal(size=(n, draws))))
    threshold = {f: float(np.quantile(m, 1 - budget * BUDGET_SHARE[f]))
                 for f, (m, _) in maxima.items()}
    design = linv @ np.column_stack([c for *_, c, _ in changes])
    design -= q @ (q.T @ design)
    variance = np.diag(np.linalg.pinv(design.T @ design))
    windows = {FAMILY_OF[kind]: tol for kind, tol in TOLERANCE_DAYS.items()}
    out = []
    for (sector, kind, at, _, size), var, column in zip(changes, variance, design.T,
                                                        strict=True):
        family = FAMILY_OF[kind]
        found = float(ncx2.sf(threshold[family], 1, size**2 / var))
        # dating: the change alone (the others known) on fresh noise, its family scanned
        noisy = size * column[:, None] + scan.project(rng.normal(size=(n, DATING_DRAWS)))
        dated = []
        for z2, day in (scan.best(noisy)[family], scan.best(noisy, windows)[family]):
            over, near = z2 > threshold[family], np.abs(day - at) <= TOLERANCE_DAYS[kind]
            dated += [float(np.mean(over & near)), float(np.mean(over & ~near))]
        out.append((sector, kind, found, *dated))
    return out


def _hits(sim: Simulation, predicted: tuple[Prediction, ...]) -> list[tuple[str, str, float]]:
    """(sector, kind, 1 or 0) for every planted change: did carbonnodes report it?"""
    origin = dt.date(2000, 1, 1)
    real = [x for x in sim.truth if x.is_node]
    pairs = match_days(
        [(x.date - origin).days for x in real],
        [TOLERANCE_DAYS[x.kind] for x in real],
        [(p.date - origin).days for p in predicted],
    )
    hit = {i for i, _ in pairs}
    return [(sim.series.sector, x.kind, float(i in hit)) for i, x in enumerate(real)]


Tally = dict[tuple[str, str], list[float]]
#: The oracle's probabilities per change: found; found and dated, found but misdated, by the
#: best day; the same by the best window.
OracleTally = dict[tuple[str, str], list[tuple[float, ...]]]


def _f1(tp: float, fp: float, planted: int) -> str:
    return (f"precision {tp / (tp + fp):.3f}, recall {tp / planted:.3f}, "
            f"F1 {2 * tp / (2 * tp + fp + planted - tp):.3f}")


def _report(
    oracle: OracleTally, ours: Tally, scores: list[SeriesScore], n: int, budget: float
) -> None:
    """Recall of both by kind and by sector, then precision, recall and F1 of both."""
    for label, index in (("kind", 1), ("sector", 0)):
        print(f"\n{label:18s} planted  ceiling  dated by day  by window  carbonnodes")
        for key in sorted({k[index] for k in oracle}):
            o = np.array([p for k, v in oracle.items() if k[index] == key for p in v])
            c = [p for k, v in ours.items() if k[index] == key for p in v]
            print(f"{key:18s} {len(o):7d}  {o[:, 0].mean():7.3f}  {o[:, 1].mean():12.3f}  "
                  f"{o[:, 3].mean():9.3f}  {np.mean(c):11.3f}")
    every = np.array([p for v in oracle.values() for p in v])
    planted, fp = len(every), budget * n
    print(f"\nceiling: {planted} planted nodes, {fp:.0f} false ({budget} per series): "
          f"{_f1(every[:, 0].sum(), fp, planted)}")
    for rule, column in (("best day", 1), ("best window", 3)):
        misdated = every[:, column + 1].sum()
        print(f"ceiling dated by its {rule} ({misdated:.0f} misdated nodes false too): "
              f"{_f1(every[:, column].sum(), fp + misdated, planted)}")
    p, r, f1 = precision_recall_f1(scores)
    false = sum(s.false_positives for s in scores)
    print(f"carbonnodes, same series: {false} false nodes ({false / n:.3f} per series): "
          f"precision {p:.3f}, recall {r:.3f}, F1 {f1:.3f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=200, help="series (default 200)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the first series")
    parser.add_argument("--budget", type=float, default=0.12, help="false nodes per series")
    parser.add_argument("--draws", type=int, default=400, help="null draws per series")
    args = parser.parse_args(argv)
    oracle: OracleTally = defaultdict(list)
    ours: Tally = defaultdict(list)
    scores = []
    for i, (scenario, sector, seed) in enumerate(plan(args.n, args.seed), start=1):
        sim = simulate_parts(scenario, seed, sector=sector)
        for key_sector, kind, *p in ceiling(sim, args.budget, args.draws, seed):
            oracle[(key_sector, kind)].append(tuple(p))
        series = sim.series
        predicted = predictions_from_nodes(detect(series, simulated_calendar(series)).nodes)
        scores.append(score_series(sim.truth, predicted, n_days=len(series)))
        for key_sector, kind, hit in _hits(sim, predicted):
            ours[(key_sector, kind)].append(hit)
        print(f"\r{i}/{args.n} series", end="", flush=True, file=sys.stderr)
    print(file=sys.stderr)
    _report(oracle, ours, scores, args.n, args.budget)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
