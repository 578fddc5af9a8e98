"""The noise's autoregressive filter, fitted robustly and never with a unit root; the robust fit."""

from __future__ import annotations

import numpy as np

from carbonnodes.detect._robust import huber_fit, huber_loss, lone_outliers
from carbonnodes.detect._whiten import MIN_SUM, Whitener, fit_whitener, robust_acf
from carbonnodes.simulate._ordinary import AR1

DAYS = 1461


def _ar1(phi: float, seed: int) -> np.ndarray:
    return AR1(phi, 1.0).path(DAYS, np.random.default_rng(seed))


def test_an_ar1_filter_is_recovered():
    fitted = [fit_whitener(_ar1(0.6, seed), order=1).a[1] for seed in range(8)]
    assert abs(float(np.median(fitted)) + 0.6) < 0.05


def test_a_level_shift_in_the_residual_does_not_pass_for_persistence():
    """The ordinary model's residual still holds the changes the search has to find. Read
    from the marginal spread, a 5 σ step makes white noise look like φ ≈ 0.86; read from
    lagged differences it stays near 0."""
    noise = np.random.default_rng(3).normal(size=DAYS)
    stepped = noise + 5.0 * (np.arange(DAYS) >= DAYS // 2)
    assert abs(robust_acf(stepped, 1)[0]) < 0.1
    naive = np.corrcoef(stepped[1:], stepped[:-1])[0, 1]
    assert naive > 0.8


def test_a_random_walk_keeps_some_evidence_of_lasting_changes():
    walk = np.cumsum(np.random.default_rng(5).normal(size=DAYS))
    whitener = fit_whitener(walk)
    assert whitener.a.sum() >= MIN_SUM - 1e-12


def test_days_after_a_gap_are_not_usable_until_the_filter_has_seen_enough():
    obs = np.ones(20, dtype=bool)
    obs[10] = False
    usable = Whitener(np.array([1.0, -0.5, 0.2])).observed(obs)
    assert not usable[:2].any()
    assert not usable[10:13].any()
    assert usable[2:10].all() and usable[13:].all()


def test_filtering_matches_the_recursion():
    x = np.random.default_rng(7).normal(size=(50, 2))
    a = np.array([1.0, -0.7, 0.1])
    out = Whitener(a).apply(x)
    for t in range(2, 50):
        assert np.allclose(out[t], x[t] - 0.7 * x[t - 1] + 0.1 * x[t - 2])


def test_lone_outliers_are_glitches_not_steps_or_onsets():
    rng = np.random.default_rng(11)
    r = rng.normal(0.0, 1.0, 400)
    r[100] += 15.0  # a one-day glitch
    r[200:202] -= 15.0  # a two-day one
    r[300:] += 15.0  # a lasting step: its first day is not a glitch
    r[250:270] -= 15.0  # an episode: nor is its onset
    r[151] = np.nan  # a missing neighbour does not hide a glitch
    r[150] += 15.0
    assert np.flatnonzero(lone_outliers(r)).tolist() == [100, 150, 200, 201]


def test_the_huber_fit_minimises_the_huber_loss():
    """The festival re-timing ranks fits by ``huber_loss``: it must be what ``huber_fit``
    minimises, so that moving any coefficient away from the fit costs."""
    rng = np.random.default_rng(3)
    n = 400
    x = np.column_stack([np.ones(n), np.arange(n) / n, np.sin(np.arange(n) / 9.0)])
    y = x @ np.array([1.0, -0.5, 0.2]) + rng.standard_t(2, n) * 0.05
    observed = np.ones(n, dtype=bool)
    fit = huber_fit(x, y, observed, iterations=30)
    best = huber_loss(y - x @ fit.beta, fit.scale)
    for k in range(3):
        for delta in (-0.01, 0.01):
            moved = fit.beta.copy()
            moved[k] += delta
            assert huber_loss(y - x @ moved, fit.scale) > best
