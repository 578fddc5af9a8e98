"""``simulate_series``: one realistic daily city-sector series and the truth planted in it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

import numpy as np

from carbonnodes.errors import InputError
from carbonnodes.model import NodeKind, Series
from carbonnodes.simulate._days import day_table
from carbonnodes.simulate._monthly import as_monthly, visible_by_month
from carbonnodes.simulate._ordinary import AR1, FloatArray, Ordinary, day_noise, ordinary
from carbonnodes.simulate._planted import Planted, plant_changes, plant_construction_steps
from carbonnodes.simulate._truth import SCENARIOS, SECTORS, TrueNode

_CHANGE_KINDS: tuple[NodeKind, ...] = ("level_shift", "trend_change", "seasonal", "anomaly")


def scenarios() -> tuple[str, ...]:
    """The scenario families ``simulate_series`` knows, sorted."""
    return SCENARIOS


def _kinds(rng: np.random.Generator, scenario: str) -> list[NodeKind]:
    """Which changes a family plants (how many is drawn here)."""
    if scenario == "no_change":
        return []
    if scenario == "level_shift":
        return ["level_shift"] * int(rng.integers(1, 4))
    if scenario in ("trend_change", "anomaly"):
        kind: NodeKind = "trend_change" if scenario == "trend_change" else "anomaly"
        return [kind] * int(rng.integers(1, 3))
    if scenario == "seasonal":
        return ["seasonal"]
    kinds: list[NodeKind] = [_CHANGE_KINDS[int(i)] for i in rng.integers(0, 4, rng.integers(2, 5))]
    first_seasonal = kinds.index("seasonal") if "seasonal" in kinds else len(kinds)
    return [k for i, k in enumerate(kinds) if k != "seasonal" or i == first_seasonal]


def _blemishes(rng: np.random.Generator, log_values: FloatArray) -> FloatArray:
    """Occasional one-day outliers, then missing days (0–2 %) and sometimes a short gap."""
    n = log_values.shape[0]
    values = log_values.copy()
    outliers = rng.choice(n, int(rng.poisson(0.5 * n / 365.25)), replace=False)
    values[outliers] += rng.uniform(0.08, 0.25, outliers.shape[0]) * rng.choice(
        [-1, 1], outliers.shape[0]
    )
    result = np.exp(values)
    result[rng.choice(n, int(rng.uniform(0.0, 0.02) * n), replace=False)] = np.nan
    if rng.random() < 0.3:
        length = int(rng.integers(3, 11))
        first = int(rng.integers(1, n - length - 1))
        result[first : first + length] = np.nan
    return result


@dataclass(frozen=True)
class Simulation:
    """One simulated series, its truth, and the parts it was drawn from (log scale): what an
    oracle that knows the simulator may use (``benchmarks/detect_ceiling.py``)."""

    series: Series
    truth: tuple[TrueNode, ...]
    ordinary: Ordinary
    planted: Planted
    day_noise: AR1


def simulate_series(
    scenario: str,
    seed: int,
    *,
    n_days: int = 1461,
    start: dt.date = dt.date(2019, 1, 1),
    sector: str = "ground_transport",
    city: str = "tianjin",
    by_month: bool = False,
) -> tuple[Series, tuple[TrueNode, ...]]:
    """A daily series of ``scenario``'s family and its truth, sorted by date.

    The truth holds the planted nodes and the entries that are not nodes (``is_node`` is
    false): construction steps, and the calendar effects, clipped to the series.
    ``by_month``: the series averaged by month (``as_monthly``), as Carbon Monitor builds its
    monthly provincial series, with the truth such a series can show (``visible_by_month``).

    Deterministic in (scenario, seed, n_days, start, sector). The ordinary background (cycles,
    holidays, noise) depends on ``seed`` and ``sector`` only, so two families drawn with the
    same seed differ only in what they plant.
    """
    drawn = simulate_parts(scenario, seed, n_days=n_days, start=start, sector=sector, city=city)
    if by_month:
        return as_monthly(drawn.series), visible_by_month(drawn.truth)
    return drawn.series, drawn.truth


def simulate_parts(
    scenario: str,
    seed: int,
    *,
    n_days: int = 1461,
    start: dt.date = dt.date(2019, 1, 1),
    sector: str = "ground_transport",
    city: str = "tianjin",
) -> Simulation:
    """What ``simulate_series`` draws (a daily series), with the parts it is made of."""
    if scenario not in SCENARIOS:
        raise InputError(f"unknown scenario '{scenario}' (known: {', '.join(SCENARIOS)})")
    if sector not in SECTORS:
        raise InputError(f"no simulator for sector '{sector}' (known: {', '.join(SECTORS)})")
    if n_days < 365:
        raise InputError(f"a simulated series needs at least 365 days, not {n_days}")
    background, blemish = (
        np.random.default_rng(s)
        for s in np.random.SeedSequence([seed, SECTORS.index(sector)]).spawn(2)
    )
    planting = np.random.default_rng([seed, SECTORS.index(sector), 1 + SCENARIOS.index(scenario)])
    table = day_table(start, n_days)
    series_end = start + dt.timedelta(days=n_days - 1)
    usual = ordinary(background, sector, table)
    planted: Planted
    if scenario == "construction_steps":
        planted = plant_construction_steps(planting, sector, start, n_days)
    else:
        planted = plant_changes(
            planting, _kinds(planting, scenario), start, n_days, usual.sunday_dip
        )
    noise = day_noise(blemish)
    log_values = (
        usual.base
        + usual.weekly * planted.weekly_factor
        + planted.log_effect
        + noise.path(n_days, blemish)
    )
    first_day = start + dt.timedelta(days=1)
    inside = tuple(
        replace(z, date=max(z.date, first_day), end=min(z.end or z.date, series_end))
        for z in usual.calendar
        if z.date <= series_end and (z.end or z.date) >= first_day
    )
    series = Series(
        city=city,
        sector=sector,
        start=start,
        values=_blemishes(blemish, log_values),
        source=f"simulated:{scenario}:{sector}:{seed}",
    )
    changes = _with_swing(planted.truth, usual.weekly, planted.weekly_factor, start)
    truth = tuple(sorted((*changes, *inside), key=lambda t: (t.date, t.calendar, t.kind)))
    return Simulation(series, truth, usual, planted, noise)


#: Days after a weekly-cycle change over which its swing is read (a node reads as many).
SWING_DAYS = 28


def _with_swing(
    truth: tuple[TrueNode, ...], weekly: FloatArray, factor: FloatArray, start: dt.date
) -> tuple[TrueNode, ...]:
    """Each weekly-cycle change with ``swing_points``: the planted factor's change of the
    swing the ordinary weekly cycle has over its first weeks."""
    out = []
    for t in truth:
        if t.kind == "seasonal" and not t.artefact:
            at = (t.date - start).days
            swing = 100.0 * float(np.ptp(weekly[at : at + SWING_DAYS]))
            t = replace(t, swing_points=round(swing * (float(factor[at]) - 1.0), 3))
        out.append(t)
    return tuple(out)
