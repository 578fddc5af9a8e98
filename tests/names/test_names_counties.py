"""County-level cities (县级市) resolve, sit under their prefecture, and give way to it."""

from __future__ import annotations

import pytest

from carbonnodes.errors import AmbiguousNameError
from carbonnodes.names import ancestors, counties, region, region_label, resolve_region


def test_every_county_level_city_resolves_by_its_key_full_name_and_code() -> None:
    for county in counties():
        for spelling in (county.key, county.zh_full, county.code):
            assert resolve_region(spelling) == county.key, spelling
        assert region_label(county.key) == county.zh_full


def test_the_table_holds_each_county_level_city_once_under_a_place_of_its_province() -> None:
    """Its adcode's first four digits are its prefecture's, or its first two its province's
    where the province governs it directly: a wrong parent shows here."""
    assert len(counties()) == 397
    assert len({c.key for c in counties()}) == len(counties())
    for county in counties():
        parent = region(county.parent)
        assert parent.kind in ("city", "province"), county.key
        chain = ancestors(county.key)
        province = region(chain[-1])
        assert province.kind == "province" and province.parent == "china", county.key
        if parent.kind == "city" and parent.code:
            assert parent.code[:4] == county.code[:4], county.key


@pytest.mark.parametrize(
    ("spelling", "key"),
    [("昆山", "kunshan"), ("昆山市", "kunshan"), ("Kunshan", "kunshan"),
     ("江苏昆山", "kunshan"), ("苏州昆山", "kunshan"), ("江苏省昆山市", "kunshan"),
     ("Kunshan, Jiangsu", "kunshan"), ("320583", "kunshan"), ("义乌", "yiwu"),
     ("Kaiyuan, Yunnan", "kaiyuan_honghe"), ("开原", "kaiyuan_tieling"),
     ("石河子", "shihezi"),
     # a prefecture keeps its name: 大理 is the prefecture, 大理市 its county-level city
     ("大理", "dali"), ("大理市", "dali_dali"), ("Dali City", "dali_dali"),
     ("阿克苏", "aksu"), ("阿克苏市", "akesu_aksu")],
)
def test_county_spellings(spelling: str, key: str) -> None:
    assert resolve_region(spelling) == key


def test_a_county_sits_under_its_prefecture_and_province() -> None:
    assert ancestors("kunshan") == ("suzhou_jiangsu", "jiangsu")
    assert ancestors("shihezi") == ("xinjiang",)  # governed by the region directly
    assert ancestors("suzhou_jiangsu") == ("jiangsu",)
    assert ancestors("jiangsu") == ()


def test_a_pinyin_name_two_county_level_cities_share_is_asked_about() -> None:
    with pytest.raises(AmbiguousNameError, match="开原.*开远"):
        resolve_region("Kaiyuan")
    assert resolve_region("Kaiyuan", within="云南") == "kaiyuan_honghe"
