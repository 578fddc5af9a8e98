"""Regenerate ``data/holidays.csv`` and ``data/spring_festival.csv`` from the holiday packages.

Maintenance only: the generated files are committed as package data, so running the tool never
imports these packages. ``chinesecalendar`` holds the State Council's decreed breaks and 调休
make-up workdays for 2004–2026; beyond that ``holidays`` gives a rule-based projection without
make-up workdays. Run ``python -m carbonnodes.calendar._build [OUT_DIR]``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import chinese_calendar
import holidays

DECREED_YEARS = range(2004, 2027)
PROJECTED_YEARS = range(2027, 2031)
PROJECTED_UNCERTAINTY_DAYS = 2

#: Modelling choice: the Spring Festival moves traffic and industry well beyond the statutory
#: break (travel rush before, slow restart after), so the effect window runs from a week
#: before New Year's day to the Lantern Festival (day 15).
WINDOW_BEFORE_DAYS = 7
WINDOW_AFTER_DAYS = 15
WINDOW_UNCERTAINTY_DAYS = 7

#: 2020: the State Council extended the break to 2 February because of COVID-19.
EXTENSION_2020_SOURCE = (
    "国办发明电〔2020〕1号 (2020-01-26), Xinhua via https://www.farmer.com.cn/2020/01/27/99847578.html"
)

HOLIDAY_NAMES: dict[str, tuple[str, str]] = {
    "new_years_day": ("New Year's Day", "元旦"),
    "spring_festival": ("Spring Festival", "春节"),
    "tomb_sweeping_day": ("Qingming Festival", "清明节"),
    "labour_day": ("Labour Day", "劳动节"),
    "dragon_boat_festival": ("Dragon Boat Festival", "端午节"),
    "mid_autumn_festival": ("Mid-Autumn Festival", "中秋节"),
    "national_day": ("National Day", "国庆节"),
    "anti_fascist_70th_day": ("Victory Day (70th anniversary)", "抗战胜利70周年纪念日"),
}

#: Substrings of ``holidays.China`` names → our keys; checked in order ("Day off" is a
#: substituted day and takes the name of the break it falls in).
PROJECTED_NAME_KEYS: tuple[tuple[str, str], ...] = (
    ("Chinese New Year", "spring_festival"),
    ("New Year's Day", "new_years_day"),
    ("Tomb-Sweeping", "tomb_sweeping_day"),
    ("Labor Day", "labour_day"),
    ("Dragon Boat", "dragon_boat_festival"),
    ("Mid-Autumn", "mid_autumn_festival"),
    ("National Day", "national_day"),
)

HOLIDAY_COLUMNS = (
    "kind", "start", "end", "holiday", "name", "name_zh", "uncertainty_days", "source",
)
SPRING_COLUMNS = (
    "year", "new_year", "break_start", "break_end", "window_start", "window_end",
    "uncertainty_days", "source",
)


@dataclass(frozen=True)
class Break:
    """A run of consecutive days off, with the holidays named inside it."""

    start: dt.date
    end: dt.date
    keys: tuple[str, ...]


def _package(name: str) -> str:
    return f"{name} {metadata.version(name)}"


def _runs(days: Mapping[dt.date, str | None], *, join_weekends: bool) -> list[Break]:
    """Group holiday days into breaks; optionally bridge and extend over plain weekends."""
    ordered = sorted(days)
    covered = set(ordered)
    if join_weekends:
        for day in ordered:
            for step in (-1, 1):
                nxt = day + dt.timedelta(days=step)
                while nxt.weekday() >= 5 and nxt not in covered:
                    covered.add(nxt)
                    nxt += dt.timedelta(days=step)
        for day, nxt in zip(ordered, ordered[1:], strict=False):
            gap = [day + dt.timedelta(days=i) for i in range(1, (nxt - day).days)]
            if gap and all(g.weekday() >= 5 for g in gap):
                covered.update(gap)
    breaks: list[Break] = []
    run: list[dt.date] = []
    for day in sorted(covered):
        if run and (day - run[-1]).days != 1:
            breaks.append(_break(run, days))
            run = []
        run.append(day)
    if run:
        breaks.append(_break(run, days))
    return breaks


def _break(run: Sequence[dt.date], days: Mapping[dt.date, str | None]) -> Break:
    keys = dict.fromkeys(k for d in run if (k := days.get(d)) is not None)
    return Break(run[0], run[-1], tuple(keys))


def _decreed() -> tuple[list[Break], dict[dt.date, str]]:
    constants = chinese_calendar.constants
    names = {h.value: h.name for h in constants.Holiday}
    off = {d: names[n] for d, n in constants.holidays.items() if d.year in DECREED_YEARS}
    work = {d: names[n] for d, n in constants.workdays.items() if d.year in DECREED_YEARS}
    return _runs(off, join_weekends=False), work


def _projected_key(name: str) -> str | None:
    for part in name.split("; "):
        for fragment, key in PROJECTED_NAME_KEYS:
            if fragment in part:
                return key
    return None


def _projected() -> list[Break]:
    table = holidays.country_holidays("CN", years=list(PROJECTED_YEARS))
    days = {d: _projected_key(n) for d, n in table.items()}
    return _runs(days, join_weekends=True)


def _lunar_new_year(year: int) -> dt.date:
    table = holidays.country_holidays("CN", years=year)
    days: list[dt.date] = [d for d, n in table.items() if "Chinese New Year (Spring Festival)" in n]
    return min(days)


def _label(keys: Iterable[str]) -> tuple[str, str]:
    keys = tuple(keys)
    return (
        " & ".join(HOLIDAY_NAMES[k][0] for k in keys),
        "、".join(HOLIDAY_NAMES[k][1] for k in keys),
    )


def holiday_rows() -> list[dict[str, str]]:
    """One row per break and one per make-up workday, 2004–2030, in date order."""
    decreed_source = f"{_package('chinesecalendar')} (State Council holiday notices)"
    projected_source = (
        f"{_package('holidays')} rule-based projection: not yet decreed; 调休 make-up workdays "
        "unknown beyond 2026 (weekend_workdays empty); adjacent weekends joined"
    )
    breaks, work = _decreed()
    rows: list[dict[str, str]] = []
    for b, source, uncertainty in [
        *((b, decreed_source, 0) for b in breaks),
        *((b, projected_source, PROJECTED_UNCERTAINTY_DAYS) for b in _projected()),
    ]:
        en, zh = _label(b.keys)
        if b.start == dt.date(2020, 1, 24):
            source = f"{source}; extended to 2020-02-02 by {EXTENSION_2020_SOURCE}"
        rows.append(_holiday_row("public_holiday", b.start, b.end, b.keys, en, zh, uncertainty,
                                 source))
    for day, key in sorted(work.items()):
        en, zh = _label((key,))
        rows.append(_holiday_row("makeup_workday", day, day, (key,), f"Make-up workday ({en})",
                                 f"{zh}调休上班", 0, decreed_source))
    return sorted(rows, key=lambda r: (r["start"], r["kind"]))


def _holiday_row(
    kind: str, start: dt.date, end: dt.date, keys: tuple[str, ...], en: str, zh: str,
    uncertainty: int, source: str,
) -> dict[str, str]:
    return {
        "kind": kind, "start": start.isoformat(), "end": end.isoformat(),
        "holiday": ";".join(keys), "name": en, "name_zh": zh,
        "uncertainty_days": str(uncertainty), "source": source,
    }


def spring_festival_rows() -> list[dict[str, str]]:
    """One row per year: Lunar New Year's day, the statutory break and the effect window."""
    breaks = [*_decreed()[0], *_projected()]
    rows = []
    for year in [*DECREED_YEARS, *PROJECTED_YEARS]:
        day_one = _lunar_new_year(year)
        around = [b for b in breaks if "spring_festival" in b.keys and b.start <= day_one <= b.end]
        if len(around) != 1:
            raise RuntimeError(f"no single Spring Festival break holds {day_one}")
        brk = around[0]
        break_source = (
            _package("chinesecalendar") if year in DECREED_YEARS
            else f"{_package('holidays')} projection"
        )
        if year == 2020:
            break_source += f", extension {EXTENSION_2020_SOURCE}"
        rows.append({
            "year": str(year),
            "new_year": day_one.isoformat(),
            "break_start": brk.start.isoformat(),
            "break_end": brk.end.isoformat(),
            "window_start": (day_one - dt.timedelta(days=WINDOW_BEFORE_DAYS)).isoformat(),
            "window_end": (day_one + dt.timedelta(days=WINDOW_AFTER_DAYS)).isoformat(),
            "uncertainty_days": str(WINDOW_UNCERTAINTY_DAYS),
            "source": (
                f"day one: {_package('holidays')} lunar calendar; break: {break_source}; "
                f"effect window: modelling choice, {WINDOW_BEFORE_DAYS} days before to "
                f"{WINDOW_AFTER_DAYS} days after day one"
            ),
        })
    return rows


def render(rows: list[dict[str, str]], columns: Sequence[str]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def build(out_dir: Path) -> list[Path]:
    """Write both generated files into ``out_dir``; returns their paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in (
        ("holidays.csv", render(holiday_rows(), HOLIDAY_COLUMNS)),
        ("spring_festival.csv", render(spring_festival_rows(), SPRING_COLUMNS)),
    ):
        path = out_dir / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent / "data"
    for written_path in build(target):
        print(written_path)
