"""Holidays, 调休 make-up workdays, Spring Festival and day types against known dates."""

from __future__ import annotations

import datetime as dt
from importlib import metadata
from pathlib import Path

import chinese_calendar
import numpy as np
import pytest

from carbonnodes.calendar import DayType, day_types, events, spring_festival
from carbonnodes.calendar._build import build
from carbonnodes.errors import InputError

D = dt.date

#: Lunar New Year's day and the statutory break, as research/data-findings.md §3.2 lists them.
SPRING_FESTIVALS = {
    2019: (D(2019, 2, 5), D(2019, 2, 4), D(2019, 2, 10)),
    2020: (D(2020, 1, 25), D(2020, 1, 24), D(2020, 2, 2)),
    2021: (D(2021, 2, 12), D(2021, 2, 11), D(2021, 2, 17)),
    2022: (D(2022, 2, 1), D(2022, 1, 31), D(2022, 2, 6)),
    2023: (D(2023, 1, 22), D(2023, 1, 21), D(2023, 1, 27)),
    2024: (D(2024, 2, 10), D(2024, 2, 10), D(2024, 2, 17)),
    2025: (D(2025, 1, 29), D(2025, 1, 28), D(2025, 2, 4)),
    2026: (D(2026, 2, 17), D(2026, 2, 15), D(2026, 2, 23)),
}


@pytest.mark.parametrize("year", sorted(SPRING_FESTIVALS))
def test_spring_festival_matches_research_table(year: int) -> None:
    day_one, first, last = SPRING_FESTIVALS[year]
    festival = spring_festival(year)
    assert (festival.new_year, festival.break_start, festival.break_end) == (day_one, first, last)
    assert festival.window_start == day_one - dt.timedelta(days=7)
    assert festival.window_end == day_one + dt.timedelta(days=15)


def test_spring_festival_2020_events_carry_the_extension() -> None:
    found = {e.id: e for e in events("天津", D(2020, 1, 1), D(2020, 2, 29))}
    brk = found["spring_festival:2020"]
    assert (brk.start, brk.end) == (D(2020, 1, 24), D(2020, 2, 2))
    assert "2020-01-25" in brk.name and "国办发明电〔2020〕1号" in brk.source
    window = found["spring_festival_window:2020"]
    assert window.kind == "spring_festival" and window.uncertainty_days > 0
    assert (window.start, window.end) == (D(2020, 1, 18), D(2020, 2, 9))
    # the break is listed once, as spring_festival, not again as a public holiday
    assert not any(e.kind == "public_holiday" and e.start == D(2020, 1, 24) for e in found.values())


def test_makeup_workdays_are_one_event_each() -> None:
    year = events("天津", D(2020, 1, 1), D(2020, 12, 31))
    found = [e for e in year if e.kind == "makeup_workday"]
    assert [e.start for e in found] == [
        D(2020, 1, 19), D(2020, 4, 26), D(2020, 5, 9), D(2020, 6, 28), D(2020, 9, 27),
        D(2020, 10, 10),
    ]
    assert all(e.start == e.end and e.scope == "national" for e in found)
    # 1 Feb 2020 was a make-up workday until the break was extended over it
    assert D(2020, 2, 1) not in [e.start for e in found]


def test_combined_break_is_one_holiday() -> None:
    autumn = events("北京", D(2023, 9, 1), D(2023, 10, 31))
    found = [e for e in autumn if e.kind == "public_holiday"]
    assert [(e.start, e.end) for e in found] == [(D(2023, 9, 29), D(2023, 10, 6))]
    assert found[0].name_zh == "中秋节、国庆节"


def test_day_types_around_spring_festival_2020() -> None:
    types = day_types(D(2020, 1, 17), D(2020, 2, 3))
    assert types.dtype == np.int8 and types.shape == (18,)
    assert types[0] == DayType.WORKDAY  # Friday 17 Jan
    assert types[1] == DayType.WEEKEND  # Saturday 18 Jan
    assert types[2] == DayType.MAKEUP_WORKDAY  # Sunday 19 Jan
    assert (types[7:17] == DayType.HOLIDAY).all()  # 24 Jan … 2 Feb
    assert types[17] == DayType.WORKDAY  # Monday 3 Feb


def test_day_types_counts_over_a_year() -> None:
    types = day_types(D(2021, 1, 1), D(2021, 12, 31))
    counts = np.bincount(types, minlength=4)
    # 2021: 31 days off in breaks, 7 make-up weekend days worked, 250 working days in all
    assert counts[DayType.HOLIDAY] == 31
    assert counts[DayType.MAKEUP_WORKDAY] == 7
    assert counts[DayType.WORKDAY] + counts[DayType.MAKEUP_WORKDAY] == 250


def test_day_types_agree_with_chinesecalendar_2004_2026() -> None:
    first, last = D(2004, 1, 1), D(2026, 12, 31)
    types = day_types(first, last)
    working = [
        chinese_calendar.is_workday(first + dt.timedelta(days=i)) for i in range(types.shape[0])
    ]
    ours = np.isin(types, [DayType.WORKDAY, DayType.MAKEUP_WORKDAY])
    assert ours.tolist() == working


def test_day_types_beyond_the_holiday_files() -> None:
    assert (day_types(D(2027, 2, 5), D(2027, 2, 10)) == DayType.HOLIDAY).all()
    old = day_types(D(1999, 12, 31), D(2000, 1, 3))  # Fri … Mon, no holiday data
    assert old.tolist() == [DayType.WORKDAY, DayType.WEEKEND, DayType.WEEKEND, DayType.WORKDAY]
    with pytest.raises(InputError):
        day_types(D(2020, 2, 1), D(2020, 1, 1))


def test_unknown_spring_festival_year() -> None:
    with pytest.raises(InputError, match="2031"):
        spring_festival(2031)


def test_generator_is_deterministic(tmp_path: Path) -> None:
    once = {p.name: p.read_bytes() for p in build(tmp_path / "a")}
    again = {p.name: p.read_bytes() for p in build(tmp_path / "b")}
    assert once == again and set(once) == {"holidays.csv", "spring_festival.csv"}


def test_committed_files_match_the_generator(tmp_path: Path) -> None:
    data = Path(__file__).resolve().parents[2] / "src" / "carbonnodes" / "calendar" / "data"
    committed = (data / "spring_festival.csv").read_text("utf-8")
    installed = [f"{name} {metadata.version(name)}" for name in ("chinesecalendar", "holidays")]
    if not all(version in committed for version in installed):
        pytest.skip(f"installed {', '.join(installed)} differ from the versions the files record;"
                    " regenerate with python -m carbonnodes.calendar._build")
    for written in build(tmp_path):
        assert written.read_bytes() == (data / written.name).read_bytes(), written.name
