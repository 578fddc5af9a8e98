"""Local or shared: does a node's ``reach`` say how many regions a shock struck?

    python benchmarks/peers.py [--panels 20] [--regions 25] [--seed 0] [--sector ground_transport]

Each panel is ``--regions`` simulated change-free series of one sector (independent weather,
noise and slow wander, as separate regions have), with three level shifts planted on top by
multiplying the values: a national one in every region, a regional one in six, a local one
in one region; dates drawn at random, at least 120 days from the ends and from each other;
depths drawn between −10 % and −20 %. Every region is detected as carbonnodes detects a
simulated series, the panel's detections are compared (``compare_peers``), and each planted
shift found in a region (a level shift or episode of its direction within ±7 days) is
tallied by the reach its node was given. Nodes that match no planted shift are tallied too:
those the calendar explains (a holiday or construction step every region has, so shared in
truth), and the rest, noise, where "partly shared" is a false claim that other regions
share a change. The table should read shared, partly shared and local on
its diagonal. Not a timed test: it prints figures.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS"):
    os.environ[_var] = "1"

import argparse  # noqa: E402
import dataclasses  # noqa: E402
from collections import Counter  # noqa: E402

import numpy as np  # noqa: E402

from carbonnodes.detect import Detection, compare_peers, detect, simulated_calendar  # noqa: E402
from carbonnodes.model import Event, Node, Series  # noqa: E402
from carbonnodes.simulate import simulate_series  # noqa: E402

#: How many regions each planted shock strikes, by its name; the national one strikes all.
STRUCK = {"national": None, "regional": 6, "local": 1}
REACHES = ("shared", "partly_shared", "local")
TOLERANCE_DAYS = 7
EDGE_DAYS = 120


def _dates(rng: np.random.Generator, n_days: int) -> list[int]:
    """Three days at least ``EDGE_DAYS`` from the ends and from each other."""
    while True:
        days = sorted(int(d) for d in rng.integers(EDGE_DAYS, n_days - EDGE_DAYS, size=3))
        if min(np.diff(days)) >= EDGE_DAYS:
            return [int(d) for d in rng.permutation(days)]


def _panel(seed: int, regions: int, sector: str) -> tuple[list[Series], list[Event],
                                                          dict[str, set[str]], dict[str, int]]:
    """The panel's series, their calendar (the simulator's city's: every region shares it),
    which regions each shock struck and the day it struck."""
    rng = np.random.default_rng(seed)
    series = []
    calendar: list[Event] = []
    for r in range(regions):
        s, _ = simulate_series("no_change", seed * 1000 + r, sector=sector)
        calendar = calendar or simulated_calendar(s)
        series.append(dataclasses.replace(s, city=f"r{r:02d}"))
    n = len(series[0])
    days = dict(zip(STRUCK, _dates(rng, n), strict=True))
    cities = [s.city for s in series]
    struck = {
        name: set(cities) if count is None else set(rng.choice(cities, count, replace=False))
        for name, count in STRUCK.items()
    }
    depth = {name: float(rng.uniform(0.10, 0.20)) for name in STRUCK}
    out = []
    for s in series:
        values = np.asarray(s.values, dtype=np.float64).copy()
        for name, day in days.items():
            if s.city in struck[name]:
                values[day:] *= 1.0 - depth[name]
        out.append(dataclasses.replace(s, values=values))
    return out, calendar, struck, days


def _planted(node: Node, series: Series, days: dict[str, int], struck: dict[str, set[str]]
             ) -> str | None:
    """The planted shock a node finds in its region's ``series``, if any."""
    if node.kind not in ("level_shift", "anomaly") or node.effect_pct >= 0:
        return None
    index = series.index_of(node.date)
    for name, day in days.items():
        if node.city in struck[name] and abs(index - day) <= TOLERANCE_DAYS:
            return name
    return None


def _half_rule(node: Node, panel: list[Detection]) -> str:
    """The rule before session 25: peers of the same kind only, and "local" below half."""
    others = [d for d in panel if d.series.city != node.city]
    same = sum(
        any(n.kind == node.kind and n.window[0] <= node.window[1] and node.window[0] <= n.window[1]
            for n in d.nodes)
        for d in others
    )
    return "shared" if same >= 0.5 * len(others) else "local"


def _print(title: str, found: dict[str, Counter[str]], missed: Counter[str]) -> None:
    print(f"\n{title}")
    print(f"{'planted':<14}{'found':>7}{'missed':>8}" + "".join(f"{r:>15}" for r in REACHES))
    for name, counts in found.items():
        total = sum(counts.values())
        shares = "".join(f"{counts[r]:>8} ({counts[r] / total:4.0%})" if total else f"{'':>15}"
                         for r in REACHES)
        print(f"{name:<14}{total:>7}{missed.get(name, 0) if name in STRUCK else '':>8}{shares}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--panels", type=int, default=20)
    parser.add_argument("--regions", type=int, default=25)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--sector", default="ground_transport")
    args = parser.parse_args()
    found: dict[str, Counter[str]] = {
        name: Counter() for name in (*STRUCK, "calendar", "not planted")}
    before: dict[str, Counter[str]] = {name: Counter() for name in found}
    missed: Counter[str] = Counter()
    for p in range(args.panels):
        series, calendar, struck, days = _panel(args.seed + p, args.regions, args.sector)
        panel: list[Detection] = [detect(s, calendar) for s in series]
        for detection in panel:
            nodes = compare_peers(detection, panel)
            hit = {_planted(n, detection.series, days, struck) for n in nodes} - {None}
            for name in STRUCK:
                if detection.series.city in struck[name] and name not in hit:
                    missed[name] += 1
            for node in nodes:
                name = _planted(node, detection.series, days, struck) or (
                    "calendar" if node.explained_by else "not planted")
                found[name][node.reach or "none"] += 1
                before[name][_half_rule(node, panel)] += 1
    print(f"{args.panels} panels of {args.regions} simulated {args.sector} regions, seed "
          f"{args.seed}: a national shift in every region, a regional one in 6, a local one "
          "in 1")
    _print("reach (compare_peers, Node.reach)", found, missed)
    _print("the rule before session 25: same kind only, under half of the others = local",
           before, missed)
    print("\nreach: shared, by half of the other regions or more; partly_shared, by more than "
          "chance gives;\nlocal, by no more than chance. A regional shock strikes 6 regions, so "
          "each of its nodes has at most 5 peers of 24.")


if __name__ == "__main__":
    main()
