"""Effect sizes users can read: seasonal changes in percentage points, nothing thousandfold."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import numpy as np
import pytest

from carbonnodes.detect import Detection, detect
from carbonnodes.detect._effects import EffectScale
from carbonnodes.model import Event, Series

Rows = dict[tuple[str, str], list[tuple[str, str]]]
#: Regions whose Residential share switches on and off or sits near zero.
REGIONS = ("Tianjin", "Jiangsu", "Beijing")


@pytest.mark.parametrize("state", REGIONS)
def test_no_thousandfold_effects(
    state: str, cm_rows: Rows, calendar_of: Callable[[Series], list[Event]]
):
    for (name, sector), rows in cm_rows.items():
        if name != state:
            continue
        values = np.array([float(v) for _, v in rows])
        if not (values > 0).any():
            continue
        series = Series(state.lower(), sector.lower().replace(" ", "_"),
                        dt.date.fromisoformat(rows[0][0]), values)
        for node in detect(series, calendar_of(series)).nodes:
            assert abs(node.effect_pct) <= 1000.0, (sector, node)
            assert node.effect_ci[0] <= node.effect_pct <= node.effect_ci[1], node


def test_seasonal_effects_are_percentage_points(
    tianjin_transport: tuple[Detection, list[Event]],
):
    detection, _ = tianjin_transport
    seasonal = [n for n in detection.nodes if n.kind == "seasonal"]
    assert seasonal  # the weekly cycle did change around COVID-19 (late 2019, early 2021)
    for node in seasonal:
        # a weekly swing is a few to a few tens of percent of the level
        assert 0.5 <= abs(node.effect_pct) <= 40.0, node
        assert node.effect_ci[0] <= node.effect_pct <= node.effect_ci[1], node


def _scale(data: np.ndarray) -> EffectScale:
    n = data.size
    weekly = 0.05 * np.sin(2 * np.pi * np.arange(n) / 7)
    return EffectScale.of(data, np.log(np.maximum(data, 1e-9)), weekly)


def test_seasonal_effect_is_the_swing_change_in_points():
    scale = _scale(np.ones(200))
    effect, ci = scale.effect("seasonal", 100, None, 1.0, 0.1)
    swing = 100.0 * np.ptp(scale.weekly[100:128])
    assert effect == pytest.approx(swing)
    assert ci[0] < effect < ci[1]


def test_near_zero_counterfactual_is_measured_against_the_typical_level():
    data = np.concatenate([np.full(100, 1e-6), np.ones(100)])
    effect, ci = _scale(data).effect("level_shift", 100, None, np.log(1e6), 0.1)
    assert effect == pytest.approx(100.0, rel=0.01)
    assert ci[0] < effect < ci[1]


def test_a_switch_the_calendar_lists_as_zero_is_no_node():
    data = np.concatenate([np.ones(100), np.full(100, 1e-6)])
    scale = _scale(data)
    assert scale.is_zero_switch(100, None, ("artefact:residential_zero:jiangsu:2022",))
    assert not scale.is_zero_switch(100, None, ("artefact:year_step:2022-01-01",))
    assert not _scale(np.ones(200)).is_zero_switch(
        100, None, ("artefact:residential_zero:jiangsu:2022",)
    )
