"""The ordinary model's regressors: what a series does when nothing happens.

On log values (effects are multiplicative): level and slow trend, a yearly Fourier cycle, a
day-of-week profile (its amplitude changes are searched for as seasonal nodes), the
Spring Festival window on its real dates with one shape shared by all years (and a depth per
year), named statutory holidays, 调休 make-up workdays and the heating season. The
data-construction days (1 January or 1st-of-month share changes, and the national Residential
shape's steps of 1 July and 1 September) are listed for the search.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from numpy.typing import NDArray

from carbonnodes.model import Event

FloatArray = NDArray[np.float64]

YEAR_DAYS = 365.25
YEARLY_HARMONICS = 4
#: A series shorter than three years has the year's shape from two repetitions, and the third
#: and fourth harmonics (periods of four and three months) take a change that happened in one
#: of them about as readily as a shape that recurs: it gets two harmonics (on simulated
#: two-year series, thresholds refitted, F1 0.589 → 0.617 and precision 0.744 → 0.806 with
#: the four-year confidence map; on four-year ones two harmonics are about as good on the
#: simulator, whose yearly cycles are one or two pure harmonics, but not on the real file).
SHORT_SERIES_DAYS = 1096
SHORT_SERIES_HARMONICS = 2

#: Spring Festival window as bins of days (inclusive bounds): before the break counted from its
#: first day, after it from its last day (breaks last 7 to 10 days), the break itself by its
#: first days and its last day. Fine near the break, coarser further out: four occurrences in
#: four years cannot support a free coefficient for every day.
SPRING_BEFORE: tuple[tuple[int, int], ...] = (
    (-28, -22), (-21, -15), (-14, -11), (-10, -8), (-7, -5), (-4, -3), (-2, -2), (-1, -1),
)
SPRING_AFTER: tuple[tuple[int, int], ...] = (
    (1, 1), (2, 2), (3, 3), (4, 5), (6, 7), (8, 10), (11, 14), (15, 18), (19, 22), (23, 28),
    (29, 35), (36, 42),
)
#: Days around holidays and heating-season edges where the ordinary model is least sure; the
#: noise scale is read without them, and the false-alarm thresholds are fitted without them
#: (a node there comes with its calendar cause attached).
HOLIDAY_MARGIN_DAYS = 2
HEATING_MARGIN_DAYS = 10


@dataclass(frozen=True)
class Artefact:
    """A data-construction step: its day index and the calendar event behind it."""

    index: int
    event_id: str


@dataclass(frozen=True)
class Design:
    """The ordinary columns, named (weekly profile last), and the days data construction may
    step on.

    Construction steps are not ordinary columns: a free level per month would swallow any
    real level shift. They are known-date candidates of the search instead.
    """

    columns: FloatArray
    names: tuple[str, ...]
    artefacts: tuple[Artefact, ...]
    zone: NDArray[np.bool_]
    weekly_width: int
    spring: slice
    spring_years: tuple[NDArray[np.bool_], ...]
    festival: NDArray[np.bool_]  # Spring Festival days from each break's first day on

    @property
    def artefact_days(self) -> NDArray[np.int64]:
        """Day indices of the construction steps, for the search's known-date candidates."""
        return np.array([a.index for a in self.artefacts], dtype=np.int64)

    @property
    def year_phase(self) -> FloatArray:
        """Each day's angle in the year (radians), read off the first yearly harmonic."""
        cos = self.columns[:, self.names.index("yearly_cos1")]
        sin = self.columns[:, self.names.index("yearly_sin1")]
        return np.asarray(np.arctan2(sin, cos), dtype=np.float64)

    @property
    def weekly(self) -> slice:
        """Where the day-of-week coefficients sit (the last columns)."""
        width = self.columns.shape[1]
        return slice(width - self.weekly_width, width)


def _days(start: dt.date, n: int) -> NDArray[np.int64]:
    return np.arange(n, dtype=np.int64) + (start - dt.date(2000, 1, 1)).days


def _index(start: dt.date, day: dt.date) -> int:
    return (day - start).days


def yearly_harmonics(n: int) -> int:
    """How many yearly harmonic pairs the ordinary model of ``n`` days gets."""
    return YEARLY_HARMONICS if n >= SHORT_SERIES_DAYS else SHORT_SERIES_HARMONICS


def _yearly(start: dt.date, n: int) -> tuple[FloatArray, list[str]]:
    phase = 2.0 * np.pi * _days(start, n) / YEAR_DAYS
    cols, names = [], []
    for k in range(1, yearly_harmonics(n) + 1):
        cols += [np.cos(k * phase), np.sin(k * phase)]
        names += [f"yearly_cos{k}", f"yearly_sin{k}"]
    return np.column_stack(cols), names


def _span(start: dt.date, n: int, first: dt.date, last: dt.date) -> FloatArray:
    col = np.zeros(n)
    a, b = max(_index(start, first), 0), min(_index(start, last) + 1, n)
    if a < b:
        col[a:b] = 1.0
    return col


def _spring_breaks(events: Sequence[Event]) -> list[tuple[dt.date, dt.date]]:
    """Each year's statutory break: the shortest of the overlapping Spring Festival events
    (the calendar gives both the break and a wider effect window)."""
    spans = sorted((e.start, e.end) for e in events if e.kind == "spring_festival")
    breaks: list[tuple[dt.date, dt.date]] = []
    group: list[tuple[dt.date, dt.date]] = []
    for span in [*spans, None]:
        if group and (span is None or span[0] > max(g[1] for g in group)):
            breaks.append(min(group, key=lambda g: ((g[1] - g[0]).days, g[0])))
            group = []
        if span is not None:
            group.append(span)
    return breaks


def _spring_bins(start: dt.date, n: int, first: dt.date, last: dt.date) -> list[FloatArray]:
    """One indicator per bin for one year's festival (same bin order every year)."""
    t = np.arange(n)
    a, b = _index(start, first), _index(start, last)
    spans = [(a + lo, a + hi) for lo, hi in SPRING_BEFORE]
    spans += [(a, a), (a + 1, a + 1), (a + 2, a + 2), (a + 3, b - 1), (b, b)]
    spans += [(b + lo, b + hi) for lo, hi in SPRING_AFTER]
    return [((t >= lo) & (t <= hi)).astype(np.float64) for lo, hi in spans]


def _spring(
    start: dt.date, n: int, events: Sequence[Event]
) -> tuple[list[FloatArray], list[str], list[NDArray[np.bool_]], NDArray[np.bool_]]:
    """Shared-shape bins over every festival, each festival's window (for its depth), and
    the days of every window from its break on."""
    breaks = _spring_breaks(events)
    per_year = [_spring_bins(start, n, first, last) for first, last in breaks]
    from_break = np.zeros(n, dtype=bool)
    if not per_year:
        return [], [], [], from_break
    cols, names = [], []
    for j in range(len(per_year[0])):
        col = np.minimum(sum(year[j] for year in per_year), 1.0)
        if col.any():
            cols.append(col)
            names.append(f"spring_bin{j}")
    windows = [np.sum(year, axis=0) > 0 for year in per_year]
    t = np.arange(n)
    for window, (first, _last) in zip(windows, breaks, strict=True):
        from_break |= window & (t >= _index(start, first))
    half = (SPRING_AFTER[-1][1] - SPRING_BEFORE[0][0]) // 2
    return cols, names, [w for w in windows if w.sum() > half], from_break


def _days_off_and_on(events: Sequence[Event]) -> list[Event]:
    """Statutory holidays and 调休 make-up workdays: the days the working week is moved."""
    return [e for e in events if e.kind in ("public_holiday", "makeup_workday")]


def _holidays(
    start: dt.date, n: int, events: Sequence[Event]
) -> tuple[list[FloatArray], list[str]]:
    by_name: dict[str, FloatArray] = {}
    for e in _days_off_and_on(events):
        key = "makeup_workday" if e.kind == "makeup_workday" else f"holiday_{e.name}"
        col = by_name.setdefault(key, np.zeros(n))
        col += _span(start, n, e.start, e.end)
    names = sorted(k for k, c in by_name.items() if c.any())
    return [np.minimum(by_name[k], 1.0) for k in names], names


def _heating(start: dt.date, n: int, events: Sequence[Event]) -> tuple[list[FloatArray], list[str]]:
    """Heating on, with a linear ramp across each edge's date uncertainty."""
    edges = sorted(
        (e.start, 1.0 if e.kind == "heating_season_start" else -1.0, e.uncertainty_days)
        for e in events
        if e.kind in ("heating_season_start", "heating_season_end")
    )
    if not edges:
        return [], []
    t = np.arange(n, dtype=np.float64)
    col = np.zeros(n)
    if edges[0][1] < 0:  # the series starts inside a heating season
        col += 1.0
    for day, sign, spread in edges:
        centre = float(_index(start, day))
        width = float(max(spread, 0)) + 0.5
        col += sign * np.clip((t - centre + width) / (2.0 * width), 0.0, 1.0)
    col = np.clip(col, 0.0, 1.0)
    return ([col], ["heating_season"]) if np.ptp(col) > 0 else ([], [])


def _artefacts(start: dt.date, n: int, events: Sequence[Event]) -> list[Artefact]:
    found: dict[int, str] = {}
    for e in sorted(events, key=lambda e: (e.start, e.id)):
        if e.kind == "data_artefact" and e.start == e.end:
            i = _index(start, e.start)
            if 0 < i < n:
                found.setdefault(i, e.id)
    return [Artefact(i, found[i]) for i in sorted(found)]


def _zone(n: int, start: dt.date, events: Sequence[Event], spring: list[NDArray[np.bool_]]) -> (
    NDArray[np.bool_]
):
    """Days where calendar effects vary from year to year more than the model can follow."""
    zone = np.zeros(n, dtype=bool)
    for window in spring:
        zone |= window
    for e in events:
        if e.kind in ("public_holiday", "makeup_workday"):
            margin = HOLIDAY_MARGIN_DAYS
        elif e.kind in ("heating_season_start", "heating_season_end"):
            margin = HEATING_MARGIN_DAYS + e.uncertainty_days
        else:
            continue
        pad = dt.timedelta(days=margin)
        zone |= _span(start, n, e.start - pad, e.end + pad) > 0
    return zone


def build_design(start: dt.date, n: int, events: Sequence[Event]) -> Design:
    """All ordinary columns that do not depend on detected nodes (shared by every series of
    the same days and calendar: treat the arrays as read-only)."""
    return _design(start, n, tuple(events))


@lru_cache(maxsize=64)
def _design(start: dt.date, n: int, events: tuple[Event, ...]) -> Design:
    t = np.arange(n, dtype=np.float64)
    cols: list[FloatArray] = [np.ones(n), (t - (n - 1) / 2.0) / YEAR_DAYS]
    names = ["level", "trend"]
    yearly, yearly_names = _yearly(start, n)
    cols += list(yearly.T)
    names += yearly_names
    spring_cols, spring_names, spring_windows, festival = _spring(start, n, events)
    first_spring = len(cols)
    cols += spring_cols
    names += spring_names
    for part in (_holidays(start, n, events), _heating(start, n, events)):
        cols += part[0]
        names += part[1]
    artefacts = _artefacts(start, n, events)
    weekly, weekly_names = weekly_columns(start, n, events)
    cols += list(weekly.T)
    names += weekly_names
    return Design(
        columns=np.column_stack(cols),
        names=tuple(names),
        artefacts=tuple(artefacts),
        zone=_zone(n, start, events, spring_windows),
        weekly_width=len(weekly_names),
        spring=slice(first_spring, first_spring + len(spring_cols)),
        spring_years=tuple(spring_windows),
        festival=festival,
    )


def weekly_columns(
    start: dt.date, n: int, events: Sequence[Event]
) -> tuple[FloatArray, list[str]]:
    """Sum-to-zero day-of-week dummies (Monday … Saturday against Sunday); a statutory
    holiday counts as a Sunday and a 调休 make-up workday as a Wednesday, as people live them
    (on the simulator's benchmark F1 0.660 → 0.674, and 0.691 → 0.713 on other seeds).

    One profile for the whole series: a change of the weekly cycle is a node of its own
    (``seasonal``), not something the ordinary model follows. Year-by-year amplitude knots
    were tried and absorbed most such changes (on the simulator's benchmark, seasonal changes
    found 35 of 128 with knots, 62 without, at the same false-alarm rate).
    """
    weekday = (_days(start, n) + 5) % 7  # 2000-01-01 was a Saturday; Monday = 0
    for e in _days_off_and_on(events):
        span = _span(start, n, e.start, e.end) > 0
        weekday[span] = 6 if e.kind == "public_holiday" else 2
    cols, names = [], []
    for d in range(6):
        cols.append((weekday == d).astype(np.float64) - (weekday == 6).astype(np.float64))
        names.append(f"weekday_{d}")
    return np.column_stack(cols), names
