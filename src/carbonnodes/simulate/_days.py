"""The Chinese working calendar the simulator draws its holiday effects from.

Read straight from the ``chinese_calendar`` package (2004–2026, with 调休 make-up workdays)
and ``holidays`` (rule-based, any year) — deliberately not from ``carbonnodes.calendar``, so
the truth generator shares no code path with what the detector is told.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

import chinese_calendar
import holidays
import numpy as np
from numpy.typing import NDArray

_CC_FIRST_YEAR = 2004
_CC_LAST_YEAR = 2026
_LUNAR_NEW_YEAR = "Chinese New Year (Spring Festival)"


@dataclass(frozen=True)
class DayTable:
    """Per-day flags over a date range, plus the Spring Festival breaks it covers."""

    start: dt.date
    n_days: int
    makeup_workday: NDArray[np.bool_]  # a weekend day worked to pay for a long break
    holiday: NDArray[np.bool_]  # a statutory holiday other than the Spring Festival break
    golden_week: NDArray[np.bool_]  # National Day and Labour Day breaks
    spring_festivals: tuple[tuple[dt.date, dt.date, dt.date], ...]  # (new year, break start, end)


def lunar_new_year(year: int) -> dt.date:
    """The first day of the lunar year (春节 day 1), e.g. 2020-01-25, 2021-02-12."""
    for day, name in sorted(holidays.country_holidays("CN", years=year).items()):
        if _LUNAR_NEW_YEAR in name:
            return dt.date(day.year, day.month, day.day)
    raise ValueError(f"no lunar new year known for {year}")


def _break_around(new_year: dt.date) -> tuple[dt.date, dt.date]:
    """The statutory Spring Festival break that contains ``new_year`` (weekends included)."""
    if not _CC_FIRST_YEAR <= new_year.year <= _CC_LAST_YEAR:
        return new_year - dt.timedelta(days=1), new_year + dt.timedelta(days=5)
    first = last = new_year
    while chinese_calendar.is_holiday(first - dt.timedelta(days=1)):
        first -= dt.timedelta(days=1)
    while chinese_calendar.is_holiday(last + dt.timedelta(days=1)):
        last += dt.timedelta(days=1)
    return first, last


def _classify(day: dt.date, named: holidays.HolidayBase) -> tuple[bool, bool, str]:
    """(rest day, make-up workday, name of the holiday it is rest for, or '') for one day."""
    weekend = day.weekday() >= 5
    if _CC_FIRST_YEAR <= day.year <= _CC_LAST_YEAR:
        on_holiday, name = chinese_calendar.get_holiday_detail(day)
        rest = bool(on_holiday)
        return rest, weekend and not rest, str(name or "") if rest else ""
    name = str(named.get(day) or "")
    return weekend or bool(name), False, name


@lru_cache(maxsize=16)
def day_table(start: dt.date, n_days: int) -> DayTable:
    """Flags for ``n_days`` days from ``start``; the Spring Festivals reach one year beyond."""
    years = list(range(start.year - 1, (start + dt.timedelta(days=n_days)).year + 2))
    named = holidays.country_holidays("CN", years=years)
    makeup = np.zeros(n_days, dtype=bool)
    holiday = np.zeros(n_days, dtype=bool)
    golden = np.zeros(n_days, dtype=bool)
    for i in range(n_days):
        day = start + dt.timedelta(days=i)
        rest, makeup[i], name = _classify(day, named)
        spring = "Spring Festival" in name or "Chinese New Year" in name
        holiday[i] = bool(name) and not spring and rest
        golden[i] = holiday[i] and any(k in name for k in ("National Day", "Labour", "Labor"))
    festivals = tuple((ny, *_break_around(ny)) for ny in (lunar_new_year(y) for y in years))
    return DayTable(start, n_days, makeup, holiday, golden, festivals)
