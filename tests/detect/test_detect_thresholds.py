"""The false-alarm knob turned into thresholds: by family, and for steps on known days."""

from __future__ import annotations

from statistics import NormalDist

import pytest

from carbonnodes.detect._calibration import (
    BUDGET_SHARE,
    family_thresholds,
    known_date_threshold,
    series_alarm_budget,
)
from carbonnodes.detect._scores import FAMILIES

DAYS = 1461


def test_the_budget_is_spent_once():
    assert set(BUDGET_SHARE) == set(FAMILIES)
    assert sum(BUDGET_SHARE.values()) == pytest.approx(1.0)


def test_a_stricter_rate_raises_every_threshold():
    loose, strict = family_thresholds(DAYS, 0.2), family_thresholds(DAYS, 0.01)
    assert all(strict[f] > loose[f] for f in FAMILIES)


def test_known_day_steps_need_more_than_a_normal_law_would_say():
    """Slow swings make a construction day's step z² heavier-tailed than χ²(1): with the
    normal law, Power and Industry series reported spurious share steps on many a 1st."""
    monthly = 47
    alpha = series_alarm_budget(0.05, DAYS) * BUDGET_SHARE["step"] / monthly
    normal = NormalDist().inv_cdf(1.0 - alpha / 2.0) ** 2
    assert known_date_threshold(0.05, DAYS, monthly) > 2 * normal


def test_fewer_known_days_need_less_evidence_each():
    assert known_date_threshold(0.05, DAYS, 3) < known_date_threshold(0.05, DAYS, 47)
