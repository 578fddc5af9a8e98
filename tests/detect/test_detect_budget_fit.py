"""The knob's scale fitted at several rates against a search whose false nodes are a known
function of the budget: it reaches the rate asked for, and stops where the search does."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from carbonnodes.detect._budget_fit import SCALE_RATES, fit_knob_scales
from carbonnodes.detect._calibration import scale_at

DEFAULT = (0.02, 1.6)


def _fit(made: Callable[[float], float]) -> dict[str, Any]:
    """``fit_knob_scales`` against a search that makes ``made(budget)`` false nodes a year,
    the budget read from the table the fit last wrote, as the detector reads it."""
    table: dict[str, list[float]] = {}

    def set_scales(rates: list[float], scales: list[float]) -> None:
        table.update(rates=rates, scales=scales)

    def realised(rate: float) -> float:
        return made(rate * scale_at(table, rate))

    fitted = fit_knob_scales(set_scales, realised, DEFAULT, "test")
    assert table == {"rates": fitted["rates"], "scales": fitted["scales"]}
    return fitted


def test_a_search_that_grows_faster_than_its_budget_is_brought_to_the_knob():
    """As below the null tables: false nodes grow as the budget to the power 2.2."""

    def made(budget: float) -> float:
        return 0.02 * (budget / (DEFAULT[0] * DEFAULT[1])) ** 2.2

    fitted = _fit(made)
    assert fitted["rates"] == [DEFAULT[0], *SCALE_RATES]
    assert fitted["scales"][0] == DEFAULT[1]
    for rate, scale in zip(fitted["rates"][1:], fitted["scales"][1:], strict=True):
        assert made(rate * scale) == pytest.approx(rate, rel=0.05)
    assert "limit" not in fitted


def test_a_search_with_no_more_to_give_keeps_its_scale():
    """A monthly series makes about 0.33 false nodes a year at most: past that no scale
    helps, and a first fit stepped to a scale of 81 chasing it."""

    def made(budget: float) -> float:
        return min(0.6 * budget, 0.33)

    fitted = _fit(made)
    budgets = [r * s for r, s in zip(fitted["rates"], fitted["scales"], strict=True)]
    assert all(b < c for b, c in zip(budgets, budgets[1:], strict=False))
    assert max(fitted["scales"]) < 3.0
    # 0.4 is reached with 0.33 and a budget that makes no more; 0.8 makes no more either
    assert fitted["limit"] == 0.4
