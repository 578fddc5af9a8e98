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


def _changes(sim: Simulation) -> list[tuple[str, str, FloatArray, float]]:
    """(sector, kind, column, true coefficient) of every planted change. An anomaly's column
    is its own log effect: the planted effect less the steps and slope changes."""
    series, n = sim.series, len(sim.series)
    t = np.arange(n, dtype=np.float64)
    nodes = [x for x in sim.truth if x.is_node]
    rest = sim.planted.log_effect.copy()
    out: list[tuple[str, str, FloatArray, float]] = []
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
        out.append((series.sector, x.kind, column, size))
    for x in nodes:
        if x.kind == "anomaly":
            at, end = (x.date - series.start).days, ((x.end or x.date) - series.start).days
            column = np.where((t >= at - 1) & (t <= end), rest, 0.0)
            out.append((series.sector, "anomaly", column, 1.0))
    return out


def _null_maxima(
    linv: FloatArray, q: FloatArray, weekly: FloatArray, draws: int, seed: int
) -> dict[Family, FloatArray]:
    """Each family's largest z² over every date, on ``draws`` whitened noises."""
    n = linv.shape[0]
    e = np.random.default_rng(seed).normal(size=(n, draws))
    e -= q @ (q.T @ e)

    def project(w: FloatArray) -> FloatArray:
        return w - q @ (q.T @ w)

    # a step from day j is the sum of unit days j … n − 1: whitened, a reversed cumsum
    steps = project(np.cumsum(linv[:, ::-1], axis=1)[:, ::-1])
    gram = steps.T @ steps
    u, norm = steps.T @ e, np.diag(gram)
    inner = slice(EDGE, n - EDGE)
    out: dict[Family, FloatArray] = {"step": (u[inner] ** 2 / norm[inner, None]).max(axis=0)}
    # a slope change after day j is the sum of the steps from j + 1 on
    uh = np.cumsum(u[::-1], axis=0)[::-1]
    hn = np.diag(np.cumsum(np.cumsum(gram[::-1, ::-1], axis=0), axis=1)[::-1, ::-1])
    hinge = slice(HINGE_EDGE, n - 2 * HINGE_EDGE)
    out["hinge"] = (uh[hinge] ** 2 / hn[hinge, None]).max(axis=0)
    box = np.zeros(draws)
    for length in BOX_LENGTHS:
        j = np.arange(7, n - 7 - length)
        bn = norm[j] + norm[j + length] - 2 * gram[j, j + length]
        box = np.maximum(box, ((u[j] - u[j + length]) ** 2 / bn[:, None]).max(axis=0))
    out["box"] = box
    season = project(np.cumsum((linv * weekly)[:, ::-1], axis=1)[:, ::-1])
    us, sn = season.T @ e, (season**2).sum(axis=0)
    out["season"] = (us[inner] ** 2 / np.maximum(sn[inner, None], 1e-12)).max(axis=0)
    return out


def ceiling(sim: Simulation, budget: float, draws: int, seed: int) -> list[tuple[str, str, float]]:
    """(sector, kind, probability the oracle finds it) for every planted change."""
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
    maxima = _null_maxima(linv, q, sim.ordinary.weekly, draws, seed)
    threshold = {f: float(np.quantile(m, 1 - budget * BUDGET_SHARE[f])) for f, m in maxima.items()}
    design = linv @ np.column_stack([c for _, _, c, _ in changes])
    design -= q @ (q.T @ design)
    variance = np.diag(np.linalg.pinv(design.T @ design))
    return [
        (sector, kind, float(ncx2.sf(threshold[FAMILY_OF[kind]], 1, size**2 / var)))
        for (sector, kind, _, size), var in zip(changes, variance, strict=True)
    ]


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


def _report(oracle: Tally, ours: Tally, scores: list[SeriesScore], n: int, budget: float) -> None:
    """Recall of both by kind and by sector, then precision, recall and F1 of both."""
    for label, index in (("kind", 1), ("sector", 0)):
        print(f"\n{label:18s} planted  ceiling  carbonnodes")
        for key in sorted({k[index] for k in oracle}):
            o = [p for k, v in oracle.items() if k[index] == key for p in v]
            c = [p for k, v in ours.items() if k[index] == key for p in v]
            print(f"{key:18s} {len(o):7d}  {np.mean(o):7.3f}  {np.mean(c):11.3f}")
    planted = sum(len(v) for v in oracle.values())
    tp = sum(sum(v) for v in oracle.values())
    fp = budget * n
    print(f"\nceiling: {planted} planted nodes, {fp:.0f} false ({budget} per series): "
          f"precision {tp / (tp + fp):.3f}, recall {tp / planted:.3f}, "
          f"F1 {2 * tp / (2 * tp + fp + planted - tp):.3f}")
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
    oracle: Tally = defaultdict(list)
    ours: Tally = defaultdict(list)
    scores = []
    for i, (scenario, sector, seed) in enumerate(plan(args.n, args.seed), start=1):
        sim = simulate_parts(scenario, seed, sector=sector)
        for key_sector, kind, p in ceiling(sim, args.budget, args.draws, seed):
            oracle[(key_sector, kind)].append(p)
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
