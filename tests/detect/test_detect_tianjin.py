"""Acceptance on the real series: Tianjin Ground Transport 2019–2022 (research note §2)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from carbonnodes.detect import DEFAULT_FALSE_ALARM_RATE, Detection, detect, relative_to
from carbonnodes.model import Event, Node
from carbonnodes.series import load_panel
from carbonnodes.store import open_store

COVID_START = dt.date(2020, 1, 23)
YEAR_STEPS = (dt.date(2020, 1, 1), dt.date(2021, 1, 1), dt.date(2022, 1, 1))


def test_covid_lockdown_is_one_deep_anomaly(tianjin_transport: tuple[Detection, list[Event]]):
    detection, _ = tianjin_transport
    covid = [
        n for n in detection.nodes
        if n.kind == "anomaly" and abs((n.date - COVID_START).days) <= 3
    ]
    assert len(covid) == 1
    node = covid[0]
    assert node.effect_pct < -50.0
    assert node.effect_ci[0] <= node.effect_pct <= node.effect_ci[1]
    assert node.end is not None and dt.date(2020, 3, 1) <= node.end <= dt.date(2020, 7, 1)
    assert any(e.startswith(("lockdown:", "covid:")) for e in node.explained_by)


def test_an_episode_not_seen_to_return_is_a_level_shift(
    tianjin_transport: tuple[Detection, list[Event]],
):
    """Transport fell about 13 % from 25 November 2022 and stayed there to the series'
    last day: no episode may claim it ended, so it is a level shift without an end."""
    detection, _ = tianjin_transport
    series = detection.series
    data = np.asarray(series.values)
    late = [n for n in detection.nodes if n.date >= dt.date(2022, 11, 15)]
    assert [(n.kind, n.end) for n in late] == [("level_shift", None)]
    node = late[0]
    before = data[series.index_of(dt.date(2022, 10, 15)) : series.index_of(dt.date(2022, 11, 18))]
    after = data[series.index_of(node.date) :]
    assert after.mean() < 0.92 * before.mean()  # the data did not come back
    assert -20.0 < node.effect_pct < -8.0
    assert all(
        n.end is None or (series.end - n.end).days >= 14
        for n in detection.nodes if n.kind == "anomaly"
    )


def test_the_late_2022_fall_is_explained_by_what_came_before_it(
    tianjin_transport: tuple[Detection, list[Event]],
):
    """The fall of 25 November 2022 came in the nationwide rebound of November, under
    zero-COVID; the infection wave that followed the easing of 7 December came after it
    and cannot have made it."""
    detection, found = tianjin_transport
    starts = {e.id: e.start - dt.timedelta(days=e.uncertainty_days) for e in found}
    (node,) = [n for n in detection.nodes if n.date >= dt.date(2022, 11, 15)]
    assert "covid:national_rebound:2022-11-11" in node.explained_by
    assert all(starts[e] <= node.window[1] for e in node.explained_by if e in starts)
    assert "covid:national_infection_wave:2022-12-07" not in node.explained_by


def test_the_region_s_own_responses_explain_only_what_it_can_hold(
    tianjin_transport: tuple[Detection, list[Event]],
):
    """The collapse is the national shape in Carbon Monitor's Tianjin: national lockdown and
    response events explain it, Tianjin's own level-one response cannot. The same values as
    Tianjin's own data (no share-step artefacts) may carry its own response."""
    detection, found = tianjin_transport

    def collapse(nodes: tuple[Node, ...]) -> Node:
        [node] = [n for n in nodes if n.kind == "anomaly"
                  and abs((n.date - COVID_START).days) <= 3]
        return node

    built = collapse(detection.nodes).explained_by
    assert "lockdown:wuhan:2020-01-23" in built
    assert not [e for e in built if "tianjin" in e]
    own = detect(detection.series, [e for e in found if e.kind != "data_artefact"])
    assert [e for e in collapse(own.nodes).explained_by if "tianjin" in e]


def test_no_share_step_passes_for_a_policy_candidate(
    tianjin_transport: tuple[Detection, list[Event]],
):
    detection, _ = tianjin_transport
    near = [n for n in detection.nodes if any(abs((n.date - d).days) <= 7 for d in YEAR_STEPS)]
    assert any(n.kind == "level_shift" for n in near)
    for n in near:
        named = any(e.startswith("artefact:year_step:") for e in n.explained_by)
        # a share step scales every day alike: it can shift the level, not the weekly cycle
        # (the weekday swing that changed in the first week of 2021 did so in all 26
        # provinces, whatever their steps)
        assert named == (n.kind != "seasonal"), n


@pytest.mark.parametrize("rate", [DEFAULT_FALSE_ALARM_RATE, 0.05])
def test_share_steps_are_all_a_ratio_to_the_peers_shows(panel_db: str, calendar_of, rate: float):
    """Divided by the other regions, the national shape cancels and the ratio is flat between
    the 1 January share steps (−0.6 %, +1.2 %, −2.0 % for Tianjin against four provinces).
    Each step is one level shift named as the construction artefact, with the size the ratio
    itself shows, and nothing else is reported: below the noise floor the misfit of the
    ordinary model is not taken for noise to be whitened."""
    with open_store(panel_db, read_only=True) as store:
        panel = load_panel(store, "ground_transport", dataset="carbon_monitor")
    tianjin = next(s for s in panel if s.city == "tianjin")
    ratio = relative_to(tianjin, panel)
    nodes = detect(ratio, calendar_of(tianjin), false_alarm_rate=rate).nodes
    assert [n.date for n in nodes] == list(YEAR_STEPS)
    values = np.asarray(ratio.values)
    for n in nodes:
        i = ratio.index_of(n.date)
        shown = 100.0 * (np.nanmean(values[i : i + 30]) / np.nanmean(values[i - 30 : i]) - 1.0)
        assert n.kind == "level_shift"
        assert f"artefact:year_step:{n.date.isoformat()}" in n.explained_by
        assert abs(n.effect_pct - shown) < 0.1, (n, shown)


def test_no_weekly_cycle_day_passes_for_a_node(tianjin_transport: tuple[Detection, list[Event]]):
    detection, _ = tianjin_transport
    for day in (dt.date(2020, 11, 16), dt.date(2020, 11, 28)):
        for n in detection.nodes:
            if n.window[0] <= day <= n.window[1] and n.confidence >= 0.5:
                assert n.kind == "seasonal" or n.explained_by, n


def test_spring_festival_dips_are_explained_by_the_calendar(
    tianjin_transport: tuple[Detection, list[Event]],
):
    detection, found = tianjin_transport
    windows = [e for e in found if e.kind == "spring_festival" and e.start.year != 2020]
    assert len(windows) >= 6  # break and effect window, 2019, 2021, 2022
    for n in detection.nodes:
        inside = [
            e for e in windows
            if e.start - dt.timedelta(days=e.uncertainty_days) <= n.date
            <= e.end + dt.timedelta(days=e.uncertainty_days)
        ]
        if inside:
            assert any(e.id in n.explained_by for e in inside), n


def test_ordinary_model_follows_the_series(tianjin_transport: tuple[Detection, list[Event]]):
    detection, _ = tianjin_transport
    values = detection.series.values
    assert detection.ordinary.shape == values.shape == detection.fitted.shape
    assert np.all(detection.ordinary > 0)
    # the fitted curve (ordinary + nodes) is within a few percent on a typical day
    error = np.abs(np.log(detection.fitted / values))
    assert float(np.median(error)) < 0.03
    # and away from the nodes the ordinary curve alone is close too: mid-2019 has none
    calm = slice(150, 250)
    assert float(np.median(np.abs(np.log(detection.ordinary[calm] / values[calm])))) < 0.03


def test_same_input_gives_the_same_nodes(tianjin_transport: tuple[Detection, list[Event]]):
    detection, found = tianjin_transport
    again = detect(detection.series, found)
    assert again.nodes == detection.nodes
    assert np.array_equal(again.ordinary, detection.ordinary)


def test_confidences_are_probabilities(tianjin_transport: tuple[Detection, list[Event]]):
    detection, _ = tianjin_transport
    assert detection.nodes
    for n in detection.nodes:
        assert 0.0 <= n.confidence <= 1.0
        assert n.window[0] <= n.date <= n.window[1]
        assert (n.end is not None) == (n.kind == "anomaly")
