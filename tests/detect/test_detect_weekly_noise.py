"""The weekly-frequency noise factor and the drift floor of weekly-cycle changes."""

from __future__ import annotations

import numpy as np

from carbonnodes.detect._robust import Noise, weekly_factor
from carbonnodes.detect._scores import MIN_WEEKLY_RATIO, SEASON_MARGIN, Scorer
from carbonnodes.detect._whiten import Whitener
from carbonnodes.simulate._ordinary import AR1

DAYS = 1461
SHAPE = np.tile([0.3, 0.2, 0.2, 0.2, 0.3, -0.4, -0.8], DAYS // 7 + 1)[:DAYS]


def _ar1(phi: float, seed: int) -> np.ndarray:
    """Unit-variance AR(1) noise, drawn by the simulator's own generator."""
    return AR1(phi, 1.0).path(DAYS, np.random.default_rng(seed))


def test_white_noise_loads_the_weekly_shape_as_much_as_any_day():
    factors = [weekly_factor(_ar1(0.0, seed), SHAPE) for seed in range(10)]
    assert 0.7 < float(np.median(factors)) < 1.4


def test_slow_spells_hardly_load_the_weekly_shape():
    """AR(1) with φ = 0.9 (weather): its spectrum at the weekly frequencies is a fraction of
    the white level, so the factor is well below 1."""
    factors = [weekly_factor(_ar1(0.9, seed), SHAPE) for seed in range(10)]
    assert float(np.median(factors)) < 0.5


def _season_score(after: float) -> float:
    """Largest season score for a weekly swing scaled by ``after`` from mid-series on,
    against the whole series' average shape (as the search sees it)."""
    scale = np.where(np.arange(DAYS) >= DAYS // 2, after, 1.0)
    data = SHAPE * scale
    average = SHAPE * scale.mean()
    unfiltered = Whitener(np.ones(1))
    scorer = Scorer(np.ones(DAYS, dtype=bool), average, Noise(1.0, (1.0,) * 6), unfiltered)
    base = scorer.search_baseline
    residual = data - average
    residual -= base @ np.linalg.lstsq(base, residual, rcond=None)[0]
    return float(scorer.scores(residual)["season"][SEASON_MARGIN:-SEASON_MARGIN].max())


def test_a_swing_drifting_less_than_the_floor_scores_nothing():
    assert _season_score(MIN_WEEKLY_RATIO * 0.95) == 0.0


def test_a_several_fold_swing_change_scores():
    """Unit noise against a swing of about one unit: threefold growth scores far beyond the
    family's threshold (about 18 z² at the default rate); shrinking leaves less swing to see
    but still scores, and more for the larger change."""
    assert _season_score(3.0) > 100.0
    assert _season_score(1 / 3.0) > 10.0
    assert _season_score(1 / 3.0) > _season_score(1 / 2.0) > 0.0
