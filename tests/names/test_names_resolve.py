"""Region and sector names resolve both ways; unknown names list their close matches."""

from __future__ import annotations

import pytest

from carbonnodes.errors import InputError, UnknownNameError
from carbonnodes.names import region_label, resolve_region, resolve_sector, sector_label


@pytest.mark.parametrize("spelling", ["Tianjin", "天津", "天津市", "tianjin", " TIANJIN ", "TJ"])
def test_every_spelling_of_tianjin_is_one_key(spelling: str) -> None:
    assert resolve_region(spelling) == "tianjin"


@pytest.mark.parametrize(
    "spelling", ["Ground Transport", "地面交通", "ground_transport", "Ground", "ground-transport"]
)
def test_every_spelling_of_ground_transport_is_one_key(spelling: str) -> None:
    assert resolve_sector(spelling) == "ground_transport"


@pytest.mark.parametrize("spelling", ["Residential", "居民消费", "居民", "居民部门", "住宅"])
def test_every_spelling_of_residential_is_one_key(spelling: str) -> None:
    """Carbon Monitor says 居民消费; analysts also write 居民部门 or 住宅."""
    assert resolve_sector(spelling) == "residential"


def test_inner_mongolia_with_and_without_space() -> None:
    assert resolve_region("Inner Mongolia") == resolve_region("InnerMongolia") == "inner_mongolia"


@pytest.mark.parametrize(
    ("spelling", "key"),
    [("Xizang", "tibet"), ("Xizang Autonomous Region", "tibet"), ("Nei Mongol", "inner_mongolia"),
     ("Xinjiang Uyghur Autonomous Region", "xinjiang"),
     ("Guangxi Zhuang Autonomous Region", "guangxi")],
)
def test_official_romanisations_and_full_names(spelling: str, key: str) -> None:
    assert resolve_region(spelling) == key


def test_china_is_the_national_region() -> None:
    assert resolve_region("China") == resolve_region("中国") == "china"


def test_labels_go_back_to_display_names() -> None:
    assert region_label("tianjin", "zh") == "天津市"
    assert region_label("tianjin", "en") == "Tianjin"
    assert sector_label("ground_transport", "zh") == "地面交通"
    assert sector_label("ground_transport", "en") == "Ground Transport"


def test_transport_is_never_labelled_as_an_institution() -> None:
    assert "机构" not in sector_label(resolve_sector("Transport"), "zh")


def test_unknown_region_lists_close_matches() -> None:
    with pytest.raises(UnknownNameError) as caught:
        resolve_region("Tianjn")
    assert "tianjin" in caught.value.suggestions
    assert "Tianjn" in str(caught.value) and "did you mean" in str(caught.value)
    assert isinstance(caught.value, InputError)


def test_unknown_sector_lists_close_matches() -> None:
    with pytest.raises(UnknownNameError) as caught:
        resolve_sector("Industri")
    assert caught.value.suggestions[0] == "industry"


def test_a_name_far_from_everything_has_no_suggestions() -> None:
    with pytest.raises(UnknownNameError) as caught:
        resolve_region("Atlantis-upon-Sea")
    assert caught.value.suggestions == []
    assert "did you mean" not in str(caught.value)
