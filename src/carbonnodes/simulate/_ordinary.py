"""The ordinary life of a city-sector series, on the log scale (all effects multiplicative).

Shaped after the real Tianjin series (research note data-findings §2–3): a weekly cycle whose
weekend dip (3–12 % in Ground Transport) drifts from year to year and follows statutory
holidays and 调休 make-up workdays, a sector-specific yearly cycle (Residential heating-season
peak with steps near 1/15 Nov and 15 Mar and, as Carbon Monitor builds it, a lower July and
August; Power's winter and summer double peak), Spring Festival dips over the real lunar
dates with a slow return, a slow drift, weather spells (strong in Residential, some in
Power) and AR(1) noise.
None of this is a node.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from carbonnodes.simulate._calendar_effects import heating_season, holiday_dips, spring_festivals
from carbonnodes.simulate._days import DayTable
from carbonnodes.simulate._truth import TrueNode

FloatArray = NDArray[np.float64]
_YEAR = 365.25
_SUNDAY = 6
_MIDWEEK = 2


@dataclass(frozen=True)
class SectorShape:
    """How strongly each ordinary effect shows in a sector (a share of Ground Transport's)."""

    level: float  # typical MtCO2/day of a large city
    weekly: float  # scale of the weekly cycle
    holiday: float  # scale of the extra dip on holidays
    spring_depth: tuple[float, float]  # range of the Spring Festival dip
    spring_return_days: tuple[int, int]  # how long the return after the break takes
    heating_step: tuple[float, float]  # log step while the heating season runs
    weather: tuple[float, float]  # spread of slow weather spells (cold snaps, heat waves)


SECTOR_SHAPES: dict[str, SectorShape] = {
    "ground_transport": SectorShape(
        0.029, 1.0, 1.0, (0.15, 0.35), (10, 25), (0.0, 0.0), (0.0, 0.01)
    ),
    "industry": SectorShape(0.205, 0.5, 0.7, (0.25, 0.45), (15, 35), (0.0, 0.0), (0.0, 0.01)),
    "power": SectorShape(0.161, 0.5, 0.4, (0.10, 0.22), (10, 25), (0.02, 0.07), (0.01, 0.03)),
    "residential": SectorShape(0.122, 0.15, 0.1, (0.02, 0.08), (7, 15), (0.15, 0.30), (0.05, 0.10)),
}


#: Carbon Monitor's national Residential shape runs lower in July and August, every year, by
#: this much (log scale; measured on the shared file: −3.1 to −4.0 % on 1 July, +2.2 to
#: +3.8 % on 1 September, 2019–2022).
SUMMER_OFFSET = (-0.045, -0.025)


def _summer(
    rng: np.random.Generator, sector: str, table: DayTable
) -> tuple[FloatArray, tuple[TrueNode, ...]]:
    """Residential's July–August offset and its two steps a year, as artefact truth (none in
    the other sectors)."""
    n = table.n_days
    if sector != "residential":
        return np.zeros(n), ()
    offset = rng.uniform(*SUMMER_OFFSET)
    dates = [table.start + dt.timedelta(days=i) for i in range(n)]
    summer = np.array([d.month in (7, 8) for d in dates], dtype=np.float64)
    steps = []
    for d in dates:
        if d.day == 1 and d.month in (7, 9):
            step = round(100 * float(np.expm1(offset if d.month == 7 else -offset)), 2)
            steps.append(TrueNode(d, "level_shift", step, artefact=True))
    return offset * summer, tuple(steps)


#: The slow wander: a sinusoid of random amplitude (log scale), period (days) and phase.
WANDER_AMPLITUDE = (0.0, 0.02)
WANDER_PERIOD = (400.0, 900.0)


@dataclass(frozen=True)
class AR1:
    """A stationary AR(1) law: coefficient ``phi`` and marginal standard deviation ``sd``."""

    phi: float
    sd: float

    def path(self, n: int, rng: np.random.Generator) -> FloatArray:
        """One draw of ``n`` days."""
        innovation = rng.normal(0.0, self.sd * np.sqrt(1 - self.phi**2), n)
        path = np.empty(n)
        path[0] = innovation[0] / np.sqrt(1 - self.phi**2)
        for i in range(1, n):
            path[i] = self.phi * path[i - 1] + innovation[i]
        return path

    def autocovariance(self, n: int) -> FloatArray:
        """Covariance of two days 0 … n − 1 apart."""
        return np.asarray(self.sd**2 * self.phi ** np.arange(n), dtype=np.float64)


def wander_autocovariance(n: int) -> FloatArray:
    """The slow wander's covariance at lags 0 … n − 1, over its amplitudes, periods and
    phases (what an observer who knows the law, not the draw, can expect)."""
    mean_square = (WANDER_AMPLITUDE[1] ** 3 - WANDER_AMPLITUDE[0] ** 3) / (
        3 * (WANDER_AMPLITUDE[1] - WANDER_AMPLITUDE[0])
    )
    periods = np.linspace(*WANDER_PERIOD, 501)
    lags = np.arange(n, dtype=np.float64)
    cycle = np.cos(2 * np.pi * lags[:, None] / periods[None, :]).mean(axis=1)
    return np.asarray(mean_square / 2 * cycle, dtype=np.float64)


@dataclass(frozen=True)
class Ordinary:
    """The ordinary log series split in two, so a scenario can rescale the weekly cycle, and
    the parts an oracle may know (``benchmarks/detect_ceiling.py``)."""

    base: FloatArray  # level, drift, wander, yearly cycle, festivals, holidays, heating,
    # weather, Residential's summer offset
    weekly: FloatArray  # the weekly cycle as it falls on each day
    sunday_dip: float  # the Sunday dip of the profile before the yearly amplitude
    calendar: tuple[TrueNode, ...]  # where the calendar effects fell, as non-node truth
    spring: FloatArray  # the Spring Festival dips (in ``base``)
    wander: FloatArray  # the slow wander (in ``base``)
    weather: AR1  # the law of the weather spells (in ``base``)


def _yearly(rng: np.random.Generator, sector: str, days: FloatArray) -> FloatArray:
    """Sector-specific yearly cycle; ``days`` counts from 1 January of the first year."""
    phase = 2 * np.pi / _YEAR
    if sector == "residential":
        return rng.uniform(0.30, 0.45) * np.cos(phase * (days - rng.uniform(5, 25)))
    if sector == "power":
        double = rng.uniform(0.05, 0.10) * np.cos(2 * phase * (days - rng.uniform(10, 30)))
        return double + rng.uniform(0.0, 0.04) * np.cos(phase * (days - 20))
    if sector == "industry":
        return rng.uniform(0.03, 0.08) * np.cos(phase * (days - rng.uniform(300, 350)))
    amplitude = rng.uniform(0.02, 0.06)
    return amplitude * np.cos(phase * (days - rng.uniform(180, 280)))


def _weekly(
    rng: np.random.Generator, shape: SectorShape, table: DayTable
) -> tuple[FloatArray, float]:
    """Weekday profile × a yearly amplitude interpolated between mid-year knots."""
    n = table.n_days
    sunday = rng.uniform(0.03, 0.12)
    profile = np.log1p(rng.normal(0.0, 0.006, 7))
    profile[4] += np.log1p(rng.uniform(0.0, 0.02))  # Friday runs a little high
    profile[5] += np.log1p(-sunday * rng.uniform(0.3, 0.7))
    profile[6] += np.log1p(-sunday)
    profile = (profile - profile.mean()) * shape.weekly
    first = table.start.year - 1
    knots_x = [(dt.date(y, 7, 2) - table.start).days for y in range(first, first + n // 365 + 4)]
    knots_y = rng.uniform(0.6, 1.3, len(knots_x))
    amplitude = np.interp(np.arange(n), knots_x, knots_y)
    dow = (np.arange(n) + table.start.weekday()) % 7
    dow = np.where(table.holiday, _SUNDAY, np.where(table.makeup_workday, _MIDWEEK, dow))
    return amplitude * profile[dow], sunday * shape.weekly


def ordinary(rng: np.random.Generator, sector: str, table: DayTable) -> Ordinary:
    """Draw one ordinary series: everything a detector must not report."""
    shape = SECTOR_SHAPES[sector]
    n = table.n_days
    days = np.arange(n, dtype=np.float64) + (table.start - dt.date(table.start.year, 1, 1)).days
    level = np.log(shape.level) + rng.uniform(-0.7, 0.7)
    drift = rng.uniform(-0.03, 0.03) * days / _YEAR
    wander_period = rng.uniform(*WANDER_PERIOD)
    amplitude = rng.uniform(*WANDER_AMPLITUDE)
    wander = amplitude * np.sin(2 * np.pi * days / wander_period + rng.uniform(0, 6.3))
    weekly, sunday = _weekly(rng, shape, table)
    yearly = _yearly(rng, sector, days)
    spring, spring_zones = spring_festivals(
        rng, shape.spring_depth, shape.spring_return_days, table
    )
    holiday, holiday_zones = holiday_dips(rng, shape.holiday, table)
    heating, heating_zones = heating_season(rng, shape.heating_step, table)
    weather = AR1(rng.uniform(0.7, 0.9), rng.uniform(*shape.weather))
    base = level + drift + wander + yearly + spring + holiday + heating + weather.path(n, rng)
    summer, summer_steps = _summer(rng, sector, table)
    base += summer
    zones = sorted(
        (*spring_zones, *holiday_zones, *heating_zones, *summer_steps), key=lambda z: z.date
    )
    return Ordinary(
        base=base,
        weekly=weekly,
        sunday_dip=sunday,
        calendar=tuple(zones),
        spring=spring,
        wander=wander,
        weather=weather,
    )


def day_noise(rng: np.random.Generator) -> AR1:
    """The law of the day-to-day noise on the log scale: AR(1), φ 0.3–0.8, spread 1–3 %."""
    return AR1(rng.uniform(0.3, 0.8), rng.uniform(0.01, 0.03))
