"""Series of other lengths than four years: below three, two yearly harmonics; a confidence
map for each band of length."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from carbonnodes.cli import app
from carbonnodes.detect._calibration import (
    LONG_MAP_DAYS,
    SHORT_MAP_DAYS,
    _tables,
    confidence_key,
    mapped_confidence,
)
from carbonnodes.detect._design import SHORT_SERIES_DAYS, build_design
from carbonnodes.detect._fit_confidence import labelled_nodes
from carbonnodes.detect._node_confidence import MIN_CONFIDENCE, is_reported
from carbonnodes.simulate import calibration_noise_floor, expected_calibration_error

COVID_START = dt.date(2020, 1, 23)


def test_two_years_get_two_yearly_harmonics_and_three_years_four():
    start = dt.date(2019, 1, 1)
    names = build_design(start, 731, ()).names
    assert [n for n in names if n.startswith("yearly_")] == [
        "yearly_cos1", "yearly_sin1", "yearly_cos2", "yearly_sin2"
    ]
    three_years = build_design(start, SHORT_SERIES_DAYS, ()).names
    assert sum(n.startswith("yearly_") for n in three_years) == 8


def test_each_band_of_length_is_read_by_its_own_map():
    assert confidence_key(731) == confidence_key(SHORT_MAP_DAYS - 1) == "confidence_short"
    assert confidence_key(SHORT_MAP_DAYS) == confidence_key(1461) == "confidence"
    assert confidence_key(LONG_MAP_DAYS - 1) == "confidence"
    assert confidence_key(LONG_MAP_DAYS) == confidence_key(3300) == "confidence_long"
    assert confidence_key(731, "month") == "confidence"


@pytest.mark.parametrize(
    ("days", "own"),
    [(731, "confidence_short"), (2200, "confidence_long"), (3300, "confidence_long")],
)
def test_confidence_is_calibrated_where_the_four_year_map_overstates_it(days: int, own: str):
    """Seeds far from every fit (10 000, 50 000 and 60 000 on) and from the benchmark's (0 to
    about 9 000): every candidate of 240 series, read by each map, floored as reported. ECE
    is judged against what a perfectly calibrated map would show on as many nodes."""
    nodes = labelled_nodes(240, 70_000, n_days=days)
    gaps, excess = {}, {}
    for key in (own, "confidence"):
        read = [
            (p, hit) for node, hit, _ in nodes
            if is_reported(p := mapped_confidence(_tables("day")[key], node.kind, node.score,
                                                  node.effect_ci, days, bool(node.explained_by)),
                           bool(node.explained_by), MIN_CONFIDENCE)
        ]
        said, real = [p for p, _ in read], [h for _, h in read]
        gaps[key] = float(np.mean(said) - np.mean(real))
        excess[key] = expected_calibration_error(said, real) - calibration_noise_floor(said)
    assert abs(gaps[own]) < 0.04
    assert excess[own] < 0.04
    assert gaps["confidence"] > gaps[own] + 0.03
    # at 2,200 days the four-year map's excess ECE is 0.023 against the own map's 0.014 since
    # slope changes are dated by their likeliest window (session 29); it overstates on average
    assert excess["confidence"] > excess[own]


def test_two_years_of_tianjin_transport_date_the_covid_collapse(
    bare_csv: Callable[..., Path], tmp_path: Path
):
    """2019–2020 as a bare CSV: with four yearly harmonics the collapse started on 19 January
    and the spring of 2019 read as a +10 % episode beside a −12 % level shift."""
    path = bare_csv("Tianjin", "Ground Transport",
                    edit=lambda rows: [r for r in rows if r[0] < "2021-01-01"])
    out = tmp_path / "nodes.json"
    done = CliRunner().invoke(app, ["detect", "--csv", str(path), "--json", str(out)])
    assert done.exit_code == 0
    nodes = json.loads(out.read_text(encoding="utf-8"))["series"][0]["nodes"]
    collapse = [n for n in nodes if n["kind"] == "anomaly" and n["effect_pct"] < -50]
    assert len(collapse) == 1
    assert abs((dt.date.fromisoformat(collapse[0]["date"]) - COVID_START).days) <= 3
    assert not [n for n in nodes if n["kind"] == "level_shift" and not n["explained_by"]]
