"""Every province's transport series is the national daily shape times a yearly share (data
README), so a national shock must be read alike in all of them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import numpy as np
import pytest

from carbonnodes.detect import Detection, compare_peers, detect
from carbonnodes.model import Event, Series

COVID_START = dt.date(2020, 1, 23)


@pytest.fixture(scope="module")
def transport(
    cm_rows: dict[tuple[str, str], list[tuple[str, str]]],
    calendar_of: Callable[[Series], list[Event]],
) -> dict[str, Detection]:
    """Ground Transport of all 26 provinces, detected once, by province."""
    out = {}
    for state, sector in sorted(cm_rows):
        if sector != "Ground Transport":
            continue
        values = np.array([float(v) for _, v in cm_rows[(state, sector)]])
        series = Series(state.lower().replace(" ", "_"), "ground_transport",
                        dt.date(2019, 1, 1), values)
        out[state] = detect(series, calendar_of(series))
    return out


def test_the_covid_collapse_is_dated_alike_in_every_province(
    transport: dict[str, Detection],
) -> None:
    """The provinces differ only by their 1 January share steps. With the Spring Festival dip
    counted on top of the lockdown's floor, those steps alone moved the collapse's first day
    to 19, 24 or 29 January (11 of 26 within three days of the 23rd); with the episode timed
    by the search alone, not with the festival days it takes over, to 19 or 28 January in
    three provinces of 1–3 % steps."""
    states = sorted(transport)
    assert len(states) == 26
    dated = []
    for state in states:
        dated += [
            state for n in transport[state].nodes
            if n.kind == "anomaly" and n.effect_pct < -50.0
            and abs((n.date - COVID_START).days) <= 3
        ]
    assert len(dated) == len(set(dated))
    assert sorted(dated) == states


def test_a_node_no_other_province_shows_is_a_share_step(transport: dict[str, Detection]) -> None:
    """Only the 1 January share differs between provinces, so a node that no other province
    shows must be that step; anything else would be a false local node."""
    panel = list(transport.values())
    alone = [n for d in panel for n in compare_peers(d, panel) if n.peers_same == 0]
    assert all(n.peers_total == 25 for d in panel for n in compare_peers(d, panel))
    for node in alone:
        assert node.date.month == 1 and node.date.day <= 8, node
        assert any(e.startswith("artefact:year_step:") for e in node.explained_by), node
