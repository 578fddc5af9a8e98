"""Local versus shared: peers counted per node, and the ratio to a reference series."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import numpy as np
import pytest

from carbonnodes.detect import Detection, compare_peers, detect, relative_to
from carbonnodes.detect._peers import PRIOR_NODES
from carbonnodes.errors import SeriesError
from carbonnodes.model import Event, Node, Series
from carbonnodes.pipeline import panel_detections
from carbonnodes.series import load_panel
from carbonnodes.store import open_store


@pytest.fixture(scope="module")
def panel(panel_db: str) -> list[Series]:
    with open_store(panel_db, read_only=True) as store:
        return load_panel(store, "ground_transport", dataset="carbon_monitor")


def _node(city: str, day: dt.date, kind: str = "level_shift", effect: float = -10.0) -> Node:
    pad = dt.timedelta(days=7)
    return Node(city, "ground_transport", day, kind, 0.9, effect, (effect - 2, effect + 2),  # type: ignore[arg-type]
                (day - pad, day + pad))


def _detection(series: Series, nodes: list[Node]) -> Detection:
    flat = np.ones(len(series))
    return Detection(series, tuple(nodes), flat, flat, 0.01, 1.0, {}, tuple(nodes))


def test_peers_count_alike_nodes_within_the_window(panel: list[Series]):
    """A level shift and an episode starting with the same fall are one shock; a slope change,
    a rise, or a fall three weeks off are not."""
    by_city = {s.city: s for s in panel}
    day = dt.date(2021, 6, 1)
    mine = [_node("tianjin", day)]
    peers = [
        _detection(by_city["beijing"], [_node("beijing", day + dt.timedelta(days=10))]),
        _detection(by_city["shanghai"], [_node("shanghai", day + dt.timedelta(days=30))]),
        _detection(by_city["shandong"], [_node("shandong", day, "anomaly")]),
        _detection(replace(by_city["beijing"], city="hebei"),
                   [_node("hebei", day, "trend_change")]),
        _detection(by_city["guangdong"], [_node("guangdong", day, effect=+10.0)]),
        _detection(by_city["tianjin"], mine),  # its own region is never its peer
    ]
    [node] = compare_peers(mine, peers)
    assert (node.peers_same, node.peers_total) == (2, 5)
    assert node.peers_showing == ("beijing", "shandong")
    assert node.is_shared is False


def test_a_peer_shows_what_it_found_under_the_confidence_floor_too(panel: list[Series]):
    """The floor says how sure one region alone can be of a change, not whether its series
    moved: a candidate a peer does not report counts as shown, and among its other nodes."""
    by_city = {s.city: s for s in panel}
    day = dt.date(2021, 6, 1)
    mine = [_node("tianjin", day)]
    weak = [_node("beijing", day), _node("beijing", dt.date(2020, 6, 1))]
    peer = Detection(by_city["beijing"], (), *(np.ones(1461),) * 2, 0.01, 1.0, {},
                     candidates=tuple(weak))
    [node] = compare_peers(mine, [peer])
    assert node.peers_showing == ("beijing",)
    [alone] = compare_peers(mine, [_detection(by_city["beijing"], [])])
    assert node.peers_expected > alone.peers_expected


def test_the_chance_count_is_each_peer_s_other_alike_nodes_placed_at_random(
    panel: list[Series],
):
    """Shanghai's one other fall, a 15-day window in 1,461 days, meets Tianjin's 15-day window
    by chance with probability 29/1,461, and half a node more is assumed of every peer; the
    fall that overlaps, the rise and the slope change add nothing."""
    by_city = {s.city: s for s in panel}
    day = dt.date(2021, 6, 1)
    mine = [_node("tianjin", day)]
    shanghai = [_node("shanghai", day), _node("shanghai", dt.date(2020, 6, 1), "anomaly"),
                _node("shanghai", dt.date(2019, 6, 1), effect=+5.0),
                _node("shanghai", dt.date(2022, 6, 1), "trend_change")]
    [node] = compare_peers(mine, [_detection(by_city["shanghai"], shanghai)])
    assert len(by_city["shanghai"]) == 1461
    miss = (1 - 29 / 1461) ** (1 + PRIOR_NODES)
    assert node.peers_expected == round(1 - miss, 3)
    assert node.peers_same == 1 and node.reach == "shared"  # one of one: most peers show it
    [alone] = compare_peers(mine, [_detection(by_city["shanghai"], [])])
    assert alone.peers_expected == round(1 - (1 - 29 / 1461) ** PRIOR_NODES, 3) > 0


def test_a_node_is_local_while_no_more_regions_show_it_than_chance():
    day = dt.date(2021, 6, 1)
    base = {"city": "tianjin", "sector": "ground_transport", "date": day,
            "kind": "level_shift", "confidence": 0.9, "effect_pct": -10.0,
            "effect_ci": (-12.0, -8.0), "window": (day, day)}
    few = Node(**base, peers_same=3, peers_total=25, peers_expected=2.0)  # type: ignore[arg-type]
    many = Node(**base, peers_same=6, peers_total=25, peers_expected=2.0)  # type: ignore[arg-type]
    most = Node(**base, peers_same=13, peers_total=25, peers_expected=2.0)  # type: ignore[arg-type]
    unknown = Node(**base)  # type: ignore[arg-type]
    # P(Poisson(2) >= 3) = 0.32; P(Poisson(2) >= 6) = 0.017
    assert [few.reach, many.reach, most.reach, unknown.reach] == [
        "local", "partly_shared", "shared", None]


def test_industry_s_fall_of_october_2021_is_shared_by_several_provinces(
    cm_rows, calendar_of
):
    """Industry fell by 13–36 % from 1 October 2021 in eight provinces (Guangdong, Fujian,
    Gansu, Liaoning, …), the autumn of power rationing; far more than chance gives, far fewer
    than half of 26: a regional shock, not any one province's own. No calendar event or data
    artefact names it (a month's share step meets every node dated to the month), so each is
    a policy candidate; in Shandong and Zhejiang it falls under the confidence floor (in
    others it sits near it), and still counts as shown there."""
    panel = []
    for (state, sector), rows in sorted(cm_rows.items()):
        if sector == "Industry":
            series = Series(state.lower().replace(" ", "_"), "industry", dt.date(2019, 1, 1),
                            np.array([float(v) for _, v in rows]))
            panel.append(detect(series, calendar_of(series)))
    october = {
        d.series.city: n for d in panel for n in compare_peers(d, panel)
        if n.date == dt.date(2021, 10, 1) and n.kind in ("level_shift", "anomaly")
    }
    assert {"guangdong", "gansu", "fujian"} <= set(october)
    for node in october.values():
        assert node.effect_pct < 0 and not node.explained_by
        assert node.reach == "partly_shared", node
        assert {"shandong", "zhejiang"} <= set(node.peers_showing), node


def test_covid_is_shared_by_the_panel(
    panel: list[Series], calendar_of, tianjin_transport: tuple[Detection, list[Event]]
):
    detection, _ = tianjin_transport
    others = [detect(s, calendar_of(s)) for s in panel if s.city != "tianjin"]
    nodes = compare_peers(detection, others)
    covid = [n for n in nodes if n.kind == "anomaly" and n.date.year == 2020 and n.date.month == 1]
    assert covid and covid[0].is_shared
    assert all(n.peers_total == len(others) for n in nodes)


def test_ratio_to_the_sum_of_other_regions(panel: list[Series]):
    tianjin = next(s for s in panel if s.city == "tianjin")
    ratio = relative_to(tianjin, panel)
    others = sum(np.asarray(s.values) for s in panel if s.city != "tianjin")
    assert ratio.unit == "ratio" and ratio.start == tianjin.start and len(ratio) == len(tianjin)
    assert np.allclose(ratio.values, np.asarray(tianjin.values) / others)
    # Ground Transport shares change only on 1 January: the ratio is flat within a year
    first, last = ratio.index_of(dt.date(2021, 1, 1)), ratio.index_of(dt.date(2022, 1, 1))
    year_2021 = ratio.values[first:last]
    assert float(np.ptp(year_2021)) < 1e-9 * float(year_2021.mean()) + 1e-12


def test_ratio_to_one_reference_uses_common_days(panel: list[Series]):
    tianjin, beijing = (next(s for s in panel if s.city == c) for c in ("tianjin", "beijing"))
    late = Series("beijing", "ground_transport", dt.date(2020, 1, 1),
                  np.asarray(beijing.values)[365:])
    ratio = relative_to(tianjin, late)
    assert ratio.start == dt.date(2020, 1, 1) and len(ratio) == len(late)


def test_no_common_day_is_an_error(panel: list[Series]):
    tianjin = next(s for s in panel if s.city == "tianjin")
    far = Series("x", "ground_transport", dt.date(2030, 1, 1), np.ones(10))
    with pytest.raises(SeriesError, match="share no day"):
        relative_to(tianjin, far)


def test_panel_detections_are_the_other_usable_regions(panel: list[Series]):
    zeros = Series("hainan", "ground_transport", panel[0].start, np.zeros(len(panel[0])))
    found = panel_detections([*panel, zeros], "tianjin", "carbon_monitor", rate=0.05)
    cities = sorted(d.series.city for d in found)
    assert cities == sorted(s.city for s in panel if s.city != "tianjin")
    # each peer detected as a stored series is: its three 1 January share steps divided out
    assert all(d.settings["construction_steps"] == 3 for d in found)
    assert all(d.settings["false_alarm_rate"] == 0.05 for d in found)


def test_a_ratio_has_the_temperature_driven_shape_divided_out(cm_rows, calendar_of):
    """Carbon Monitor's Residential is the national temperature-driven shape in every
    province: divided by the others, the shape cancels, and it explains no node of the ratio
    (the share steps still do)."""
    states = ("Tianjin", "Beijing", "Henan", "Shandong", "Shanxi")
    panel = [Series(s.lower(), "residential", dt.date(2019, 1, 1),
                    np.array([float(v) for _, v in cm_rows[(s, "Residential")]]))
             for s in states]
    calendar = calendar_of(panel[0])
    assert any(e.id.startswith("artefact:temperature_shape:") for e in calendar)
    nodes = detect(relative_to(panel[0], panel), calendar).nodes
    assert nodes
    assert all(not e.startswith("artefact:temperature_shape:")
               for n in nodes for e in n.explained_by)
    assert any(e.startswith("artefact:year_step:") for n in nodes for e in n.explained_by)
