"""Statutory holidays, 调休 make-up workdays and Spring Festival: as events and as day types."""

from __future__ import annotations

import datetime as dt
from enum import IntEnum
from functools import cache

import numpy as np
from numpy.typing import NDArray

from carbonnodes.calendar._tables import SpringFestival, holiday_rows, spring_festivals
from carbonnodes.errors import InputError
from carbonnodes.model import Event


class DayType(IntEnum):
    """What kind of day a date is for work and traffic; the codes of :func:`day_types`."""

    WORKDAY = 0
    WEEKEND = 1
    HOLIDAY = 2
    MAKEUP_WORKDAY = 3


def spring_festival(year: int) -> SpringFestival:
    """The Spring Festival of ``year`` (2004–2030)."""
    table = spring_festivals()
    if year not in table:
        raise InputError(f"no Spring Festival data for {year} (covered: {min(table)}–{max(table)})")
    return table[year]


@cache
def _coverage() -> tuple[int, NDArray[np.int8]]:
    """First ordinal and day-type codes over every day the holiday file covers."""
    rows = holiday_rows()
    first = dt.date(min(r.start for r in rows).year, 1, 1).toordinal()
    last = dt.date(max(r.end for r in rows).year, 12, 31).toordinal()
    codes = _weekdays(np.arange(first, last + 1))
    for row in rows:
        lo, hi = row.start.toordinal() - first, row.end.toordinal() - first + 1
        codes[lo:hi] = DayType.HOLIDAY if row.kind == "public_holiday" else DayType.MAKEUP_WORKDAY
    codes.setflags(write=False)
    return first, codes


def _weekdays(ordinals: NDArray[np.int64]) -> NDArray[np.int8]:
    # Ordinal 1 (0001-01-01) is a Monday, so (ordinal - 1) % 7 is 0 on Mondays.
    weekend = (ordinals - 1) % 7 >= 5
    return np.where(weekend, DayType.WEEKEND, DayType.WORKDAY).astype(np.int8)


def day_types(start: dt.date, end: dt.date) -> NDArray[np.int8]:
    """One :class:`DayType` code per day of [start, end], for regressors.

    Holidays and make-up workdays are known for 2004–2030 (make-up workdays only up to 2026:
    beyond, they are not yet decreed); outside that range days are only workday or weekend.
    """
    if end < start:
        raise InputError(f"end {end} is before start {start}")
    first, codes = _coverage()
    ordinals = np.arange(start.toordinal(), end.toordinal() + 1)
    types = _weekdays(ordinals)
    index = ordinals - first
    inside = (index >= 0) & (index < codes.shape[0])
    types[inside] = codes[index[inside]]
    return types


@cache
def holiday_events() -> tuple[Event, ...]:
    """National events: breaks other than Spring Festival, make-up workdays, Spring Festival."""
    events = [
        Event(
            id=f"{row.kind}:{row.start.isoformat()}",
            kind="public_holiday" if row.kind == "public_holiday" else "makeup_workday",
            name=row.name, name_zh=row.name_zh, start=row.start, end=row.end,
            scope="national", source=row.source, uncertainty_days=row.uncertainty_days,
        )
        for row in holiday_rows()
        if not (row.kind == "public_holiday" and "spring_festival" in row.holidays)
    ]
    for festival in spring_festivals().values():
        day_one = festival.new_year.isoformat()
        events.append(Event(
            id=f"spring_festival:{festival.year}", kind="spring_festival",
            name=f"Spring Festival break (Lunar New Year {day_one})",
            name_zh=f"春节假期（正月初一 {day_one}）",
            start=festival.break_start, end=festival.break_end, scope="national",
            source=festival.source,
        ))
        events.append(Event(
            id=f"spring_festival_window:{festival.year}", kind="spring_festival",
            name="Spring Festival effect window (modelling choice)",
            name_zh="春节影响窗口（建模假设）",
            start=festival.window_start, end=festival.window_end, scope="national",
            source=festival.source, uncertainty_days=festival.uncertainty_days,
        ))
    return tuple(events)
