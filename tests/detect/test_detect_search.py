"""The search's choice of a slope change's day: the likeliest window, not the likeliest day."""

from __future__ import annotations

import numpy as np

from carbonnodes.detect._search import likeliest_window


def test_a_broad_mass_of_likelihood_outweighs_a_lone_higher_day():
    days = np.arange(401)
    z2 = np.full(days.size, 5.0)
    z2[200:301] = 27.0  # a hundred days nearly as likely as the best one
    z2[50] = 30.0  # one day a little likelier than each of them
    assert int(np.argmax(z2)) == 50
    assert 230 <= likeliest_window(z2, 60) <= 270  # every such window holds the hundred


def test_a_well_dated_change_keeps_its_day():
    days = np.arange(301, dtype=np.float64)
    z2 = 100.0 - 0.1 * (days - 140.0) ** 2
    assert likeliest_window(z2, 60) == 140


def test_the_window_counts_only_the_days_scored():
    # most of the likelihood sits against the first day: the window's centre stays near it
    days = np.arange(300, dtype=np.float64)
    z2 = 40.0 - 0.5 * days
    assert likeliest_window(z2, 60) <= 60
