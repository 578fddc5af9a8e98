"""An episode that is really a step is read as one, judged by how well each reading fits."""

from __future__ import annotations

import numpy as np
import pytest

from carbonnodes.detect._consolidate import SHORTEST_STEPLIKE, consolidated
from carbonnodes.detect._search import Component, regressor

N = 400
THRESHOLDS = {"step": 20.0, "box": 50.0, "hinge": 15.0, "season": 15.0}
MIN_T2 = 10.0
NO_DAYS = np.array([], dtype=np.int64)


def _ols(y: np.ndarray, comps: list[Component]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Ordinary least squares of ``y`` on a level and the components' columns (σ = 1):
    coefficients, their standard errors and the residual."""
    x = np.column_stack([np.ones(N)] + [regressor(c, N, np.zeros(N)) for c in comps])
    beta, *_ = np.linalg.lstsq(x, y, rcond=None)
    se = np.sqrt(np.diag(np.linalg.pinv(x.T @ x)))
    return beta, se, y - x @ beta


def _run(y: np.ndarray, comps: list[Component], **kwargs) -> list[tuple[str, int]]:
    def misfit(trial: list[Component], _: None) -> tuple[float, None]:
        r = _ols(y, trial)[2]
        return float(r @ r), None

    def strength(trial: list[Component], _: None) -> tuple[np.ndarray, None]:
        beta, se, _ = _ols(y, trial)
        return (beta[1:] / se[1:]) ** 2, None

    options = {"n": N, "factor": lambda days: 1.0, "thresholds": THRESHOLDS,
               "min_t2": MIN_T2, "known_days": NO_DAYS, "festivals": [], **kwargs}
    found, _ = consolidated(comps, None, misfit=misfit, strength=strength, **options)
    return sorted((c.family, c.start) for c in found)


@pytest.fixture
def noise() -> np.ndarray:
    return np.random.default_rng(7).normal(0.0, 1.0, N)


def test_an_episode_over_a_step_becomes_the_step(noise):
    y = noise + np.where(np.arange(N) >= 300, 6.0, 0.0)
    assert _run(y, [Component("box", 300, 330, 90.0)]) == [("step", 300)]


def test_an_episode_that_returns_stays_an_episode(noise):
    y = noise + np.where((np.arange(N) >= 300) & (np.arange(N) < 330), 6.0, 0.0)
    assert _run(y, [Component("box", 300, 330, 90.0)]) == [("box", 300)]


def test_a_holiday_length_episode_is_never_a_step_alone(noise):
    end = 300 + SHORTEST_STEPLIKE - 1
    y = noise + np.where(np.arange(N) >= 300, 6.0, 0.0)
    assert _run(y, [Component("box", 300, end, 90.0)]) == [("box", 300)]


def test_an_episode_in_a_festival_window_stays_an_episode(noise):
    y = noise + np.where(np.arange(N) >= 300, 6.0, 0.0)
    window = np.zeros(N, dtype=bool)
    window[290:310] = True
    assert _run(y, [Component("box", 300, 330, 90.0)], festivals=[window]) == [("box", 300)]


def test_an_episode_and_a_step_inside_it_become_one_step(noise):
    y = noise + np.where(np.arange(N) >= 200, 5.0, 0.0)
    comps = [Component("box", 200, 215, 90.0), Component("step", 209, N, 40.0)]
    assert _run(y, comps) == [("step", 200)]


def test_a_step_up_and_an_episode_down_from_it_become_a_step_where_the_episode_ends(noise):
    y = noise + np.where(np.arange(N) >= 230, 5.0, 0.0)
    comps = [Component("box", 200, 230, 90.0), Component("step", 200, N, 40.0)]
    assert _run(y, comps) == [("step", 230)]


def test_a_step_on_a_construction_day_keeps_its_day(noise):
    # the episode before it becomes a step of its own; the construction step stays put
    t = np.arange(N)
    y = noise + np.where(t >= 200, 5.0, 0.0) + np.where(t >= 230, 3.0, 0.0)
    comps = [Component("box", 200, 230, 90.0), Component("step", 230, N, 40.0)]
    found = _run(y, comps, known_days=np.array([230]))
    assert found == [("step", 200), ("step", 230)]


def test_a_chained_episode_is_left_to_the_search(noise):
    # two episodes back to back: made a step, the first fits only because the second's
    # sign flips to cancel it, so neither is touched
    t = np.arange(N)
    y = noise + np.where((t >= 100) & (t < 160), 6.0, 0.0)
    comps = [Component("box", 100, 130, 90.0), Component("box", 125, 160, 90.0)]
    assert _run(y, comps) == [("box", 100), ("box", 125)]


def test_a_step_that_fits_better_elsewhere_does_not_take_the_episode(noise):
    # a three-week dip on top of a smaller lasting rise: a step from the same day is worth
    # keeping, but so is the dip beside it, so the episode stays
    t = np.arange(N)
    y = noise + np.where(t >= 300, 4.0, 0.0) - np.where((t >= 300) & (t < 321), 8.0, 0.0)
    assert _run(y, [Component("box", 300, 321, 90.0)]) == [("box", 300)]
