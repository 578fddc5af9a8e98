"""Benchmark: changes planted into the real Carbon Monitor province series, found and measured.

    .venv/bin/python benchmarks/detect_planted.py [--file PATH] [--per-kind 4] [--seed 1]

``benchmarks/detect.py`` says how the detector does on series of the simulator's making; this
says how it does against the real file's own noise, which is quieter from day to day than the
simulator's but far more persistent (docs/detect-history.md, session 30). Into every Ground
Transport and non-zero Residential province series it plants, one at a time, ±8–25 % level
shifts and 15–40 % episodes of three to nine weeks that end at once. Their days are drawn away from
January, February and month edges, where share steps and the Spring Festival sit. Each
planted series is detected alone with its calendar, as ``detect --csv`` would. It prints, by
sector and kind: how many planted changes were found within a week as their own kind, as
another kind, or not at all, and how often the 90 % effect interval of one found as its own
kind holds the planted effect.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import argparse  # noqa: E402
import csv  # noqa: E402
import datetime as dt  # noqa: E402
from collections import Counter  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

from _shared import SHARED  # noqa: E402
from carbonnodes.calendar import events  # noqa: E402
from carbonnodes.detect import detect  # noqa: E402
from carbonnodes.model import Node, Series  # noqa: E402

DEFAULT_FILE = SHARED / "data" / "emissions" / "cm_china_province_daily_2019_2022.csv"
SECTORS = {"Ground Transport": "ground_transport", "Residential": "residential"}
KINDS = ("level_shift", "anomaly")
#: A planted change counts as found by a node within this many days of its day.
TOLERANCE_DAYS = 7
#: Days kept clear of either end of the series.
MARGIN_DAYS = 200


def _series(path: Path) -> dict[tuple[str, str], tuple[dt.date, np.ndarray]]:
    """(region key, sector key) → (first day, daily values) for the planted sectors, leaving out
    series that are mostly zero (Residential in the south)."""
    rows: dict[tuple[str, str], list[tuple[str, float]]] = {}
    with open(path, encoding="utf-8") as f:
        reader = csv.reader(f)
        next(reader)
        for date, state, sector, value in reader:
            if sector in SECTORS:
                rows.setdefault((state, sector), []).append((date, float(value)))
    out = {}
    for (state, sector), days in sorted(rows.items()):
        values = np.array([v for _, v in sorted(days)])
        if (values <= 0).mean() <= 0.1:
            key = (state.lower().replace(" ", "_"), SECTORS[sector])
            out[key] = (dt.date.fromisoformat(min(days)[0]), values)
    return out


def _planted_day(rng: np.random.Generator, first: dt.date, n: int) -> int:
    """A day away from the ends, January and February, and the first and last days of a month."""
    while True:
        at = int(rng.integers(MARGIN_DAYS, n - MARGIN_DAYS))
        day = first + dt.timedelta(days=at)
        if day.month > 2 and 4 <= day.day <= 26:
            return at


def _plant(
    rng: np.random.Generator, kind: str, values: np.ndarray, at: int
) -> tuple[np.ndarray, float]:
    """The series with one change from day ``at``, and that change in percent."""
    out = values.copy()
    if kind == "level_shift":
        size = float(rng.uniform(0.08, 0.25) * rng.choice([-1.0, 1.0]))
        out[at:] *= 1.0 + size
    else:
        size = -float(rng.uniform(0.15, 0.40))
        out[at : at + int(rng.integers(21, 64))] *= 1.0 + size
    return out, 100.0 * size


def _verdict(nodes: tuple[Node, ...], kind: str, day: dt.date, effect: float) -> str:
    near = [n for n in nodes if abs((n.date - day).days) <= TOLERANCE_DAYS]
    own = [n for n in near if n.kind == kind]
    if own:
        node = min(own, key=lambda n: abs((n.date - day).days))
        return "held" if node.effect_ci[0] <= effect <= node.effect_ci[1] else "not held"
    return "other kind" if near else "missed"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--file", type=Path, default=DEFAULT_FILE)
    parser.add_argument("--per-kind", type=int, default=4, help="changes of each kind per series")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    rng = np.random.default_rng(args.seed)
    tally: dict[tuple[str, str], Counter[str]] = {}
    for (region, sector), (first, values) in _series(args.file).items():
        calendar = events(region, first, first + dt.timedelta(days=values.size - 1),
                          sector=sector, dataset="carbon_monitor")
        for kind in KINDS:
            for _ in range(args.per_kind):
                at = _planted_day(rng, first, values.size)
                planted, effect = _plant(rng, kind, values, at)
                nodes = detect(Series(region, sector, first, planted), calendar).nodes
                verdict = _verdict(nodes, kind, first + dt.timedelta(days=at), effect)
                tally.setdefault((sector, kind), Counter())[verdict] += 1
    print(f"changes planted into {args.file.name}, {args.per_kind} of each kind per series, "
          f"seed {args.seed}\n")
    header = (f"{'sector':<18}{'kind':<13}{'planted':>8}{'as kind':>9}{'other kind':>12}"
              f"{'missed':>8}{'interval holds':>16}")
    print(header)
    print("-" * len(header))
    for (sector, kind), c in sorted(tally.items()):
        found = c["held"] + c["not held"]
        held = f"{c['held'] / found:.3f}" if found else "n/a"
        print(f"{sector:<18}{kind:<13}{sum(c.values()):>8}{found:>9}{c['other kind']:>12}"
              f"{c['missed']:>8}{held:>16}")
    print("\nas kind: a node of the planted kind within a week; interval holds: the share of "
          "those whose 90 % effect interval holds the planted effect.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
