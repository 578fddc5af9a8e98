"""Fitted pieces of one episode become one anomaly, with the depth the episode held."""

from __future__ import annotations

from carbonnodes.detect._model import Estimate
from carbonnodes.detect._nodes import _merge_episodes
from carbonnodes.detect._search import Component

N = 1000


def _step(day: int, value: float) -> tuple[Component, Estimate]:
    return Component("step", day, N, 50.0), Estimate(value, 0.02)


def _box(start: int, end: int, value: float) -> tuple[Component, Estimate]:
    return Component("box", start, end, 50.0), Estimate(value, 0.02)


def test_a_return_in_several_steps_is_one_anomaly():
    """A collapse fitted as a step down, a step part of the way back, a box and two more
    steps up (a simulated −57 % lockdown came out so, and was reported as six nodes)."""
    pieces = [
        _step(100, -0.78),
        _step(135, 0.24),
        _box(150, 158, -0.19),
        _step(150, 0.39),
        _step(179, 0.17),
    ]
    [change] = _merge_episodes(pieces)
    assert change.kind == "anomaly"
    assert (change.start, change.end) == (100, 179)
    assert -0.78 - 0.19 - 1e-9 <= change.estimate.value <= -0.78 + 1e-9


def test_the_return_ends_where_the_level_is_back_and_a_later_shift_stays():
    pieces = [_step(100, -0.5), _box(120, 130, -0.1), _step(150, 0.5), _step(200, -0.3)]
    changes = _merge_episodes(pieces)
    assert [(c.kind, c.start, c.end) for c in changes] == [
        ("anomaly", 100, 150),
        ("level_shift", 200, None),
    ]


def test_two_level_shifts_with_nothing_between_stay_two():
    changes = _merge_episodes([_step(100, -0.2), _step(200, 0.2)])
    assert [c.kind for c in changes] == ["level_shift", "level_shift"]


def test_pieces_that_overlap_by_a_day_do_not_double_the_depth():
    """Boxes fitted end to end with one shared day add up on that day only: the episode's
    depth is the level it held (a planted −40 % episode was reported at −63 %)."""
    [change] = _merge_episodes([_box(100, 110, -0.5), _box(110, 115, -0.5), _box(114, 140, -0.5)])
    assert change.kind == "anomaly"
    assert (change.start, change.end) == (100, 140)
    assert abs(change.estimate.value + 0.5) < 1e-9


def test_a_shallow_dip_just_before_a_fall_is_not_its_start():
    """A −2 % box ten days before a −50 % one stays apart (at a loose knob Tianjin
    transport's COVID-19 collapse started on 1 January 2020 so); a shallower stage after a
    fall, the way a lockdown eases, still belongs to it."""
    changes = _merge_episodes([_box(100, 110, -0.02), _box(120, 160, -0.5)])
    assert [(c.kind, c.start, c.end) for c in changes] == [
        ("anomaly", 100, 110),
        ("anomaly", 120, 160),
    ]
    [eased] = _merge_episodes([_box(100, 130, -0.5), _box(135, 160, -0.1)])
    assert (eased.start, eased.end) == (100, 160)
