"""events(): scope, sector and date filtering; heating seasons; COVID-19 events."""

from __future__ import annotations

import datetime as dt

import pytest

from carbonnodes.calendar import events
from carbonnodes.calendar._tables import covid_events
from carbonnodes.errors import InputError, UnknownNameError
from carbonnodes.names import resolve_region

D = dt.date


def _by_id(city: str, start: dt.date, end: dt.date, **kw: str) -> dict[str, object]:
    return {e.id: e for e in events(city, start, end, **kw)}


def test_any_spelling_gives_the_same_events() -> None:
    spans = (D(2019, 1, 1), D(2022, 12, 31))
    assert events("天津", *spans) == events("Tianjin", *spans) == events("天津市", *spans)


def test_tianjin_heating_edges() -> None:
    found = {e.id: e for e in events("天津", D(2018, 1, 1), D(2024, 12, 31))}
    start = found["heating_season_start:tianjin:2019-20"]
    assert start.start == D(2019, 11, 1) and start.uncertainty_days == 0
    assert start.scope == "tianjin" and set(start.sectors) == {"power", "residential"}
    assert found["heating_season_end:tianjin:2018-19"].start == D(2019, 3, 31)
    assert found["heating_season_end:tianjin:2023-24"].start == D(2024, 3, 20)
    unconfirmed = found["heating_season_end:tianjin:2020-21"]
    assert unconfirmed.start == D(2021, 3, 15) and unconfirmed.uncertainty_days == 14
    assert found["heating_season_start:tianjin:2020-21"].uncertainty_days == 14


def test_beijing_events_stay_in_beijing() -> None:
    span = (D(2021, 10, 1), D(2022, 4, 30))
    beijing = {e.id: e for e in events("北京", *span)}
    tianjin = {e.id: e for e in events("天津", *span)}
    assert beijing["heating_season_end:beijing:2021-22"].start == D(2022, 3, 22)
    assert not any(e.scope == "beijing" for e in tianjin.values())
    assert not any(e.scope == "tianjin" for e in beijing.values())
    assert "lockdown:tianjin_jinnan_omicron:2022-01-08" in tianjin
    assert "lockdown:tianjin_jinnan_omicron:2022-01-08" not in beijing


def test_northern_default_and_southern_provinces() -> None:
    span = (D(2020, 10, 1), D(2021, 4, 30))
    hebei_city = [e for e in events("沧州", *span) if e.kind == "heating_season_start"]
    assert [(e.scope, e.start, e.uncertainty_days) for e in hebei_city] == [
        ("hebei", D(2020, 11, 15), 14)
    ]
    for south in ("广州", "上海", "Zhejiang"):
        kinds = {e.kind for e in events(south, *span)}
        assert not kinds & {"heating_season_start", "heating_season_end"}, south


def test_national_scope_only_for_china() -> None:
    found = events("全国", D(2020, 1, 1), D(2022, 12, 31))
    assert found and {e.scope for e in found} == {"national"}
    ids = {e.id for e in found}
    assert {"lockdown:wuhan:2020-01-23", "lockdown:shanghai:2022-03-28",
            "covid:twenty_measures:2022-11-11", "covid:new_ten_measures:2022-12-07"} <= ids


def test_city_inherits_its_province() -> None:
    hubei = _by_id("Wuhan", D(2020, 1, 1), D(2020, 3, 1))
    assert "covid:hubei_extension:2020-02-03" in hubei
    assert "covid:hubei_extension:2020-02-03" not in _by_id("天津", D(2020, 1, 1), D(2020, 3, 1))


def test_sector_filter() -> None:
    span = (D(2020, 1, 1), D(2020, 12, 31))
    transport = events("天津", *span, sector="地面交通")
    assert transport and not any(e.kind.startswith("heating") for e in transport)
    assert any(e.kind == "covid" for e in transport)
    residential = events("天津", *span, sector="Residential")
    assert any(e.kind == "heating_season_start" for e in residential)
    assert len(events("天津", *span, sector="total")) == len(events("天津", *span))
    with pytest.raises(UnknownNameError):
        events("天津", *span, sector="机构")


def test_overlap_order_and_ids() -> None:
    found = events("天津", D(2020, 2, 1), D(2020, 2, 1))
    # the break, the effect window, the extension and long COVID events all cover 1 Feb 2020
    assert {"spring_festival:2020", "spring_festival_window:2020",
            "covid:spring_festival_extension:2020-01-31", "lockdown:wuhan:2020-01-23"} <= {
        e.id for e in found}
    assert all(e.start <= D(2020, 2, 1) <= e.end for e in found)
    full = events("天津", D(2016, 1, 1), D(2030, 12, 31), dataset="carbon_monitor")
    assert full == sorted(full, key=lambda e: (e.start, e.kind, e.id))
    assert len({e.id for e in full}) == len(full)
    assert all(e.name and e.name_zh and e.source for e in full)


def test_bad_arguments() -> None:
    with pytest.raises(InputError):
        events("天津", D(2020, 2, 1), D(2020, 1, 1))
    with pytest.raises(UnknownNameError, match="tianjin"):
        events("Tianjn", D(2020, 1, 1), D(2020, 2, 1))


def test_a_prefecture_city_takes_its_province_s_calendar() -> None:
    """鸡西 is in no table of the calendar: its province's heating season is its own, and a
    city of the Jiangsu plain (苏州) gets no heating season, only the national calendar."""
    spans = (D(2020, 1, 1), D(2021, 12, 31))
    jixi = _by_id("鸡西", *spans)
    assert jixi == _by_id("Heilongjiang", *spans)
    assert any(i.startswith("heating_season_start:heilongjiang:") for i in jixi)
    suzhou = _by_id("苏州", *spans)
    assert suzhou and not any(i.startswith("heating_season") for i in suzhou)
    assert "lockdown:wuhan:2020-01-23" in suzhou
    assert suzhou == _by_id("Suzhou, Jiangsu", *spans)


def test_a_city_s_own_heating_season_replaces_its_province_s() -> None:
    """Harbin heats from 20 October by its own rule; Heilongjiang's default starts on
    15 November, and Harbin's calendar must not hold both."""
    span = (D(2020, 10, 1), D(2021, 4, 30))
    harbin = [e for e in events("哈尔滨", *span) if e.kind.startswith("heating_season")]
    assert [(e.scope, e.start) for e in harbin] == [
        ("harbin", D(2020, 10, 20)), ("harbin", D(2021, 4, 20))]
    province = [e for e in events("黑龙江", *span) if e.kind == "heating_season_start"]
    assert [e.start for e in province] == [D(2020, 11, 15)]

def test_every_covid_event_is_scoped_to_the_nation_or_a_known_region() -> None:
    """A misspelt scope would silently reach no series: each must name a region key."""
    for event in covid_events():
        assert event.scope == "national" or resolve_region(event.scope) == event.scope, event.id
        assert event.start <= event.end, event.id


def test_a_city_s_lockdown_is_in_its_calendar_and_not_in_its_province_s() -> None:
    """Sanya's static management and Jilin City's lockdown belong to those cities; Hainan and
    Jilin province (whose data may not show them) do not get them."""
    span = (D(2022, 1, 1), D(2022, 12, 31))
    assert "lockdown:sanya:2022-08-06" in _by_id("三亚", *span)
    assert "lockdown:sanya:2022-08-06" not in _by_id("海南", *span)
    assert "lockdown:jilin_jilin:2022-03-07" in _by_id("吉林市", *span)
    assert "lockdown:jilin_jilin:2022-03-07" not in _by_id("吉林", *span)
    guangzhou = {e.id: e for e in events("广州", *span)}
    assert guangzhou["covid:guangzhou_haizhu:2022-11-05"].kind == "covid"  # a district only


def test_a_county_level_city_heats_with_the_nearest_place_above_it_that_has_a_season() -> None:
    """胶州 is under 青岛, whose regulation runs 16 Nov – 5 Apr, not Shandong's default; 拉萨's
    homes heat with their own stoves, so it has no heating edge at all."""
    span = (D(2020, 10, 1), D(2021, 4, 30))
    jiaozhou = [(e.scope, e.start) for e in events("胶州", *span) if e.kind.startswith("heating")]
    assert jiaozhou == [("qingdao", D(2020, 11, 16)), ("qingdao", D(2021, 4, 5))]
    assert not any(e.kind.startswith("heating") for e in events("拉萨", *span))
