"""Every prefecture-level city resolves both ways; names two cities share are asked about."""

from __future__ import annotations

from collections import defaultdict

import pytest

from carbonnodes.errors import AmbiguousNameError, UnknownNameError
from carbonnodes.names import cities, region, region_label, regions, resolve_region


def test_every_city_resolves_from_each_of_its_spellings() -> None:
    """Each spelling gives the city, or a province of that name (吉林), or asks which city."""
    for city in cities():
        for spelling in (city.zh, *city.aliases):
            try:
                key = resolve_region(spelling)
            except AmbiguousNameError as exc:
                assert city.zh in str(exc), spelling
                continue
            assert key == city.key or region(key).kind == "province", spelling
        for spelling in (city.key, city.en, city.zh_full, city.code):
            assert resolve_region(spelling) == city.key, spelling
        assert region_label(city.key) == city.zh_full
        assert region_label(city.key, "en") == city.en


def test_the_tables_hold_the_333_prefecture_level_divisions_once() -> None:
    listed = [r for r in regions() if r.kind == "city"]
    assert len(cities()) + len(listed) == 333
    keys = [r.key for r in (*regions(), *cities())]
    assert len(set(keys)) == len(keys)
    zh_full = [r.zh_full for r in (*regions(), *cities())]
    assert len(set(zh_full)) == len(zh_full)


def test_a_province_s_cities_share_its_two_adcode_digits() -> None:
    """The adcode's first two digits are the province's: a wrong parent shows here."""
    digits: dict[str, set[str]] = defaultdict(set)
    for city in cities():
        assert region(city.parent).kind == "province", city.key
        digits[city.parent].add(city.code[:2])
    assert all(len(d) == 1 for d in digits.values()), digits
    assert len({next(iter(d)) for d in digits.values()}) == len(digits)


@pytest.mark.parametrize(
    ("spelling", "key"),
    [("苏州", "suzhou_jiangsu"), ("苏州市", "suzhou_jiangsu"),
     ("Suzhou, Jiangsu", "suzhou_jiangsu"),
     ("Suzhou (Anhui)", "suzhou_anhui"), ("宿州", "suzhou_anhui"), ("江苏苏州", "suzhou_jiangsu"),
     ("江苏省苏州市", "suzhou_jiangsu"), ("320500", "suzhou_jiangsu"), ("台州", "taizhou_zhejiang"),
     ("吉林市", "jilin_jilin"), ("Jilin City", "jilin_jilin"), ("海南州", "hainan_qinghai"),
     ("Harbin", "harbin"), ("哈尔滨", "harbin"), ("Ha'erbin", "harbin"), ("Urumqi", "urumqi"),
     ("Hohhot", "hohhot"), ("Kashgar", "kashgar"), ("延边州", "yanbian"), ("Lüliang", "lvliang"),
     ("Lvliang", "lvliang"), ("长治", "changzhi"), ("朝阳", "chaoyang"), ("漯河", "luohe"),
     ("莱芜", "jinan"), ("广东广州", "guangzhou")],
)
def test_city_spellings(spelling: str, key: str) -> None:
    assert resolve_region(spelling) == key


def test_province_names_stay_provinces() -> None:
    """吉林 and Hainan are provinces first; their cities of the same name need 市 or 州."""
    assert resolve_region("吉林") == resolve_region("Jilin") == "jilin"
    assert resolve_region("Hainan") == resolve_region("海南") == "hainan"


@pytest.mark.parametrize(
    ("name", "cities_named"),
    [("Suzhou", ("苏州", "宿州")), ("Taizhou", ("泰州", "台州")), ("Fuzhou", ("福州", "抚州")),
     ("Yichun", ("伊春", "宜春")), ("Yulin", ("玉林", "榆林"))],
)
def test_a_name_two_cities_share_is_asked_about(name: str, cities_named: tuple[str, str]) -> None:
    with pytest.raises(AmbiguousNameError) as caught:
        resolve_region(name)
    message = str(caught.value)
    assert all(zh in message for zh in cities_named), message
    assert isinstance(caught.value, UnknownNameError)  # every handler of unknown names takes it


def test_a_province_beside_the_name_tells_the_cities_apart() -> None:
    assert resolve_region("Suzhou", within="Anhui") == "suzhou_anhui"
    assert resolve_region("Suzhou", within="江苏省") == "suzhou_jiangsu"
    with pytest.raises(AmbiguousNameError):
        resolve_region("Suzhou", within="Zhejiang")


@pytest.mark.parametrize(
    ("spelling", "key"),
    [("Jiangsu Province", "jiangsu"), ("Tianjin Municipality", "tianjin"),
     ("Harbin City", "harbin"), ("Yanbian Prefecture", "yanbian"), ("Jilin Province", "jilin"),
     ("Jilin City", "jilin_jilin")],
)
def test_the_level_a_file_writes_after_a_name_is_read_past(spelling: str, key: str) -> None:
    """Only where the whole name is unknown: "Jilin City" is itself a spelling, of 吉林市."""
    assert resolve_region(spelling) == key


def test_a_province_written_with_its_level_still_tells_two_cities_apart() -> None:
    assert resolve_region("Suzhou", within="Anhui Province") == "suzhou_anhui"
    with pytest.raises(AmbiguousNameError):
        resolve_region("Suzhou City")
