"""Confidence read at the knob's rate: the shift's fit, what the shipped shift says, and
whether nodes found at a loose rate say what share of them is real."""

from __future__ import annotations

import numpy as np
import pytest

from carbonnodes.detect import DEFAULT_FALSE_ALARM_RATE
from carbonnodes.detect._calibration import confidence, searched_rate
from carbonnodes.detect._fit_confidence import labelled_nodes
from carbonnodes.detect._knob_confidence import KNOB_RATES, at_rate, fit_shift
from carbonnodes.detect._node_confidence import is_reported

NODE = ("level_shift", 8.0, (-14.0, -6.0), 1461, False)


@pytest.mark.parametrize("truth", [{"a": -0.12, "c": 0.0}, {"a": -0.4, "c": 0.08}])
def test_the_fit_recovers_a_known_shift(truth):
    """Hits drawn from a known shift, with and without a term in the node's own log odds."""
    rng = np.random.default_rng(5)
    p = rng.uniform(0.05, 0.95, 40_000)
    rates = rng.choice(KNOB_RATES, p.size)
    hits = rng.random(p.size) < [at_rate(q, r, 0.02, truth) for q, r in zip(p, rates, strict=True)]
    fitted = fit_shift(p.tolist(), rates.tolist(), hits.tolist(), 0.02)
    assert fitted["a"] == pytest.approx(truth["a"], abs=0.02)
    assert fitted["c"] == pytest.approx(truth["c"], abs=0.02)


def test_a_strong_node_moves_less_than_a_weak_one():
    """With ``c`` > 0 a loose rate takes less log odds off a likely node than off an
    unlikely one."""
    shift = {"a": -0.4, "c": 0.08}

    def drop(p: float) -> float:
        moved = at_rate(p, 0.4, 0.02, shift)
        return float(np.log(p / (1 - p)) - np.log(moved / (1 - moved)))

    assert 0 < drop(0.9) < drop(0.3)


def test_the_default_rate_reads_the_map_unchanged():
    assert at_rate(0.7, 0.02, 0.02, {"a": -0.12, "c": 0.05}) == 0.7
    assert at_rate(0.7, 0.2, 0.02, None) == 0.7
    assert confidence(*NODE) == confidence(*NODE, false_alarm_rate=DEFAULT_FALSE_ALARM_RATE)


def test_a_looser_rate_makes_a_node_less_likely_real():
    """A looser knob lets more noise through the search, so a node of the same |t|, kind
    and interval is real less often; a stricter one, more often."""
    by_rate = [confidence(*NODE, false_alarm_rate=rate) for rate in (0.005, 0.02, 0.1, 0.4)]
    assert by_rate == sorted(by_rate, reverse=True)
    assert by_rate[1] - by_rate[2] > 0.05 and by_rate[1] - by_rate[3] > 0.2
    monthly = [confidence(*NODE, resolution="month", false_alarm_rate=rate)
               for rate in (0.005, 0.02, 0.1, 0.4)]
    assert monthly == sorted(monthly, reverse=True)


def test_past_the_search_s_limit_the_confidence_moves_no_further():
    """A monthly series' search makes no more false nodes past 0.4 a year (its 48 values
    give about 0.33), so a looser knob finds the same nodes, and they are no less likely
    real; a daily series' search keeps growing."""
    limit = searched_rate(0.8, "month")
    assert limit < 0.8 and searched_rate(0.9, "month") == limit
    assert searched_rate(0.8) == 0.8
    monthly = [confidence(*NODE, resolution="month", false_alarm_rate=rate)
               for rate in (limit, 0.6, 0.8)]
    assert monthly[0] == monthly[1] == monthly[2]
    assert confidence(*NODE, false_alarm_rate=0.8) < confidence(*NODE, false_alarm_rate=0.4)


@pytest.mark.parametrize(("days", "margin"), [(731, None), (1461, 0.03)])
def test_nodes_found_at_a_loose_rate_say_how_often_they_are_real(days, margin):
    """Simulated two- and four-year series the calibration never saw, searched at ten times
    the default rate: the reported nodes' mean confidence is near the share of them that
    are real. On four-year series the map alone (fitted at the default) overstates them, by
    ``margin`` more than the shifted reading does; on two-year ones it hardly does (their
    shift is small), and each map has a shift of its own."""
    rate = 10 * DEFAULT_FALSE_ALARM_RATE
    said, map_said, real = [], [], []
    for node, hit, _ in labelled_nodes(140, 7300, n_days=days, false_alarm_rate=rate):
        if is_reported(node.confidence, bool(node.explained_by)):
            said.append(node.confidence)
            map_said.append(confidence(node.kind, node.score, node.effect_ci, days,
                                       bool(node.explained_by)))
            real.append(hit)
    assert len(said) > 100
    gap = np.mean(said) - np.mean(real)
    assert abs(gap) < 0.06
    if margin is not None:
        assert np.mean(map_said) - np.mean(real) > abs(gap) + margin
