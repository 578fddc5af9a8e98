"""Every province's transport series is the national daily shape times a yearly share (data
README), so a national shock must be read alike in all of them."""

from __future__ import annotations

import datetime as dt

import numpy as np

from carbonnodes.detect import detect
from carbonnodes.model import Series

COVID_START = dt.date(2020, 1, 23)


def test_the_covid_collapse_is_dated_alike_in_every_province(cm_rows, calendar_of):
    """The provinces differ only by their 1 January share steps. With the Spring Festival dip
    counted on top of the lockdown's floor, those steps alone moved the collapse's first day
    to 19, 24 or 29 January (11 of 26 within three days of the 23rd); with the episode timed
    by the search alone, not with the festival days it takes over, to 19 or 28 January in
    three provinces of 1–3 % steps."""
    states = sorted(state for state, sector in cm_rows if sector == "Ground Transport")
    assert len(states) == 26
    dated = []
    for state in states:
        values = np.array([float(v) for _, v in cm_rows[(state, "Ground Transport")]])
        series = Series(state.lower().replace(" ", "_"), "ground_transport",
                        dt.date(2019, 1, 1), values)
        nodes = detect(series, calendar_of(series)).nodes
        dated += [
            state for n in nodes
            if n.kind == "anomaly" and n.effect_pct < -50.0
            and abs((n.date - COVID_START).days) <= 3
        ]
    assert len(dated) == len(set(dated))
    assert sorted(dated) == states
