"""The fitted numbers the detector reads at run time: false-alarm thresholds and confidence map.

Both come from ``calibration.json`` beside this module, written by ``python -m
carbonnodes.detect._calibrate``: the thresholds from the null distribution of each search
family's largest score on simulated series without change, the confidence map from isotonic
regression of "was this a real change within tolerance" on labelled simulated series.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from statistics import NormalDist
from typing import Any

import numpy as np

from carbonnodes.detect._scores import FAMILIES, Family

CALIBRATION_FILE = "calibration.json"


@cache
def _calibration() -> dict[str, Any]:
    text = resources.files("carbonnodes.detect").joinpath(CALIBRATION_FILE).read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def series_alarm_budget(false_alarm_rate: float, n_days: int) -> float:
    """The knob is per series-year; the search spends it per series."""
    return min(0.5, false_alarm_rate * n_days / 365.25)


def family_thresholds(n_days: int, false_alarm_rate: float) -> dict[Family, float]:
    """z² a candidate must beat, so that noise alone yields ``false_alarm_rate`` nodes a year.

    The budget is split evenly over the four families; the table is interpolated in log length
    and log tail probability (extrapolated linearly in log tail, as extreme-value tails are).
    """
    table = _calibration()["false_alarm"]
    sizes = np.log(np.asarray(table["sizes"], dtype=np.float64))
    tails = np.log(np.asarray(table["tails"], dtype=np.float64))
    per_family = series_alarm_budget(false_alarm_rate, n_days) / len(FAMILIES)
    x = float(np.clip(np.log(n_days), sizes[0], sizes[-1]))
    target = np.log(per_family)
    out: dict[Family, float] = {}
    for family in FAMILIES:
        grid = np.asarray(table["families"][family], dtype=np.float64)  # sizes × tails
        by_tail = np.array([np.interp(x, sizes, grid[:, j]) for j in range(tails.size)])
        order = np.argsort(tails)
        lt, lv = tails[order], by_tail[order]
        if target < lt[0]:
            slope = (lv[1] - lv[0]) / (lt[1] - lt[0])
            value = lv[0] + slope * (target - lt[0])
        else:
            value = float(np.interp(target, lt, lv))
        out[family] = float(value)
    return out


def known_date_threshold(false_alarm_rate: float, n_days: int, tests: int) -> float:
    """z² for changes at known dates (data artefacts), Bonferroni over how many there are,
    out of one family's share of the budget."""
    alpha = series_alarm_budget(false_alarm_rate, n_days) / len(FAMILIES) / max(tests, 1)
    z = NormalDist().inv_cdf(1.0 - alpha / 2.0)
    return z * z


def confidence(score: float) -> float:
    """Calibrated probability that a node with this raw score (|t| of its effect) is real."""
    entry = _calibration()["confidence"]
    xs = np.asarray(entry["score"], dtype=np.float64)
    ps = np.asarray(entry["probability"], dtype=np.float64)
    return float(np.clip(np.interp(score, xs, ps), 0.0, 1.0))
