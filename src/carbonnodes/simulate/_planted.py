"""The changes each scenario family plants, with their truth.

Every planted change is multiplicative (added on the log scale). Nodes keep 90 days from both
ends and at least 120 days from each other (counted from an anomaly's recovery), so each one
is identifiable in principle; their dates are otherwise uniform and ignore the calendar, as
policies do.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from carbonnodes.model import NodeKind
from carbonnodes.simulate._truth import TrueNode

FloatArray = NDArray[np.float64]
_MARGIN = 90
_SPACING = 120
_YEAR = 365.25
_MONTHLY_SECTORS = ("industry", "power")


@dataclass(frozen=True)
class Planted:
    """What a scenario adds: a log effect, a factor on the weekly cycle, and the truth."""

    log_effect: FloatArray
    weekly_factor: FloatArray
    truth: tuple[TrueNode, ...]


def _room(durations: list[int], n: int) -> int:
    """Days left over once margins, spacing and the changes themselves are placed."""
    return n - 2 * _MARGIN - sum(durations) - _SPACING * (len(durations) - 1)


def _starts(rng: np.random.Generator, durations: list[int], n: int) -> list[int]:
    """Random start days, in order, respecting margins and spacing."""
    gaps = np.sort(rng.uniform(0, _room(durations, n), len(durations)))
    starts, used = [], 0
    for gap, duration in zip(gaps, durations, strict=True):
        starts.append(_MARGIN + int(gap) + used)
        used += duration + _SPACING
    return starts


def _anomaly_shape(rng: np.random.Generator) -> tuple[int, int, int, float]:
    """(onset, hold, recovery) in days and depth: a lockdown-like collapse, slow return."""
    return (
        int(rng.integers(1, 4)),
        int(rng.integers(7, 57)),
        int(rng.integers(14, 85)),
        float(rng.uniform(0.20, 0.70)),
    )


def _signed(rng: np.random.Generator, low: float, high: float) -> float:
    return float(rng.uniform(low, high) * rng.choice([-1.0, 1.0]))


def plant_changes(
    rng: np.random.Generator,
    kinds: list[NodeKind],
    start: dt.date,
    n: int,
    sunday_dip: float,
) -> Planted:
    """Plant one change per entry of ``kinds`` at random, well-separated dates.

    On a series too short for all of them, the last kinds are dropped until the rest fit
    (one change always fits in the 365 days ``simulate_series`` asks for at least).
    """
    days = np.arange(n, dtype=np.float64)
    log_effect = np.zeros(n)
    weekly = np.ones(n)
    anomalies = {i: _anomaly_shape(rng) for i, kind in enumerate(kinds) if kind == "anomaly"}
    durations = [sum(anomalies[i][:3]) if i in anomalies else 0 for i in range(len(kinds))]
    while len(durations) > 1 and _room(durations, n) < 0:
        durations.pop()
    kinds = kinds[: len(durations)]
    truth = []
    for i, (kind, at) in enumerate(zip(kinds, _starts(rng, durations, n), strict=True)):
        day = start + dt.timedelta(days=at)
        if kind == "level_shift":
            size = _signed(rng, 0.04, 0.25)
            log_effect[at:] += np.log1p(size)
            truth.append(TrueNode(day, kind, round(100 * size, 2)))
        elif kind == "trend_change":
            per_year = _signed(rng, 0.06, 0.25)
            log_effect += np.log1p(per_year) * np.clip(days - at, 0, None) / _YEAR
            truth.append(TrueNode(day, kind, round(100 * per_year, 2)))
        elif kind == "seasonal":
            target = (
                sunday_dip * rng.uniform(0.1, 0.4)
                if sunday_dip >= 0.06
                else (sunday_dip + rng.uniform(0.05, 0.10))
            )
            factor = target / sunday_dip
            weekly[at:] = factor
            truth.append(TrueNode(day, kind, round(100 * (factor - 1), 2)))
        else:
            onset, hold, back, depth = anomalies[i]
            x = [at - 1, at + onset, at + onset + hold, at + durations[i]]
            dip = np.interp(days, x, [0.0, 1.0, rng.uniform(0.7, 1.0), 0.0], 0.0, 0.0)
            episode = np.log1p(-depth * dip)
            log_effect += episode
            end = start + dt.timedelta(days=at + durations[i])
            truth.append(TrueNode(day, kind, round(-100 * depth, 2), end=end,
                                  month_depth=_month_depth(episode, start)))
    return Planted(log_effect, weekly, tuple(truth))


def _month_depth(episode: FloatArray, start: dt.date) -> float:
    """An episode's depth as monthly means show it (percent): its deepest calendar month's
    mean effect, months it only partly covers counting their untouched days."""
    months = (np.datetime64(start, "D") + np.arange(episode.size)).astype("datetime64[M]")
    first = np.flatnonzero(np.r_[True, months[1:] != months[:-1]])
    means = np.add.reduceat(np.expm1(episode), first) / np.diff(np.r_[first, episode.size])
    return round(100.0 * float(means.min()), 2)


def plant_construction_steps(
    rng: np.random.Generator, sector: str, start: dt.date, n: int
) -> Planted:
    """Provincial-share steps as Carbon Monitor China builds them (data README).

    Ground Transport and Residential use one share a year (a step each 1 January); Power and
    Industry one a month (a step each 1st, except 1 February: NBS reports January and
    February together). All are truth artefacts, none is a node.
    """
    monthly = sector in _MONTHLY_SECTORS
    log_effect = np.zeros(n)
    truth = []
    share = 0.0
    for at in range(1, n):
        day = start + dt.timedelta(days=at)
        if day.day != 1 or (not monthly and day.month != 1) or (monthly and day.month == 2):
            continue
        new_share = rng.normal(0.0, 0.12) if monthly else share + _signed(rng, 0.01, 0.06)
        log_effect[at:] += new_share - share
        truth.append(
            TrueNode(
                day,
                "level_shift",
                round(100 * float(np.expm1(new_share - share)), 2),
                artefact=True,
            )
        )
        share = new_share
    return Planted(log_effect, np.ones(n), tuple(truth))
