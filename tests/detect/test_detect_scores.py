"""Every candidate's z² from the shifted-array formulas equals generalised least squares done
the long way: whiten an explicit column, project the whitened baseline out, and divide."""

from __future__ import annotations

import numpy as np
import pytest

from carbonnodes.detect._design import YEAR_DAYS
from carbonnodes.detect._episodes import EPISODE_COLUMNS, episode_shape
from carbonnodes.detect._robust import Noise
from carbonnodes.detect._scores import Scorer
from carbonnodes.detect._whiten import Whitener

DAYS = 500
NOISE = Noise(1.3, (1.0, 1.1, 1.3, 1.6, 1.8, 2.2), 0.9)
FILTERS = ([1.0], [1.0, -0.7, 0.1], [1.0, -0.6, 0.1, -0.05])


def _setup(a: list[float], seed: int = 1) -> tuple[Scorer, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    obs = rng.random(DAYS) > 0.05
    weekly = np.tile(rng.normal(0.0, 1.0, 7), DAYS // 7 + 1)[:DAYS]
    scorer = Scorer(obs, weekly, NOISE, Whitener(np.array(a)))
    base = scorer.search_baseline
    e = rng.normal(size=DAYS) * scorer.m
    e -= base @ np.linalg.lstsq(base, e, rcond=None)[0]
    return scorer, e, obs


def _long_way(scorer: Scorer, e: np.ndarray, obs: np.ndarray, column: np.ndarray) -> float:
    """(x·e)² / ‖x off the level-and-trend baseline‖², x the whitened column."""
    x = scorer.whitener.apply(column * obs) * scorer.m
    base = scorer.baseline
    g = base.T @ x
    norm = x @ x - g @ np.linalg.solve(base.T @ base, g)
    return float((x @ e) ** 2 / norm)


@pytest.mark.parametrize("a", FILTERS)
def test_steps_and_slope_changes(a: list[float]):
    scorer, e, obs = _setup(a)
    scores = scorer.scores(e)
    t = np.arange(DAYS, dtype=np.float64)
    variance = NOISE.sigma**2 * NOISE.long_run
    for day in (120, 250, 380):
        step = _long_way(scorer, e, obs, (t >= day).astype(np.float64)) / variance
        slope = _long_way(scorer, e, obs, np.maximum(t - day, 0.0) / YEAR_DAYS) / variance
        assert scores["step"][day] == pytest.approx(step, rel=1e-8)
        assert scores["hinge"][day] == pytest.approx(slope, rel=1e-8)


@pytest.mark.parametrize("a", FILTERS)
def test_episodes_that_end_at_once_or_return_linearly(a: list[float]):
    scorer, e, obs = _setup(a)
    grid = scorer.scores(e)["box"]
    checked = 0
    for k, (share, length) in enumerate(EPISODE_COLUMNS):
        for start in (40, 200):
            if start + length >= DAYS:
                continue
            column = episode_shape(start, start + length, share, DAYS)
            variance = NOISE.factor(np.array([float(length)]))[0] * NOISE.sigma**2
            expected = _long_way(scorer, e, obs, column) / variance
            exact = scorer.episode_z2(e, np.array([start]), np.array([start + length]), share)
            assert exact[0] == pytest.approx(expected, rel=1e-8)
            assert grid[start, k] == pytest.approx(expected, rel=1e-3, abs=1e-6)
            checked += 1
    assert checked > 100


def test_a_slope_change_is_judged_given_the_changes_already_chosen():
    scorer, e, obs = _setup([1.0, -0.7, 0.1])
    t = np.arange(DAYS, dtype=np.float64)
    other = scorer.whitener.apply(np.maximum(t - 200, 0.0) / YEAR_DAYS * obs) * scorer.m
    chosen = other[:, None]
    base = np.column_stack([scorer.baseline, other])
    e_given = e - base @ np.linalg.lstsq(base, e, rcond=None)[0]
    given = scorer.slope_given(e_given, chosen)
    for day in (150, 260):
        x = scorer.whitener.apply(np.maximum(t - day, 0.0) / YEAR_DAYS * obs) * scorer.m
        g = base.T @ x
        norm = x @ x - g @ np.linalg.solve(base.T @ base, g)
        expected = (x @ e_given) ** 2 / norm / (NOISE.sigma**2 * NOISE.long_run)
        assert given[day] == pytest.approx(expected, rel=1e-8)


def test_an_episode_shape_returns_linearly():
    shape = episode_shape(10, 30, 0.5, 40)
    assert shape[:10].sum() == 0 and shape[30:].sum() == 0
    assert (shape[10:20] == 1.0).all()
    assert np.allclose(np.diff(shape[20:30]), -0.1)
