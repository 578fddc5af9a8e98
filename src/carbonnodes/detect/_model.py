"""Fitting the ordinary model and the changes together, a few rounds of fit → search → refit.

The search runs on what the ordinary model leaves; the found changes then join the robust fit
so that a lockdown no longer bends the Spring Festival shape or the yearly cycle, and the
search runs again on the cleaner residual, starting from the changes it already has (searching
afresh let a second round trade a well-placed slope change for a dozen lockdown slices). The
last fit gives every change its coefficient and a standard error that carries the measured
autocorrelation of the noise.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cached_property

import numpy as np
from numpy.typing import NDArray

from carbonnodes.detect._consolidate import consolidated
from carbonnodes.detect._design import Design
from carbonnodes.detect._episodes import BOX_LENGTHS
from carbonnodes.detect._extent import extended_episodes
from carbonnodes.detect._robust import (
    MIN_SCALE,
    Noise,
    huber_fit,
    huber_loss,
    lone_outliers,
    noise_profile,
    robust_scale,
    white_noise,
)
from carbonnodes.detect._scores import Family
from carbonnodes.detect._search import (
    Component,
    KnownSteps,
    NullScores,
    greedy_search,
    null_scores,
    regressor,
)
from carbonnodes.detect._seasonal_scale import seasonal_profile
from carbonnodes.detect._whiten import Whitener, fit_whitener

FloatArray = NDArray[np.float64]

#: Fit → search rounds before the final fit.
ROUNDS = 2
#: Huber iterations when starting from the previous round's weights.
WARM_ITERATIONS = 2


@dataclass(frozen=True)
class Estimate:
    """A coefficient on the log scale with its standard error."""

    value: float
    se: float

    @property
    def t(self) -> float:
        return self.value / self.se if self.se > 0 else 0.0


@dataclass(frozen=True)
class ModelFit:
    """The final fit: the ordinary curve, the full curve, the first regime's weekly shape
    (all log scale) and every change with its estimate."""

    ordinary: FloatArray
    fitted: FloatArray
    weekly: FloatArray
    components: tuple[tuple[Component, Estimate], ...]
    noise: Noise


def _variance_factor(c: Component, noise: Noise) -> float:
    """How much the noise's autocorrelation widens a change's standard error (as a factor
    on the standard error, not the variance)."""
    if c.family == "box":
        return float(np.sqrt(noise.factor(np.array([float(c.end - c.start)]))[0]))
    if c.family == "season":
        return float(np.sqrt(noise.weekly))
    return float(np.sqrt(noise.long_run))


@dataclass(frozen=True)
class _Round:
    """One robust fit of the ordinary columns, the per-year Spring Festival depths and the
    components (in that column order)."""

    beta: FloatArray
    cov: FloatArray
    ordinary: FloatArray
    shape: FloatArray
    spring: FloatArray
    component_shape: FloatArray
    weights: FloatArray
    width: int
    #: each day's noise spread relative to the typical day's, by which the fit weighs it
    spread: FloatArray

    def effects(self, comps: list[Component]) -> FloatArray:
        """The components' summed effect (log scale) under this fit."""
        n = self.ordinary.size
        total = np.zeros(n)
        for i, c in enumerate(comps):
            total += self.beta[self.width + i] * regressor(c, n, self.component_shape)
        return total


def _spring_depths(
    design: Design, previous: _Round | None, comps: list[Component]
) -> list[FloatArray]:
    """Columns that let each year's Spring Festival dip be deeper or shallower than the shared
    shape (the shape from the previous round, scaled per year; the first year is the base).

    Not for a year whose festival an episode overlaps: the two cannot be told apart there (a
    free depth took a third of Tianjin's COVID-19 collapse as a deep 2020 festival), and the
    shared shape of the other years says what the festival alone does.
    """
    if previous is None or not design.spring_years:
        return []
    episodes = [(c.start, c.end) for c in comps if c.family == "box"]
    return [
        previous.spring * mask
        for mask in design.spring_years[1:]
        if not any(mask[start:end].any() for start, end in episodes)
    ]


def _festival_columns(design: Design, comps: list[Component]) -> FloatArray:
    """The ordinary columns with the Spring Festival shape taken off the festival days an
    episode covers (from the break on): a lockdown's floor is not a festival dip on top of
    it. With the dip added on top, the national COVID-19 collapse in the transport series
    of 26 provinces, which differ only by yearly share steps, was dated 19, 24 or 29
    January 2020 by those steps alone."""
    covered = np.zeros(design.festival.size, dtype=bool)
    for c in comps:
        if c.family == "box":
            covered[c.start : c.end] = True
    covered &= design.festival
    if not covered.any():
        return design.columns
    columns = design.columns.copy()
    columns[covered, design.spring] = 0.0
    return columns


def _fit(
    design: Design,
    y: FloatArray,
    obs: NDArray[np.bool_],
    comps: list[Component],
    previous: _Round | None,
    iterations: int = WARM_ITERATIONS,
    spread: FloatArray | None = None,
) -> _Round:
    """The robust fit of the ordinary columns and ``comps``, from scratch or, from a
    ``previous`` round, warm with its weights for ``iterations`` reweightings.

    Each day counts in units of its own ``spread`` (the previous round's where not given;
    none at first): where winter's noise is ten times summer's, one scale for the year
    would let winter's days set the fit and standard errors that hold for neither season.
    """
    n = y.size
    if spread is None:
        spread = previous.spread if previous is not None else np.ones(n)
    shape = previous.shape if previous is not None else np.zeros(n)
    depths = _spring_depths(design, previous, comps)
    extra = [regressor(c, n, shape) for c in comps]
    x = np.column_stack([_festival_columns(design, comps), *depths, *extra])
    x_days, y_days = x / spread[:, None], y / spread
    if previous is None:
        fit = huber_fit(x_days, y_days, obs)
    else:
        fit = huber_fit(x_days, y_days, obs, weights=previous.weights, iterations=iterations)
    p = design.columns.shape[1]
    width = p + len(depths)
    spring = design.columns[:, design.spring] @ fit.beta[design.spring]
    return _Round(
        beta=fit.beta,
        cov=fit.xtwx_inv * fit.scale**2,
        ordinary=x[:, :width] @ fit.beta[:width],
        shape=design.columns[:, design.weekly] @ fit.beta[design.weekly],
        spring=spring,
        component_shape=shape,
        weights=fit.weights,
        width=width,
        spread=spread,
    )


@dataclass(frozen=True)
class _Standardized:
    """What the search sees: the residual (changes still in it) and the weekly shape in units
    of each day's noise scale (``scale``, the typical day's, times the season's profile),
    lone outliers set missing; the noise's autoregressive filter and the noise left after
    it, both measured with the changes found so far taken out."""

    residual: FloatArray
    clean: FloatArray
    weekly: FloatArray
    scale: float
    whitener: Whitener
    noise: Noise
    #: the season's profile: each day's scale is ``scale`` times it
    spread: FloatArray

    @classmethod
    def of(
        cls,
        design: Design,
        current: _Round,
        comps: list[Component],
        y: FloatArray,
        obs: NDArray[np.bool_],
    ) -> _Standardized:
        residual = np.where(obs, y - current.ordinary, np.nan)
        clean = residual - current.effects(comps)
        glitch = lone_outliers(clean)
        residual = np.where(glitch, np.nan, residual)
        clean = np.where(glitch, np.nan, clean)
        scale = robust_scale(np.where(design.zone, np.nan, clean))
        if scale <= MIN_SCALE:
            # below the floor what is left is the model's own misfit, not noise: white
            # noise at the floor, or an exactly flat ratio of shares scores in the millions
            white = Whitener(np.array([1.0]))
            return cls(
                residual / scale, clean / scale, current.shape / scale, scale, white,
                white_noise(), np.ones(y.size),
            )
        # scale on each day: the typical day's times how the season widens or narrows it
        spread = seasonal_profile(clean, design.year_phase, design.zone)
        scale_t = scale * spread
        residual, clean, weekly = residual / scale_t, clean / scale_t, current.shape / scale_t
        whitener = fit_whitener(clean)
        usable = whitener.observed(np.isfinite(clean))
        filtered = whitener.apply(np.where(np.isfinite(clean), clean, 0.0))
        noise = noise_profile(np.where(usable, filtered, np.nan), whitener.apply(weekly))
        return cls(residual, clean, weekly, scale, whitener, noise, spread)

    @cached_property
    def plain_noise(self) -> Noise:
        """The noise before whitening, for the standard errors of the final least-squares fit
        (its inflation over long means carries the autocorrelation)."""
        return noise_profile(self.clean, self.weekly)


#: How far (days) an episode's first day may move when it is re-timed against the festival.
FESTIVAL_RETIME_DAYS = 7


def _retimed_at_festivals(
    design: Design, y: FloatArray, obs: NDArray[np.bool_], comps: list[Component],
    current: _Round,
) -> tuple[list[Component], _Round]:
    """The first episode that starts in each Spring Festival window, moved
    (±``FESTIVAL_RETIME_DAYS``) to the first day that fits best once the festival's shape
    gives way to it from there on (the later stages of a collapse keep their days).

    The search times an episode on a residual whose festival shape was fitted with the
    previous round's episodes; where an episode starts decides which festival days keep the
    shape, so the two are timed together here, by the robust fit itself. Without this, the
    COVID-19 collapse, one national shape in every province, started on 19, 23 or 28 January
    2020 depending on a province's 1–3 % share step of 1 January.
    """
    spread = current.spread
    scale = robust_scale(
        np.where(obs, (y - current.ordinary - current.effects(comps)) / spread, np.nan)
    )
    for window in design.spring_years:
        i = next((i for i, c in enumerate(comps) if c.family == "box" and window[c.start]), None)
        if i is None:
            continue
        c = comps[i]
        losses = {}
        shortest = int(BOX_LENGTHS[0])
        latest = max(c.start, min(c.start + FESTIVAL_RETIME_DAYS, c.end - shortest))
        earliest = min(c.start, max(1, c.start - FESTIVAL_RETIME_DAYS))
        for start in range(earliest, latest + 1):
            trial = [*comps[:i], replace(c, start=start), *comps[i + 1 :]]
            fit = _fit(design, y, obs, trial, current, iterations=0)  # the weights kept: a ranking
            losses[start] = huber_loss(
                np.where(obs, (y - fit.ordinary - fit.effects(trial)) / spread, 0.0), scale
            )
        best = min(losses, key=lambda start: (losses[start], start))
        if best != c.start:
            comps = [*comps[:i], replace(c, start=best), *comps[i + 1 :]]
            current = _fit(design, y, obs, comps, current)
    return comps, current


def _consolidated(
    design: Design, y: FloatArray, obs: NDArray[np.bool_], comps: list[Component],
    current: _Round, view: _Standardized, thresholds: dict[Family, float], known: KnownSteps,
    min_t2: float,
) -> tuple[list[Component], _Round]:
    """``consolidated`` with the robust refit as the judge: its misfit whitened as the
    search sees it, in z² units, and each change's t² with the standard error the final
    estimates carry."""
    usable = view.whitener.observed(obs)

    def misfit(trial: list[Component], warm: _Round) -> tuple[float, _Round]:
        fit = _fit(design, y, obs, trial, warm)
        r = (y - fit.ordinary - fit.effects(trial)) / (view.scale * view.spread)
        w = view.whitener.apply(np.where(obs, r, 0.0)) * usable
        return float(w @ w) / view.noise.sigma**2, fit

    def strength(trial: list[Component], warm: _Round) -> tuple[FloatArray, _Round]:
        fit = _fit(design, y, obs, trial, warm)
        i = np.arange(fit.width, fit.width + len(trial))
        se = np.sqrt(np.maximum(fit.cov[i, i], 0.0))
        se *= [_variance_factor(c, view.plain_noise) for c in trial]
        return np.where(se > 0, fit.beta[i] / np.where(se > 0, se, 1.0), 0.0) ** 2, fit

    return consolidated(
        comps, current, misfit=misfit, strength=strength, n=y.size,
        factor=lambda days: float(view.noise.factor(np.array([float(days)]))[0]),
        thresholds=thresholds, min_t2=min_t2, known_days=known.days,
        festivals=design.spring_years,
    )


def null_maxima(design: Design, y: FloatArray, obs: NDArray[np.bool_]) -> NullScores:
    """Each family's largest z² on a series known to hold no change, and the steps' z² on
    its construction days, as the search would see them: what the false-alarm thresholds are
    fitted on.

    Calendar zones are left out: a node there comes with its calendar cause attached and is
    no false alarm of a policy candidate.
    """
    first = _fit(design, y, obs, [], None)
    view = _Standardized.of(design, _fit(design, y, obs, [], first), [], y, obs)
    outside = np.where(design.zone, np.nan, view.residual)
    return null_scores(outside, view.weekly, view.noise, view.whitener, design.artefact_days)


def fit_model(
    design: Design,
    y: FloatArray,
    obs: NDArray[np.bool_],
    thresholds: dict[Family, float],
    known_steps: KnownSteps,
    min_t2: float,
) -> ModelFit:
    """Rounds of robust fit and greedy search, then the final estimates.

    Each round measures the noise (its scale, its autoregressive filter, what is left after
    it) on the residual with the previous round's changes taken out, so that a change still
    in the data does not pass for noise. After the last search, episodes' ends are read by
    least squares (``_extent``), and an episode that starts in a Spring Festival window is
    re-timed with the festival by the robust fit (``_retimed_at_festivals``).
    """
    comps: list[Component] = []
    current = _fit(design, y, obs, comps, None)
    for round_ in range(ROUNDS):
        view = _Standardized.of(design, current, comps, y, obs)
        comps = greedy_search(
            view.residual,
            view.weekly,
            noise=view.noise,
            whitener=view.whitener,
            thresholds=thresholds,
            known_steps=known_steps,
            start=comps,
        )
        if round_ == ROUNDS - 1:
            comps = extended_episodes(view.residual, view.weekly, comps, view.plain_noise)
        comps.sort(key=lambda c: (c.start, c.family))
        current = _fit(design, y, obs, comps, current, spread=view.spread)
        comps, current = _consolidated(
            design, y, obs, comps, current, view, thresholds, known_steps, min_t2
        )
    comps, current = _retimed_at_festivals(design, y, obs, comps, current)
    noise = view.plain_noise
    beta, cov, width = current.beta, current.cov, current.width
    se = np.sqrt(np.maximum(np.diag(cov), 0.0))
    estimates = tuple(
        (c, Estimate(float(beta[width + i]), float(se[width + i]) * _variance_factor(c, noise)))
        for i, c in enumerate(comps)
    )
    fitted = current.ordinary + current.effects(comps)
    return ModelFit(
        ordinary=current.ordinary,
        fitted=fitted,
        weekly=current.shape,
        components=estimates,
        noise=Noise(view.scale, noise.factors, noise.weekly),
    )
