"""The fitted numbers the detector reads at run time: false-alarm thresholds and confidence map.

Both come from ``calibration.json`` beside this module, written by ``python -m
carbonnodes.detect._calibrate``: the thresholds from the null distribution of each search
family's largest score on simulated series without change, the confidence map from
labelled simulated series ("was this a real change within tolerance"): a logistic model of
the node (``_node_confidence``), fitted for daily series on two- and four-year series and on
six- to twelve-year ones for three bands of length (``CONFIDENCE_MAPS``), and for series
with one value per month on four-year ones. Each map also holds how much its band's effect
intervals are widened so that they hold the true effect nine times in ten
(``_fit_intervals``).
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from statistics import NormalDist
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

from carbonnodes.detect._design import YEAR_DAYS
from carbonnodes.detect._fit_intervals import NONE
from carbonnodes.detect._knob_confidence import at_rate
from carbonnodes.detect._node_confidence import model_probability, node_features
from carbonnodes.detect._scores import FAMILIES, Family
from carbonnodes.model import NodeKind

FloatArray = NDArray[np.float64]

CALIBRATION_FILE = "calibration.json"
#: The knob's default (false nodes per series-year): the confidence maps are fitted at it.
DEFAULT_FALSE_ALARM_RATE = 0.02
#: How the false-alarm budget is split between the search families. Level shifts, the
#: commonest and subtlest mark of a policy, get the largest share; episodes such as lockdowns
#: are deep and need the least. (Chosen on simulated series of seeds 3000–5199, which the
#: benchmark does not use: F1 0.627 with equal shares, 0.649 with these.)
BUDGET_SHARE: dict[Family, float] = {"step": 0.55, "box": 0.10, "hinge": 0.15, "season": 0.20}
#: The same for series with one value per month, which show no weekly cycle. An episode of a
#: month or more is the commonest shock they show (COVID-19 lockdowns): more goes to it.
#: (Chosen on simulated series averaged by month, seeds 0–599 and 3000–3599: F1 0.714 and
#: 0.726 with the daily shares of these three families rescaled to sum to 1, 0.720 and 0.733
#: with these; 0.45/0.30/0.25 and 0.50/0.20/0.30 scored 0.686–0.715.)
MONTH_BUDGET_SHARE: dict[Family, float] = {"step": 0.60, "box": 0.25, "hinge": 0.15}
#: How far a daily series' thresholds move from the table of all sectors toward its own
#: sector's (in logs), where its own are lower. The sectors' null maxima differ two- to
#: fourfold (the largest step z² of four-year series without change, 90th percentile:
#: Ground Transport 35, Industry 31, Power 17, Residential 11), so one table spends the
#: budget on Ground Transport's and Industry's noise and leaves Power's and Residential's
#: changes short of it. A sector's own table is only as right as the simulator's noise for
#: it, which the real file puts outside the simulated range in two sectors of four
#: (``benchmarks/simulator_realism.py``), and at its own table a sector's search also
#: reports more false nodes beside its real changes: so halfway. Raised toward their own,
#: Ground Transport's bars lost hits on the simulator and split the real file's 26
#: provinces, one national curve, into two sets of nodes; so no sector's bar is raised.
#: (docs/detect-history.md, session 21.)
SECTOR_WEIGHT = 0.5
#: A floor under a sector's own threshold (z²), which the table's extrapolation could take
#: to nothing.
MIN_THRESHOLD = 1.0
#: Daily series, or series with one value per calendar month (``_monthly``): each has its own
#: tables, the month's under the file's ``monthly`` key.
Resolution = Literal["day", "month"]
#: Where a daily series' confidence changes map (days): below ``SHORT_MAP_DAYS`` the one
#: fitted on two-year series, from ``LONG_MAP_DAYS`` the one fitted on six- to twelve-year
#: ones. Each is where the two maps' mean over-statement (mean confidence less hit rate,
#: held-out, 600 series at each length) changes sign between them: at 850 days the four-year
#: map said +0.055 and the two-year one −0.048, at 913 days +0.022 and −0.069; at 2,010 days
#: the four-year map +0.019 and the long one −0.026, at 2,100 days +0.037 and −0.018.
SHORT_MAP_DAYS = 880
LONG_MAP_DAYS = 2070


@cache
def _calibration() -> dict[str, Any]:
    """The file's content, read once (``_calibrate`` clears the cache when it rewrites it)."""
    text = resources.files("carbonnodes.detect").joinpath(CALIBRATION_FILE).read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def _tables(resolution: Resolution) -> dict[str, Any]:
    data = _calibration()
    tables: dict[str, Any] = data if resolution == "day" else data["monthly"]
    return tables


def _families(table: dict[str, Any]) -> list[Family]:
    """The search families a threshold table holds (a monthly series has no weekly cycle)."""
    return [f for f in FAMILIES if f in table["families"]]


def reload_calibration() -> None:
    """Read ``calibration.json`` afresh on next use (after ``_calibrate`` rewrote it)."""
    _calibration.cache_clear()


def knob_scale(false_alarm_rate: float, resolution: Resolution = "day") -> float:
    """The factor on the budget at this rate, fitted by ``_calibrate`` at the default and at
    a few looser rates, read linearly in log rate between them and as the nearest one's
    beyond. One factor for every rate (the default's, until session 32) let a four-year
    series' search make 0.38 false nodes a year at 0.2 and 2.0 at 0.4: far below the null
    tables the thresholds fall faster than what the whole search makes of them."""
    return scale_at(_tables(resolution)["false_alarm"]["knob_scale"], false_alarm_rate)


def searched_rate(false_alarm_rate: float, resolution: Resolution = "day") -> float:
    """The false nodes per series-year the search makes at this setting of the knob: the
    rate itself, up to the ``limit`` past which the fit of the scales found it had no more
    to give (a monthly series: 0.4, about 0.33 false nodes a year)."""
    limit = _tables(resolution)["false_alarm"]["knob_scale"].get("limit", false_alarm_rate)
    return min(false_alarm_rate, float(limit))


def scale_at(entry: dict[str, Any], false_alarm_rate: float) -> float:
    """``knob_scale``'s reading of one table of scales by rate (``rates``, ``scales``)."""
    rates = np.log(np.asarray(entry["rates"], dtype=np.float64))
    return float(np.interp(np.log(false_alarm_rate), rates, entry["scales"]))


def series_alarm_budget(
    false_alarm_rate: float, n_days: int, resolution: Resolution = "day"
) -> float:
    """The knob is per series-year; the search spends it per series. The thresholds bound
    the first pick of each family; rounds, sweeps and several families let the whole detector
    make more false nodes than that, so the budget is scaled by what it made on simulated
    series without change (``knob_scale``). The budget is an expected count and may exceed
    one (``_quantile_at``)."""
    scale = knob_scale(false_alarm_rate, resolution)
    return false_alarm_rate * scale * n_days / YEAR_DAYS


def _quantile_at(expected: float, tails: FloatArray, values: FloatArray) -> float:
    """The threshold that noise exceeds ``expected`` times per series, from a table of a
    maximum's quantiles at tail probabilities ``tails`` (at least ``MIN_THRESHOLD``).

    For rare exceedances their expected number is the maximum's tail probability, and the
    quantile is linear in its log (the Gumbel law), so the table is read in log tails,
    linearly between its entries and beyond either end: beyond its commonest entry where
    the knob asks for more than that many false nodes per series. Until session 31 the
    budget stopped there (0.5 a series), and any rate above about 0.08 a year gave a
    four-year series the thresholds of 0.08.
    """
    logs = np.log(np.asarray(tails, dtype=np.float64))
    order = np.argsort(logs)
    lt, lv = logs[order], np.asarray(values, dtype=np.float64)[order]
    target = np.log(expected)
    if target < lt[0]:
        value = lv[0] + (lv[1] - lv[0]) / (lt[1] - lt[0]) * (target - lt[0])
    elif target > lt[-1]:
        value = lv[-1] + (lv[-1] - lv[-2]) / (lt[-1] - lt[-2]) * (target - lt[-1])
    else:
        value = np.interp(target, lt, lv)
    return max(float(value), MIN_THRESHOLD)


def family_thresholds(
    n_days: int, false_alarm_rate: float, resolution: Resolution = "day", sector: str = ""
) -> dict[Family, float]:
    """z² a candidate must beat, so that noise alone yields ``false_alarm_rate`` nodes a year.

    The budget is split over the table's families by ``BUDGET_SHARE`` (by month:
    ``MONTH_BUDGET_SHARE``); the table is interpolated in log length and log tail probability.
    A daily series of a sector with a table of its own (``by_sector``) is judged between that
    table and the one of all sectors where its own is the lower (``SECTOR_WEIGHT``); any
    other series by the table of all sectors.
    """
    table = _tables(resolution)["false_alarm"]
    own = table.get("by_sector", {}).get(sector) if resolution == "day" else None
    sizes = np.log(np.asarray(table["sizes"], dtype=np.float64))
    tails = np.asarray(table["tails"], dtype=np.float64)
    budget = series_alarm_budget(false_alarm_rate, n_days, resolution)
    x = float(np.clip(np.log(n_days), sizes[0], sizes[-1]))
    shares = BUDGET_SHARE if resolution == "day" else MONTH_BUDGET_SHARE

    def quantile(grid: list[list[float]], family: Family) -> float:
        rows = np.asarray(grid, dtype=np.float64)  # sizes × tails
        by_tail = np.array([np.interp(x, sizes, rows[:, j]) for j in range(tails.size)])
        return _quantile_at(budget * shares[family], tails, by_tail)

    out: dict[Family, float] = {}
    for family in _families(table):
        out[family] = quantile(table["families"][family], family)
        if own is not None:
            mine = quantile(own[family], family)
            between = out[family] ** (1.0 - SECTOR_WEIGHT) * mine**SECTOR_WEIGHT
            out[family] = min(out[family], between)
    return out


def known_date_threshold(false_alarm_rate: float, n_days: int, tests: int) -> float:
    """z² for steps at known dates (data construction), Bonferroni over how many there are,
    out of the steps' share of the budget; quantiles of the z² such a step has on series
    without one, not of a normal law: slow swings make them heavier-tailed (the 0.1 % point
    is about 49 rather than 10.8)."""
    table = _calibration()["false_alarm"]
    known = table["known_day"]
    alpha = series_alarm_budget(false_alarm_rate, n_days) * BUDGET_SHARE["step"] / max(tests, 1)
    return _quantile_at(alpha, np.asarray(table["known_tails"]), np.asarray(known))


def single_test_threshold(false_alarm_rate: float, n_days: int) -> float:
    """z² a change's final t must reach on its own: an average family's share of the budget
    as a two-sided normal tail."""
    alpha = min(series_alarm_budget(false_alarm_rate, n_days) / len(FAMILIES), 1.0)
    z = NormalDist().inv_cdf(1.0 - alpha / 2.0)
    return z * z


#: The daily confidence maps by series length: the shortest length (days) each is read for,
#: its key in the file, and the lengths it is fitted on. A node's |t| means more or less
#: according to how much of the series the ordinary model has to learn from. With about two
#: years the yearly shape comes from two repetitions, so the ordinary terms take part of a
#: change and misplace others with a high |t|; the longer a series runs past four years, the
#: more false nodes gather beside its real changes. Read by the four-year map, two-year
#: series' nodes said 0.96 where 81 % were real (held-out ECE 0.087), six-year ones 0.76
#: where 60 % were (0.084). Past four years this keeps growing with the length (a map fitted
#: on six years alone overstated nine-year series by 0.09 and twelve-year ones by 0.17), so
#: the long map is fitted on three lengths with the series' log length as a term of its own.
CONFIDENCE_MAPS: tuple[tuple[int, str, tuple[int, ...]], ...] = (
    (0, "confidence_short", (731,)),
    (SHORT_MAP_DAYS, "confidence", (1461,)),
    (LONG_MAP_DAYS, "confidence_long", (2200, 3300, 4400)),
)


def confidence_key(n_days: int, resolution: Resolution = "day") -> str:
    """Which of the file's maps a node of a series of ``n_days`` days is read by (series
    with one value per month have one map)."""
    if resolution != "day":
        return "confidence"
    return [key for first, key, _ in CONFIDENCE_MAPS if n_days >= first][-1]


def confidence(
    kind: NodeKind,
    score: float,
    interval: tuple[float, float],
    n_days: int,
    explained: bool,
    resolution: Resolution = "day",
    false_alarm_rate: float = DEFAULT_FALSE_ALARM_RATE,
) -> float:
    """Calibrated probability that a node of a series of ``n_days`` days is real, by the
    file's map for ``resolution`` and length, read at the rate the search makes at the
    knob's ``false_alarm_rate`` (``searched_rate``, ``_knob_confidence``); ``explained``:
    the calendar names its cause."""
    entry = _tables(resolution)[confidence_key(n_days, resolution)]
    chance = mapped_confidence(entry, kind, score, interval, n_days, explained)
    return at_knob(chance, false_alarm_rate, resolution, entry.get("knob"))


def at_knob(
    chance: float, false_alarm_rate: float, resolution: Resolution, shift: dict[str, Any] | None
) -> float:
    """A map's probability, fitted at the default rate, read at the knob's
    ``false_alarm_rate``: moved by the map's ``shift`` with the rate the search makes there
    (``searched_rate``). The fit of the shift reads its held-out nodes so too."""
    searched = searched_rate(false_alarm_rate, resolution)
    return at_rate(chance, searched, DEFAULT_FALSE_ALARM_RATE, shift)


def interval_widening(
    kind: NodeKind, n_days: int, resolution: Resolution = "day"
) -> tuple[float, float]:
    """(k, c) by which a node's effect interval is widened (``_fit_intervals``), from the map
    its confidence is read by; none where the map has no widening fitted."""
    entry = _tables(resolution)[confidence_key(n_days, resolution)]
    k, c = entry.get("interval", {}).get(kind, NONE)
    return float(k), float(c)


def mapped_confidence(
    entry: dict[str, Any],
    kind: NodeKind,
    score: float,
    interval: tuple[float, float],
    n_days: int,
    explained: bool,
) -> float:
    """A node of a series of ``n_days`` days: its probability under one map, the logistic
    node model (``_node_confidence``) of the terms the map names: |t|, kind, interval
    width, cause, series length."""
    return model_probability(entry, node_features(kind, score, interval, n_days, explained))
