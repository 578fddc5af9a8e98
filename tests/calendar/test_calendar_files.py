"""The data files themselves: a source on every row, coverage, and consistent tables."""

from __future__ import annotations

import csv
from importlib import resources
from typing import get_args

import pytest

from carbonnodes.calendar import kind_label
from carbonnodes.calendar._files import Row, read_rows
from carbonnodes.errors import InputError
from carbonnodes.model import EventKind
from carbonnodes.names import region, regions

DATA = resources.files("carbonnodes.calendar").joinpath("data")
FILES = sorted(p.name for p in DATA.iterdir() if p.name.endswith(".csv"))


def test_the_expected_files_exist() -> None:
    assert FILES == [
        "artefacts.csv", "covid.csv", "heating.csv", "heating_regions.csv", "holidays.csv",
        "kinds.csv", "spring_festival.csv",
    ]


@pytest.mark.parametrize("name", FILES)
def test_every_row_has_a_source(name: str) -> None:
    rows = list(csv.DictReader(DATA.joinpath(name).read_text("utf-8").splitlines()))
    assert rows
    assert all((row.get("source") or "").strip() for row in rows)
    assert all(None not in row for row in rows)  # no row longer than its header


def test_covid_and_heating_rows_cite_a_url_or_publication() -> None:
    for name in ("covid.csv", "heating.csv"):
        for row in read_rows(name):
            source = row.text("source")
            assert "http" in source or "《" in source or "〔" in source or "modelling" in source, (
                name, row.line)


def test_holidays_cover_2004_to_2030_with_their_source() -> None:
    rows = read_rows("holidays.csv")
    years = {int(row.text("start")[:4]) for row in rows}
    assert years == set(range(2004, 2031))
    for row in rows:
        year = int(row.text("start")[:4])
        assert row.text("source").startswith("chinesecalendar" if year <= 2026 else "holidays")
    late = [row for row in rows if int(row.text("start")[:4]) > 2026]
    assert late and all("make-up workdays unknown" in row.text("source") for row in late)
    assert not any(row.text("kind") == "makeup_workday" for row in late)


def test_every_province_has_a_heating_profile() -> None:
    """Every province has one; a city has one only where its own rule replaces its
    province's, in the north, and then it has edges of its own, or none where the city has
    no season (Lhasa's homes heat with their own stoves)."""
    profiles = {row.text("region"): row.text("profile") for row in read_rows("heating_regions.csv")}
    provinces = {r.key for r in regions() if r.kind == "province"}
    assert provinces <= set(profiles)
    cities = set(profiles) - provinces
    assert cities and all(region(c).kind == "city" for c in cities)
    assert all(profiles[region(c).parent] != "none" for c in cities)
    edges = {row.text("region") for row in read_rows("heating.csv")}
    named = {"tianjin", "beijing", "north_default"}
    heated = {c for c in cities if profiles[c] != "none"}
    assert cities - heated == {"lhasa"}
    assert set(profiles.values()) - {"none"} == edges == named | heated


def test_bad_values_name_file_line_and_field() -> None:
    row = Row("carbonnodes/calendar/data/x.csv", 7, {"date": "2020-02-30", "n": "-1", "source": ""})
    with pytest.raises(InputError, match=r"x\.csv, line 7, field 'date'"):
        row.date("date")
    with pytest.raises(InputError, match="negative"):
        row.integer("n")
    with pytest.raises(InputError, match="field 'source': empty"):
        row.text("source")


def test_every_event_kind_has_both_labels() -> None:
    for kind in get_args(EventKind):
        assert kind_label(kind, "zh") != kind and kind_label(kind, "en") != kind
    assert kind_label("heating_season_start") == "供暖季开始"
