"""Simulated daily city-sector series with known truth, and the scores of a detector on them.

The benchmark harness of the ``detect`` stage, in the manner of ruptures' datasets and
metrics: :func:`simulate_series` draws a realistic series (weekly and yearly cycles, Spring
Festival on the real lunar dates, holidays and 调休, heating season, AR(1) noise, outliers,
missing days) with the changes of one scenario family planted in it; :func:`score_series`
matches reported nodes to the truth (how construction steps and calendar effects count is
in ``_scores``); the summary functions give precision, recall, F1, false nodes per
series-year, calibration and how often the effects' intervals hold the true effect.
:func:`simulate_parts` gives the parts a series is drawn from (noise laws, festival dips, slow
wander), for an oracle's ceiling. It never imports
``carbonnodes.calendar`` or ``carbonnodes.detect``: the truth must not share code with the
model it judges.
"""

from __future__ import annotations

from carbonnodes.simulate._calibration import (
    ReliabilityBin,
    calibration_noise_floor,
    expected_calibration_error,
    reliability_table,
)
from carbonnodes.simulate._days import lunar_new_year
from carbonnodes.simulate._matching import TOLERANCE_DAYS, match_days
from carbonnodes.simulate._monthly import MONTH_TOLERANCE_DAYS, as_monthly, visible_by_month
from carbonnodes.simulate._ordinary import AR1, wander_autocovariance
from carbonnodes.simulate._scores import (
    Prediction,
    SeriesScore,
    false_nodes_per_year,
    interval_coverage,
    matched_truth,
    precision_recall_f1,
    predictions_from_nodes,
    score_series,
)
from carbonnodes.simulate._series import Simulation, scenarios, simulate_parts, simulate_series
from carbonnodes.simulate._truth import SECTORS, TrueNode

__all__ = [
    "AR1",
    "MONTH_TOLERANCE_DAYS",
    "Prediction",
    "ReliabilityBin",
    "SECTORS",
    "SeriesScore",
    "Simulation",
    "TOLERANCE_DAYS",
    "TrueNode",
    "as_monthly",
    "calibration_noise_floor",
    "expected_calibration_error",
    "false_nodes_per_year",
    "interval_coverage",
    "lunar_new_year",
    "match_days",
    "matched_truth",
    "precision_recall_f1",
    "predictions_from_nodes",
    "reliability_table",
    "scenarios",
    "score_series",
    "simulate_parts",
    "simulate_series",
    "visible_by_month",
    "wander_autocovariance",
]
