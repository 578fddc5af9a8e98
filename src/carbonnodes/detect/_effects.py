"""Effect sizes users can read, with a 90 % interval.

A coefficient on the log scale becomes a percentage against the ordinary model's
counterfactual (``level_shift`` the step, ``anomaly`` the depth, ``trend_change`` the change
of growth per year). ``seasonal`` coefficients scale the weekly cycle, whose relative change
explodes where the cycle is faint; they are reported as the change of the weekly swing
(highest minus lowest weekday, on the log scale ≈ percent of the level) in percentage points.

Where the counterfactual or the data on either side are near zero (a share switched on or off
by data construction) a relative change means nothing, and the model's split of a thousandfold
jump is arbitrary: the effect is then the change of the observed median across the node in
percent of the series' typical level, its interval scaled from the model's, which keeps it
finite and in the data's proportions. A node there that merely marks the zero/non-zero switch
the calendar already lists (``artefact:residential_zero:*``) is no node at all.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from carbonnodes.calendar import ZERO_ARTEFACT
from carbonnodes.model import NodeKind

FloatArray = NDArray[np.float64]

#: 90 % two-sided normal quantile.
Z90 = 1.6448536269514722
#: A counterfactual below this share of the typical level counts as near zero.
NEAR_ZERO_SHARE = 0.02
#: The typical level: this quantile of the observed (positive) values.
TYPICAL_QUANTILE = 0.9
#: Days after a change over which the weekly swing and the counterfactual level are read.
READ_DAYS = 28


@dataclass(frozen=True)
class EffectScale:
    """What effects are measured against: the data (NaN = not observed), the ordinary curve
    and the first regime's weekly shape (both log scale) and the typical level."""

    data: FloatArray
    ordinary: FloatArray
    weekly: FloatArray
    typical: float

    @classmethod
    def of(cls, data: FloatArray, ordinary: FloatArray, weekly: FloatArray) -> EffectScale:
        positive = data[np.isfinite(data) & (data > 0)]
        typical = float(np.quantile(positive, TYPICAL_QUANTILE)) if positive.size else 0.0
        return cls(np.where(np.isfinite(data) & (data > 0), data, np.nan), ordinary, weekly,
                   typical)

    def _span(self, start: int, end: int | None) -> slice:
        n = self.ordinary.size
        last = min(n, end if end is not None else start + READ_DAYS)
        return slice(start, last) if last > start else slice(max(0, last - READ_DAYS), last)

    def level(self, start: int, end: int | None) -> float:
        """The counterfactual level (data units) over the change's first weeks or episode."""
        return float(np.exp(self.ordinary[self._span(start, end)]).mean())

    def _observed(self, span: slice) -> float:
        """Median of the observed data over ``span``; zero where nothing positive was seen."""
        part = self.data[span]
        return float(np.nanmedian(part)) if np.isfinite(part).any() else 0.0

    def _before(self, start: int) -> slice:
        return slice(max(0, start - READ_DAYS), max(start, 1))

    def near_zero(self, start: int, end: int | None) -> bool:
        """Whether the counterfactual or the data on either side are near zero."""
        floor = NEAR_ZERO_SHARE * self.typical
        after = self._observed(self._span(start, end))
        before = self._observed(self._before(start))
        return min(self.level(start, end), after, before) < floor

    def effect(
        self, kind: NodeKind, start: int, end: int | None, value: float, se: float
    ) -> tuple[float, tuple[float, float]]:
        """The effect in percent (percentage points for ``seasonal``) and its 90 % interval."""
        lo, hi = drawn_interval(kind, value, se)
        if kind == "seasonal":
            swing = 100.0 * float(np.ptp(self.weekly[self._span(start, None)]))
            return swing * value, (swing * lo, swing * hi)
        rel = 100.0 * float(np.expm1(value))
        if not (self.near_zero(start, end) and self.typical > 0 and rel != 0.0):
            return rel, (lo, hi)
        after = self._observed(self._span(start, end))
        shown = 100.0 * (after - self._observed(self._before(start))) / self.typical
        ci = sorted((shown * lo / rel, shown * hi / rel))
        return shown, (ci[0], ci[1])

    def is_zero_switch(self, start: int, end: int | None, explained_by: Sequence[str]) -> bool:
        """A change at a near-zero stretch the calendar lists as a sector switched off."""
        return self.near_zero(start, end) and any(e.startswith(ZERO_ARTEFACT) for e in explained_by)


def drawn_interval(kind: NodeKind, value: float, se: float) -> tuple[float, float]:
    """The 90 % interval around a coefficient ``value`` with standard error ``se``: in percent,
    or for ``seasonal`` on the coefficient's own scale (``EffectScale.effect`` turns that
    into points of the swing)."""
    lo, hi = value - Z90 * se, value + Z90 * se
    if kind == "seasonal":
        return lo, hi
    return 100.0 * float(np.expm1(lo)), 100.0 * float(np.expm1(hi))


def coefficient_of(
    kind: NodeKind, effect: float, interval: tuple[float, float]
) -> tuple[float, float]:
    """The coefficient and standard error an effect and its interval were drawn from by
    ``EffectScale.effect`` (away from near-zero levels): for ``seasonal`` in points of the
    swing, which scales both alike."""
    if kind == "seasonal":
        return effect, (interval[1] - interval[0]) / (2.0 * Z90)
    with np.errstate(invalid="ignore", divide="ignore"):
        low, high = np.log1p(np.array(interval) / 100.0)
    return true_coefficient(kind, effect), float(high - low) / (2.0 * Z90)


def true_coefficient(kind: NodeKind, effect: float) -> float:
    """An effect (in a node's unit) on the scale ``coefficient_of`` gives (NaN at or below
    −100 %)."""
    if kind == "seasonal":
        return effect
    with np.errstate(invalid="ignore", divide="ignore"):
        return float(np.log1p(effect / 100.0))
