"""Matching, scores and calibration on toy cases worked out by hand."""

from __future__ import annotations

import datetime as dt
import math

import pytest

from carbonnodes.model import Node
from carbonnodes.simulate import (
    Prediction,
    TrueNode,
    expected_calibration_error,
    false_nodes_per_year,
    interval_coverage,
    match_days,
    matched_truth,
    precision_recall_f1,
    predictions_from_nodes,
    reliability_table,
    score_series,
)

D0 = dt.date(2020, 1, 1)


def day(offset: int) -> dt.date:
    return D0 + dt.timedelta(days=offset)


def _tcpd_f1(annotations: dict[int, list[int]], predicted: list[int], margin: int = 5) -> float:
    """Appendix B of the research note, built on match_days (index 0 added everywhere)."""
    x = sorted({0, *predicted})
    sets = [sorted({0, *a}) for a in annotations.values()]
    union = sorted({t for s in sets for t in s})
    tp_union = len(match_days(union, [margin] * len(union), x))
    precision = tp_union / len(x)
    recall = sum(len(match_days(s, [margin] * len(s), x)) / len(s) for s in sets) / len(sets)
    return 2 * precision * recall / (precision + recall)


def test_appendix_b_toy_cases_hold() -> None:
    assert _tcpd_f1({1: [10, 20], 2: [11, 20], 3: [10], 4: [0, 5]}, [10, 20]) == pytest.approx(1.0)
    assert _tcpd_f1({1: [], 2: [10], 3: [50]}, [10]) == pytest.approx(10 / 11)
    assert _tcpd_f1({1: [], 2: [10], 3: [50]}, []) == pytest.approx(0.8)


def test_matching_is_one_to_one_closest_first_within_tolerance() -> None:
    assert match_days([10, 20], [7, 7], [10, 20]) == [(0, 0), (1, 1)]
    assert match_days([10], [7], [4, 12, 17]) == [(0, 1)]  # closest wins
    assert match_days([10, 12], [7, 7], [11]) == [(0, 0)]  # one prediction, one truth
    assert match_days([10], [7], [17]) == [(0, 0)]  # the boundary is inside
    assert match_days([10], [7], [18]) == []
    assert match_days([10], [7], [6, 14]) == [(0, 0)]  # equal distance: the earlier


def test_tight_tolerances_are_served_before_a_trend_window() -> None:
    truth = [TrueNode(day(100), "trend_change", 10.0), TrueNode(day(130), "level_shift", 8.0)]
    score = score_series(truth, [Prediction(day(128))], n_days=366)
    assert (score.true_positives, score.false_negatives, score.false_positives) == (1, 1, 0)
    score = score_series(truth, [Prediction(day(128)), Prediction(day(55))], n_days=366)
    assert (score.true_positives, score.false_negatives) == (2, 0)  # 45 days ≤ 60


def test_steps_and_calendar_effects_are_neither_hits_nor_misses() -> None:
    truth = [
        TrueNode(day(0), "level_shift", 2.0, artefact=True),
        TrueNode(day(31), "level_shift", -3.0, artefact=True),
        TrueNode(day(200), "level_shift", 12.0),
        TrueNode(day(400), "anomaly", -25.0, end=day(440), calendar="spring_festival"),
    ]
    predicted = [
        Prediction(day(1), 0.9, "level_shift", explained=True),  # step attributed: neutral
        Prediction(day(31), 0.8, "level_shift"),  # step passed off as a policy candidate
        Prediction(day(203), 0.7, "anomaly"),  # a hit, kind wrong
        Prediction(day(300), 0.6, "seasonal", explained=True),  # a cause that is not there
        Prediction(day(446), 0.5, "anomaly", explained=True),  # festival's tail: neutral
        Prediction(day(420), 0.4, "anomaly"),  # festival passed off
        Prediction(day(448), 0.3, "anomaly", explained=True),  # 8 days after its end: false
    ]
    score = score_series(truth, predicted, n_days=731)
    assert score.true_positives == 1 and score.false_negatives == 0
    assert score.false_positives == 4 and score.false_explained == 2
    assert (score.neutral, score.passed_off) == (2, 2)
    assert (score.artefacts, score.artefacts_attributed) == (2, 1)
    assert score.kinds_agreeing == 0
    assert score.confidences == (0.8, 0.7, 0.6, 0.4, 0.3)
    assert score.hits == (False, True, False, False, False)
    assert precision_recall_f1([score]) == (pytest.approx(0.2), 1.0, pytest.approx(1 / 3))


def test_precision_recall_f1_are_micro_averaged() -> None:
    one = score_series(
        [TrueNode(day(50), "anomaly", -40.0, end=day(90))], [Prediction(day(52))], n_days=365
    )
    two = score_series(
        [TrueNode(day(50), "level_shift", 5.0), TrueNode(day(250), "seasonal", 50.0)],
        [Prediction(day(20)), Prediction(day(250))],
        n_days=365,
    )
    precision, recall, f1 = precision_recall_f1([one, two])
    assert (precision, recall) == (pytest.approx(2 / 3), pytest.approx(2 / 3))
    assert f1 == pytest.approx(2 / 3)
    assert precision_recall_f1([score_series([], [], n_days=365)]) == (1.0, 1.0, 1.0)
    silent = score_series([TrueNode(day(50), "level_shift", 5.0)], [], n_days=365)
    assert precision_recall_f1([silent]) == (1.0, 0.0, 0.0)


def test_false_nodes_per_series_year() -> None:
    noisy = score_series([], [Prediction(day(10)), Prediction(day(400))], n_days=1461)
    quiet = score_series([], [], n_days=1461)
    assert false_nodes_per_year([noisy, quiet]) == pytest.approx(2 / 8.0)


def test_ece_is_zero_when_confidence_matches_the_hit_rate() -> None:
    confidences = [0.25] * 4 + [0.75] * 4
    hits = [True, False, False, False, True, True, True, False]
    assert expected_calibration_error(confidences, hits) == pytest.approx(0.0)


def test_ece_of_an_overconfident_detector() -> None:
    assert expected_calibration_error([0.9] * 10, [True] * 5 + [False] * 5) == pytest.approx(0.4)
    # two bins: 0.05 said, 0 right (n=2); 1.0 said, half right (n=2) → (2×0.05 + 2×0.5) / 4
    value = expected_calibration_error([0.05, 0.05, 1.0, 1.0], [False, False, True, False])
    assert value == pytest.approx(0.275)
    assert math.isnan(expected_calibration_error([], []))


def test_reliability_table_has_ten_equal_bins_with_the_top_one_closed() -> None:
    table = reliability_table([0.0, 0.1, 0.35, 0.99, 1.0], [False, False, True, True, False])
    assert [round(r.low, 1) for r in table] == [i / 10 for i in range(10)]
    assert [r.count for r in table] == [1, 1, 0, 1, 0, 0, 0, 0, 0, 2]
    assert table[9].hit_rate == pytest.approx(0.5) and math.isnan(table[2].hit_rate)
    with pytest.raises(ValueError):
        reliability_table([0.5], [])


def test_carbonnodes_nodes_become_predictions() -> None:
    node = Node(
        city="tianjin",
        sector="power",
        date=day(31),
        kind="level_shift",
        confidence=0.7,
        effect_pct=12.0,
        effect_ci=(8.0, 16.0),
        window=(day(24), day(38)),
        explained_by=("artefact:x",),
    )
    (prediction,) = predictions_from_nodes([node])
    assert prediction == Prediction(
        day(31), 0.7, "level_shift", explained=True, interval=(8.0, 16.0)
    )


def test_an_interval_counts_for_a_hit_of_the_true_kind_only() -> None:
    truth = [
        TrueNode(day(100), "level_shift", 10.0),
        TrueNode(day(200), "anomaly", -30.0, end=day(240)),
        TrueNode(day(400), "trend_change", 12.0),
        TrueNode(day(600), "seasonal", 150.0, swing_points=-4.0),
        TrueNode(day(800), "level_shift", -8.0),
    ]
    predicted = [
        Prediction(day(101), 0.9, "level_shift", interval=(8.0, 12.0)),  # holds +10
        Prediction(day(203), 0.9, "anomaly", interval=(-25.0, -20.0)),  # misses −30
        Prediction(day(410), 0.9, "level_shift", interval=(0.0, 100.0)),  # a hit, wrong kind
        Prediction(day(600), 0.9, "seasonal", interval=(-5.0, -3.0)),  # in points: holds −4
        Prediction(day(800), 0.9, "level_shift"),  # no interval stated
    ]
    score = score_series(truth, predicted, n_days=1000)
    assert score.true_positives == 5
    assert sorted(score.covered) == [
        ("anomaly", False), ("level_shift", True), ("seasonal", True)
    ]
    coverage = interval_coverage([score, score])
    assert coverage["all"] == (6, pytest.approx(4 / 6))
    assert coverage["anomaly"] == (2, 0.0) and coverage["seasonal"] == (2, 1.0)
    pairs = matched_truth(truth, predicted)
    assert [j for j, _ in pairs] == [0, 1, 3, 4] and pairs[2][1].node_effect == -4.0
