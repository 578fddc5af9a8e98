"""Refit ``calibration.json``: false-alarm thresholds and confidence maps.

Run ``python -m carbonnodes.detect._calibrate [--series N] [--check N]``. Three fits:

1. Thresholds: for each search family, the largest z² the first search round sees on
   simulated series with no change (every sector, five lengths), as tail quantiles by length;
   and the z² of a step on one construction day, pooled over all such days.
2. The knob's scale: the whole detector is run at the default rate on 400 other series
   without change, and the false-alarm budget is scaled so that the false nodes it reports
   per series-year are the rate asked for (two multiplicative steps).
3. Confidence: the detector is run at the default false-alarm rate on labelled series from
   :mod:`carbonnodes.simulate` (seeds from 10 000 on; the benchmark draws from other seeds);
   every reported node is labelled hit or miss by the simulator's own scorer, and an isotonic
   map from raw score to hit rate is fitted. A held-out set (``--check``, other seeds) prints
   the expected calibration error of the new map.

Deterministic: fixed seeds, so the same code writes the same file byte for byte.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from carbonnodes.calendar import events
from carbonnodes.detect._calibration import reload_calibration
from carbonnodes.detect._design import build_design
from carbonnodes.detect._detector import DEFAULT_FALSE_ALARM_RATE, detect
from carbonnodes.detect._fit_confidence import SIMULATED_DATASET, fit_confidence
from carbonnodes.detect._model import null_maxima
from carbonnodes.detect._scores import FAMILIES, Family
from carbonnodes.detect._search import NullScores
from carbonnodes.simulate import (
    SECTORS,
    false_nodes_per_year,
    predictions_from_nodes,
    score_series,
    simulate_series,
)

FloatArray = NDArray[np.float64]

NULL_SIZES = (730, 1096, 1461, 2200, 3300)
NULL_TAILS = (0.5, 0.2, 0.1, 0.05, 0.02, 0.01, 0.005, 0.002)
#: Tail probabilities of one construction day's step z² (pooled over every such day).
KNOWN_TAILS = (0.2, 0.1, 0.05, 0.02, 0.01, 0.005, 0.002, 0.001)
NULL_DRAWS = 60  # per sector and length
NULL_SEED = 20_240_601

CALIBRATION_SEED = 10_000
CHECK_SEED = 90_000
#: Series without change per sector on which the knob's scale is fitted, and their seeds.
KNOB_SERIES = 100
KNOB_SEED = 30_000


def _null_draws(n: int, sector: str, k: int) -> Iterator[NullScores]:
    """The null scores of ``NULL_DRAWS`` simulated series of one sector and length."""
    for i in range(NULL_DRAWS):
        series, _ = simulate_series("no_change", NULL_SEED + 1000 * k + i, n_days=n, sector=sector)
        found = events(
            "tianjin", series.start, series.end, sector=sector, dataset=SIMULATED_DATASET
        )
        values = np.asarray(series.values, dtype=np.float64)
        obs = np.isfinite(values) & (values > 0)
        design = build_design(series.start, n, found)
        yield null_maxima(design, np.log(np.where(obs, values, 1.0)), obs)


def _quantiles(values: Sequence[float], tails: Sequence[float]) -> list[float]:
    return [round(float(np.quantile(np.asarray(values), 1.0 - a)), 4) for a in tails]


def null_thresholds() -> dict[str, Any]:
    """Tail quantiles of each family's largest z² on simulated series with no change, and of
    a step's z² on one construction day.

    The null is "ordinary life only": the simulator's cycles, holidays, weather spells and
    noise, fitted by the detector's own ordinary model, so that the thresholds carry the
    model's misfit as well as the noise. (Tables per sector were tried: thresholds lower for
    Power and Residential found more changes but more spurious nodes beside them, and F1 fell
    on the benchmark.)
    """
    grids: dict[Family, list[list[float]]] = {f: [] for f in FAMILIES}
    known: list[float] = []
    for n in NULL_SIZES:
        maxima: dict[Family, list[float]] = {f: [] for f in FAMILIES}
        for k, sector in enumerate(SECTORS):
            for result in _null_draws(n, sector, k):
                for f in FAMILIES:
                    maxima[f].append(result.maxima[f])
                known += [float(z2) for z2 in result.known_days]
        for f in FAMILIES:
            grids[f].append(_quantiles(maxima[f], NULL_TAILS))
        print(f"  null thresholds: {n} days done", file=sys.stderr)
    return {
        "sizes": list(NULL_SIZES),
        "tails": list(NULL_TAILS),
        "families": grids,
        "draws_per_size": NULL_DRAWS * len(SECTORS),
        "known_tails": list(KNOWN_TAILS),
        "known_day": _quantiles(known, KNOWN_TAILS),
        "known_days_pooled": len(known),
    }


def _realised_rate() -> float:
    """False nodes per series-year of the whole detector at the default rate, on series
    without change (as the benchmark counts them)."""
    scores = []
    for k, sector in enumerate(SECTORS):
        for i in range(KNOB_SERIES):
            series, truth = simulate_series("no_change", KNOB_SEED + 1000 * k + i, sector=sector)
            found = events(
                "tianjin", series.start, series.end, sector=sector, dataset=SIMULATED_DATASET
            )
            predicted = predictions_from_nodes(detect(series, found).nodes)
            scores.append(score_series(truth, predicted, n_days=len(series)))
    return false_nodes_per_year(scores)


def knob_scale(data: dict[str, Any], path: Path) -> float:
    """The factor on the false-alarm budget that makes the detector's realised rate on series
    without change the rate asked for (two multiplicative steps from 1)."""
    scale = 1.0
    for _ in range(2):
        data["false_alarm"]["knob_scale"] = scale
        _write(data, path)
        reload_calibration()
        realised = _realised_rate()
        print(f"  knob scale {scale:.3f}: {realised:.4f} false nodes per series-year",
              file=sys.stderr)
        scale = round(scale * DEFAULT_FALSE_ALARM_RATE / max(realised, 1e-3), 4)
    return scale


def _write(data: dict[str, Any], path: Path) -> None:
    path.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def _package_file() -> Path:
    return Path(str(resources.files("carbonnodes.detect").joinpath("calibration.json")))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--series", type=int, default=2000, help="labelled series to fit on")
    parser.add_argument("--check", type=int, default=600, help="held-out series for the ECE")
    parser.add_argument("--thresholds-only", action="store_true")
    parser.add_argument("--confidence-only", action="store_true")
    parser.add_argument("--out", type=Path, default=_package_file())
    args = parser.parse_args(argv)
    data: dict[str, Any] = {"version": 1}
    if args.out.exists():
        data = json.loads(args.out.read_text(encoding="utf-8"))
    if not args.confidence_only:
        print("fitting null thresholds …", file=sys.stderr)
        data["false_alarm"] = null_thresholds()
        data.setdefault("confidence", {"score": [0.0, 10.0], "probability": [0.5, 0.5]})
        print("fitting the knob's scale …", file=sys.stderr)
        data["false_alarm"]["knob_scale"] = knob_scale(data, args.out)
    _write(data, args.out)
    reload_calibration()
    if not args.thresholds_only:
        data["confidence"] = fit_confidence(args.series, args.check, CALIBRATION_SEED, CHECK_SEED)
        _write(data, args.out)
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
