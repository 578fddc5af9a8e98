"""The calendar's data files as typed, cached rows: parsed once per process."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache

from carbonnodes.calendar._files import read_rows
from carbonnodes.model import Event


@dataclass(frozen=True)
class HolidayRow:
    """A statutory break (``public_holiday``) or one 调休 make-up workday (``makeup_workday``)."""

    kind: str
    start: dt.date
    end: dt.date
    holidays: tuple[str, ...]
    name: str
    name_zh: str
    uncertainty_days: int
    source: str


@dataclass(frozen=True)
class SpringFestival:
    """One year's Spring Festival: Lunar New Year's day, the statutory break, the effect window.

    The effect window is a modelling choice (a week before to day 15): traffic and industry
    move well beyond the statutory break.
    """

    year: int
    new_year: dt.date
    break_start: dt.date
    break_end: dt.date
    window_start: dt.date
    window_end: dt.date
    uncertainty_days: int
    source: str


@dataclass(frozen=True)
class HeatingEdge:
    """The start or end of one heating season in one profile (tianjin, beijing, north_default)."""

    profile: str
    season: str
    edge: str
    date: dt.date
    statutory_date: dt.date
    confidence: str
    uncertainty_days: int
    source: str


@dataclass(frozen=True)
class ArtefactRule:
    """A data-construction artefact of one dataset, expanded into dated events by pattern."""

    rule: str
    dataset: str
    pattern: str
    sectors: tuple[str, ...]
    regions: tuple[str, ...]
    first_year: int
    last_year: int
    name: str
    name_zh: str
    uncertainty_days: int
    source: str


EDGES = ("start", "end")
PATTERNS = ("month_start", "year_start", "jan_feb", "summer_edges", "year_span")
HOLIDAY_KINDS = ("public_holiday", "makeup_workday")


@cache
def holiday_rows() -> tuple[HolidayRow, ...]:
    rows = []
    for row in read_rows("holidays.csv"):
        kind = row.text("kind")
        if kind not in HOLIDAY_KINDS:
            raise row.error("kind", f"expected one of {', '.join(HOLIDAY_KINDS)}")
        start, end = row.date("start"), row.date("end")
        if end < start:
            raise row.error("end", "before start")
        rows.append(HolidayRow(
            kind, start, end, row.keys("holiday"), row.text("name"), row.text("name_zh"),
            row.integer("uncertainty_days"), row.text("source"),
        ))
    return tuple(rows)


@cache
def spring_festivals() -> dict[int, SpringFestival]:
    table = {}
    for row in read_rows("spring_festival.csv"):
        festival = SpringFestival(
            row.integer("year"), row.date("new_year"), row.date("break_start"),
            row.date("break_end"), row.date("window_start"), row.date("window_end"),
            row.integer("uncertainty_days"), row.text("source"),
        )
        if not festival.window_start <= festival.break_start <= festival.new_year:
            raise row.error("break_start", "must lie between window_start and new_year")
        if not festival.new_year <= festival.break_end <= festival.window_end:
            raise row.error("break_end", "must lie between new_year and window_end")
        table[festival.year] = festival
    return table


@cache
def heating_edges() -> tuple[HeatingEdge, ...]:
    edges = []
    for row in read_rows("heating.csv"):
        edge = row.text("edge")
        if edge not in EDGES:
            raise row.error("edge", "expected start or end")
        edges.append(HeatingEdge(
            row.text("region"), row.text("season"), edge, row.date("date"),
            row.date("statutory_date"), row.text("confidence"), row.integer("uncertainty_days"),
            row.text("source"),
        ))
    return tuple(edges)


@cache
def heating_profiles() -> dict[str, str]:
    """Province key → heating profile (``none`` where there is no city-wide heating season)."""
    return {row.text("region"): row.text("profile") for row in read_rows("heating_regions.csv")}


@cache
def covid_events() -> tuple[Event, ...]:
    events = []
    for row in read_rows("covid.csv"):
        kind = row.text("kind")
        if kind not in ("covid", "lockdown"):
            raise row.error("kind", "expected covid or lockdown")
        start, end = row.date("start"), row.date("end")
        if end < start:
            raise row.error("end", "before start")
        events.append(Event(
            id=row.text("id"), kind="lockdown" if kind == "lockdown" else "covid",
            name=row.text("name"), start=start, end=end, scope=row.text("scope"),
            source=row.text("source"), sectors=row.keys("sectors"),
            uncertainty_days=row.integer("uncertainty_days"), name_zh=row.text("name_zh"),
        ))
    return tuple(events)


@cache
def artefact_rules() -> tuple[ArtefactRule, ...]:
    rules = []
    for row in read_rows("artefacts.csv"):
        pattern = row.text("pattern")
        if pattern not in PATTERNS:
            raise row.error("pattern", f"expected one of {', '.join(PATTERNS)}")
        rules.append(ArtefactRule(
            row.text("rule"), row.text("dataset"), pattern, row.keys("sectors"),
            row.keys("regions"), row.integer("first_year"), row.integer("last_year"),
            row.text("name"), row.text("name_zh"), row.integer("uncertainty_days"),
            row.text("source"),
        ))
    return tuple(rules)


@cache
def kind_labels() -> dict[str, tuple[str, str]]:
    """Event kind → (English, Chinese) label."""
    return {row.text("kind"): (row.text("en"), row.text("zh")) for row in read_rows("kinds.csv")}
