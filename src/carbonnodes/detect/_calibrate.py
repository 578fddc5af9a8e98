"""Refit ``calibration.json``: false-alarm thresholds and confidence maps.

Run ``python -m carbonnodes.detect._calibrate [--series N] [--check N]``. Four fits, for
daily series and again for series with one value per month (``_calibrate_monthly``):

1. Thresholds: for each search family, the largest z² the first search round sees on
   simulated series with no change (five lengths), as tail quantiles by length, for every
   sector together and for each sector alone; and the z² of a step on one construction day,
   pooled over all such days.
2. The knob's scale: the whole detector is run at the default rate on 400 other series
   without change, every candidate reported, and the false-alarm budget is scaled so that
   the false nodes it reports per series-year are the rate asked for (two multiplicative
   steps), with the table of all sectors for every series: a sector's own table then only
   lowers its bars (``_calibration.SECTOR_WEIGHT``). The daily confidence floor then
   removes more: the knob bounds the search, and the realised rate lies below it. The same
   is done at each of ``_budget_fit.SCALE_RATES``, so that the knob holds at looser rates
   too.
3. Confidence: the detector is run at the default false-alarm rate, with every candidate
   reported, on labelled series from :mod:`carbonnodes.simulate` (seeds from 10 000 on; the
   benchmark draws from other seeds); every node is labelled hit or miss by the simulator's
   own scorer, and the node model (``_node_confidence``) is fitted, after the widening of
   the map's effect intervals (``_fit_intervals``) from the planted effects of the hits of
   the true kind. Daily series get one model per band of length (``CONFIDENCE_MAPS``: two-
   and four-year series, and six-, nine- and twelve-year ones for the long map,
   ``--series`` of each length), and series with one value per month one model, fitted on
   four-year series.
   A held-out set (``--check`` of each length, other seeds) prints the expected calibration
   error of what would be reported and the share of true effects the widened intervals hold.
4. The knob's shift of the confidence maps (``_knob_confidence``): the detector is run at
   each of ``KNOB_RATES`` on ``KNOB_FIT_SERIES`` labelled series of each map's lengths, and
   each map's log odds are moved with the square root of the rate over the default; held
   out, the ECE of what would be reported at each rate is printed. ``--knob-only`` refits
   this and the scales at the looser rates alone (about 35 min here).

Deterministic: fixed seeds, so the same code writes the same file byte for byte.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator, Sequence
from functools import partial
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from carbonnodes.detect import _calibrate_monthly as monthly_tables
from carbonnodes.detect._budget_fit import (
    fit_knob_scale,
    fit_knob_scales,
    null_table,
    tail_quantiles,
)
from carbonnodes.detect._calibration import (
    CONFIDENCE_MAPS,
    DEFAULT_FALSE_ALARM_RATE,
    reload_calibration,
)
from carbonnodes.detect._design import build_design
from carbonnodes.detect._detector import CalendarAwareDetector
from carbonnodes.detect._fit_confidence import fit_confidence, fit_knob
from carbonnodes.detect._model import null_maxima
from carbonnodes.detect._scores import FAMILIES, Family
from carbonnodes.detect._search import NullScores
from carbonnodes.detect._simulated import simulated_calendar
from carbonnodes.simulate import (
    MONTH_TOLERANCE_DAYS,
    SECTORS,
    TOLERANCE_DAYS,
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
NULL_DRAWS = 60  # per sector and length, for the table of all sectors
#: Per sector and length for each sector's own table (the first ``NULL_DRAWS`` of them are
#: those of the table of all sectors).
SECTOR_NULL_DRAWS = 150
NULL_SEED = 20_240_601

#: Seeds of the series each confidence map is fitted on and checked on (``CONFIDENCE_MAPS``);
#: a map fitted on several lengths takes the next block of seeds for each further length.
MAP_SEEDS: dict[str, tuple[int, int]] = {
    "confidence": (10_000, 90_000),
    "confidence_short": (50_000, 95_000),
    "confidence_long": (60_000, 97_000),
}
#: Series without change per sector on which the knob's scale is fitted, and their seeds.
KNOB_SERIES = 100
KNOB_SEED = 30_000
#: Series (split over a map's lengths) on which each map's shift with the knob is fitted at
#: each of ``_knob_confidence.KNOB_RATES``, and checked; the seeds of each map's blocks.
KNOB_FIT_SERIES = 300
KNOB_CHECK_SERIES = 200
KNOB_SEEDS: dict[str, tuple[int, int]] = {
    "confidence": (80_000, 99_000),
    "confidence_short": (81_000, 99_300),
    "confidence_long": (82_000, 99_600),
}
#: A confidence map that reads every node as a coin toss, in place while the real one is fitted.
NEUTRAL_MAP: dict[str, Any] = {
    "features": [], "mean": [], "scale": [], "intercept": 0.0, "weights": []
}


def _null_draws(n: int, sector: str, k: int) -> Iterator[NullScores]:
    """The null scores of ``SECTOR_NULL_DRAWS`` simulated series of one sector and length."""
    for i in range(SECTOR_NULL_DRAWS):
        series, _ = simulate_series("no_change", NULL_SEED + 1000 * k + i, n_days=n, sector=sector)
        values = np.asarray(series.values, dtype=np.float64)
        obs = np.isfinite(values) & (values > 0)
        design = build_design(series.start, n, simulated_calendar(series))
        yield null_maxima(design, np.log(np.where(obs, values, 1.0)), obs)


def null_thresholds() -> dict[str, Any]:
    """Tail quantiles of each family's largest z² on simulated series with no change, for all
    sectors together and for each sector alone (``by_sector``), and of a step's z² on one
    construction day.

    The null is "ordinary life only": the simulator's cycles, holidays, weather spells and
    noise, fitted by the detector's own ordinary model, so that the thresholds carry the
    model's misfit as well as the noise. How the detector weighs a sector's own table against
    the table of all sectors: ``_calibration.SECTOR_WEIGHT``.
    """
    per_size: list[dict[Family, list[float]]] = []
    by_sector: dict[str, list[dict[Family, list[float]]]] = {s: [] for s in SECTORS}
    known: list[float] = []
    for n in NULL_SIZES:
        maxima: dict[Family, list[float]] = {f: [] for f in FAMILIES}
        for k, sector in enumerate(SECTORS):
            own: dict[Family, list[float]] = {f: [] for f in FAMILIES}
            for i, result in enumerate(_null_draws(n, sector, k)):
                for f in FAMILIES:
                    own[f].append(result.maxima[f])
                if i < NULL_DRAWS:
                    known += [float(z2) for z2 in result.known_days]
            for f in FAMILIES:
                maxima[f] += own[f][:NULL_DRAWS]
            by_sector[sector].append(own)
        per_size.append(maxima)
        print(f"  null thresholds: {n} days done", file=sys.stderr)
    table = null_table(per_size, NULL_SIZES, NULL_TAILS, NULL_DRAWS * len(SECTORS))
    table["by_sector"] = {
        sector: null_table(rows, NULL_SIZES, NULL_TAILS, SECTOR_NULL_DRAWS)["families"]
        for sector, rows in by_sector.items()
    }
    table["known_tails"] = list(KNOWN_TAILS)
    table["known_day"] = tail_quantiles(known, KNOWN_TAILS)
    table["known_days_pooled"] = len(known)
    return table


def _realised_rate(monthly: bool, rate: float = DEFAULT_FALSE_ALARM_RATE) -> float:
    """False nodes per series-year of the whole detector's search at ``rate``, on series
    without change (as the benchmark counts them), daily or averaged by month."""
    if monthly:
        first, count = monthly_tables.KNOB_SEED, monthly_tables.KNOB_SERIES
    else:
        first, count = KNOB_SEED, KNOB_SERIES
    tolerances = MONTH_TOLERANCE_DAYS if monthly else TOLERANCE_DAYS
    detector = CalendarAwareDetector(false_alarm_rate=rate, min_confidence=0.0, by_sector=False)
    scores = []
    for k, sector in enumerate(SECTORS):
        for i in range(count):
            series, truth = simulate_series(
                "no_change", first + 1000 * k + i, sector=sector, by_month=monthly
            )
            found = detector.run(series, simulated_calendar(series))
            predicted = predictions_from_nodes(found.nodes)
            scores.append(
                score_series(truth, predicted, n_days=len(series), tolerances=tolerances)
            )
    return false_nodes_per_year(scores)


def _package_file() -> Path:
    """The file the detector reads: each fit runs the detector on what the fits before wrote."""
    return Path(str(resources.files("carbonnodes.detect").joinpath("calibration.json")))


def _write(data: dict[str, Any]) -> None:
    _package_file().write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def _fit(
    data: dict[str, Any],
    tables: dict[str, Any],
    args: argparse.Namespace,
    *,
    monthly: bool,
) -> None:
    """Thresholds, the knob's scale and the confidence map of one resolution into ``tables``
    (``data`` itself for daily series, its ``monthly`` entry for monthly ones)."""
    label = "monthly" if monthly else "daily"

    def set_scales(rates: list[float], scales: list[float]) -> None:
        tables["false_alarm"]["knob_scale"] = {"rates": rates, "scales": scales}
        _write(data)
        reload_calibration()

    def set_scale(scale: float) -> None:
        set_scales([DEFAULT_FALSE_ALARM_RATE], [scale])

    if not (args.confidence_only or args.knob_only):
        print(f"fitting {label} null thresholds …", file=sys.stderr)
        tables["false_alarm"] = (
            monthly_tables.null_thresholds(NULL_SIZES, NULL_TAILS) if monthly else null_thresholds()
        )
        tables.setdefault("confidence", dict(NEUTRAL_MAP))
        set_scale(fit_knob_scale(set_scale, partial(_realised_rate, monthly),
                                 DEFAULT_FALSE_ALARM_RATE, label))
    if not args.confidence_only:
        entry = tables["false_alarm"]["knob_scale"]
        default = entry["scales"][entry["rates"].index(DEFAULT_FALSE_ALARM_RATE)]
        tables["false_alarm"]["knob_scale"] = fit_knob_scales(
            set_scales, partial(_realised_rate, monthly), (DEFAULT_FALSE_ALARM_RATE, default), label
        )
        _write(data)
        reload_calibration()
    if args.thresholds_only:
        return
    for _, key, lengths in CONFIDENCE_MAPS:
        if monthly and key != "confidence":
            continue  # series with one value per month have one map, fitted on four years
        if not args.knob_only:
            seed, check_seed = MAP_SEEDS[key]
            # every candidate is reported while a map is fitted, so its values do not
            # matter, but the detector reads one for every length (a first fit finds none)
            tables[key] = dict(NEUTRAL_MAP)
            _write(data)
            reload_calibration()
            tables[key] = fit_confidence(
                args.series, args.check, seed, check_seed, monthly=monthly, lengths=lengths
            )
        # the map is read unshifted while its shift with the knob is fitted
        tables[key].pop("knob", None)
        _write(data)
        reload_calibration()
        seed, check_seed = KNOB_SEEDS[key]
        tables[key]["knob"] = fit_knob(KNOB_FIT_SERIES, KNOB_CHECK_SERIES, seed, check_seed,
                                       lengths=lengths, monthly=monthly)
        _write(data)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--series", type=int, default=2000, help="labelled series to fit on")
    parser.add_argument("--check", type=int, default=600, help="held-out series for the ECE")
    parser.add_argument("--thresholds-only", action="store_true")
    parser.add_argument("--confidence-only", action="store_true")
    parser.add_argument("--knob-only", action="store_true",
                        help="only the knob's scales past the default and the confidence "
                             "maps' shift with the knob")
    parser.add_argument("--daily-only", action="store_true")
    parser.add_argument("--monthly-only", action="store_true")
    args = parser.parse_args(argv)
    out = _package_file()
    data: dict[str, Any] = {"version": 1}
    if out.exists():
        data = json.loads(out.read_text(encoding="utf-8"))
    if not args.monthly_only:
        _fit(data, data, args, monthly=False)
    if not args.daily_only:
        _fit(data, data.setdefault("monthly", {}), args, monthly=True)
    print(f"wrote {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
