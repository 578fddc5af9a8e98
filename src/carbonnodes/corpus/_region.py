"""Scope and region of a document from its issuers and title.

Tianjin, Beijing, Shanghai and Chongqing are province-level cities: their documents are
``city`` scope, like those of Chengdu or Guangzhou. National bodies (国务院, 中共中央, ministries
ending in 部, 国家… administrations) give ``national`` scope and region ``china``.
"""

from __future__ import annotations

import re
from functools import cache

from carbonnodes.model import Scope
from carbonnodes.names import cities, counties, is_region, region, regions

_MUNICIPALITIES = frozenset({"beijing", "tianjin", "shanghai", "chongqing"})
_NATIONAL_ISSUER = re.compile(
    r"^(?:国务院|中共中央|全国人民代表大会|国家|中华人民共和国)|^[\u4e00-\u9fff]{2,8}部$"
)
#: A title that opens with a national body: 国家发展改革委等部门关于…, 工业和信息化部关于….
_NATIONAL_TITLE = re.compile(
    r"^(?:国务院|中共中央|国家[\u4e00-\u9fff]{2,12}?(?:委|局|署|部)|"
    r"[\u4e00-\u9fff]{2,8}部(?:等|关于|、|办公厅))"
)
#: Number prefixes of central bodies (provinces prefix theirs with 津, 京, 苏 …).
_NATIONAL_NUMBER = re.compile(
    r"^(?:国发|国办|国函|发改|工信部|财|环|交|建|农|商|科|人社|银保监|证监|市场监管|自然资)"
)
#: A city's document: 济南市…, 昆山市…, whether or not the names tables know the city.
_CITY_TITLE = re.compile(r"^(?:中共)?[\u4e00-\u9fff]{2,4}市")
#: A Chinese character: a county-level city's name counts only where none comes before it,
#: since 海城市 and 兴城市 are also the ends of 沿海城市 and 新兴城市.
_HAN = re.compile(r"[\u4e00-\u9fff]")


@cache
def _spellings() -> tuple[tuple[str, str, str], ...]:
    """(spelling, key, kind), longest spelling first so 天津市 wins over 天津.

    The other prefecture-level cities match by their full names only (苏州市, 延边朝鲜族自治州,
    延边州): their bare names (阿里, 中山, 红河, 大同) are also ordinary words. So do the
    county-level cities (昆山市), and only where they start a word (``_HAN``).
    """
    rows = []
    for r in regions():
        if r.key == "china":
            continue
        for spelling in {r.zh_full, r.zh}:
            if len(spelling) >= 2:
                rows.append((spelling, r.key, r.kind))
    for r in (*cities(), *counties()):
        for spelling in {r.zh_full, *r.aliases}:
            if len(spelling) >= 3 and not spelling.isascii():
                rows.append((spelling, r.key, r.kind))
    return tuple(sorted(rows, key=lambda row: -len(row[0])))


def _scope_of(key: str, kind: str) -> Scope:
    if kind in ("city", "county") or key in _MUNICIPALITIES:
        return "city"
    return "province"


def _find(text: str, spelling: str, kind: str) -> int:
    """Where ``spelling`` first stands in ``text`` (-1 if nowhere); a county-level city only
    where it starts a word."""
    position = text.find(spelling)
    while kind == "county" and position > 0 and _HAN.match(text[position - 1]):
        position = text.find(spelling, position + 1)
    return position


def _first_region(text: str) -> tuple[str, str] | None:
    best: tuple[int, str, str] | None = None
    for spelling, key, kind in _spellings():
        position = _find(text, spelling, kind)
        if position >= 0 and (best is None or position < best[0]):
            best = (position, key, kind)
    return (best[1], best[2]) if best else None


#: A place named in a list of places (在重庆、武汉、南京召开, 河北省、吉林省…生态环境厅) or as an
#: office's address (地址：北京市东城区…) is no place a text's first lines make its own.
_LISTED = re.compile(r"、\s*$")
_ADDRESS = re.compile(r"地址[：:]\s*$")


def head_place(head: str) -> tuple[Scope, str] | None:
    """Scope and region a text's first lines give it: a national body opening them, else the
    first place named neither in a list of places nor as an address."""
    if _NATIONAL_TITLE.match(head):
        return "national", "china"
    named = sorted(
        (position, position + len(spelling), key, kind)
        for spelling, key, kind in _spellings()
        if (position := _find(head, spelling, kind)) >= 0
    )
    covered = -1  # 天津 inside 天津市 is the same name
    for start, end, key, kind in sorted(named, key=lambda n: (n[0], -n[1])):
        if end <= covered:
            continue
        covered = end
        before, after = head[:start], head[end:]
        if _LISTED.search(before) or after.lstrip().startswith("、") or _ADDRESS.search(before):
            continue
        return _scope_of(key, kind), key
    return None


def is_city_title(title: str) -> bool:
    """Whether the title opens with a city's name (used when the city itself is unknown)."""
    return bool(_CITY_TITLE.match(title))


def scope_and_region(
    title: str, issuers: tuple[str, ...], number: str = ""
) -> tuple[Scope, str] | None:
    """Scope and region key, or None when neither the issuers nor the title name a place.

    A place the issuers or the title name wins over the number's prefix: 商政办发 is 商洛市's
    government office, not the Ministry of Commerce (商资发).
    """
    if any(_NATIONAL_ISSUER.search(i) for i in issuers) or _NATIONAL_TITLE.match(title):
        return "national", "china"
    for text in (*issuers, title):
        found = _first_region(text)
        if found:
            return _scope_of(*found), found[0]
    if _NATIONAL_NUMBER.match(number):
        return "national", "china"
    return None


#: A notice addressed to every province: 各省、自治区、直辖市人民政府，… (its list of addressees
#: goes on to name 新疆生产建设兵团 or 中国人民银行上海总部, which are no place of its own).
_TO_PROVINCES = re.compile(r"(?:各|有关)省、自治区、直辖市|各省（自治区、直辖市）|各省（区、市）")


def addressed_to_provinces(head: str) -> bool:
    """Whether a text's first lines address every province, or the provinces concerned
    (有关省、自治区、直辖市): a national body's notice."""
    return bool(_TO_PROVINCES.search(head))


#: How a text speaks of the whole country (全国碳市场 is a market local offices take part in);
#: 我部 is a ministry speaking of itself (a province's bureaux are 厅, 局 and 委).
_NATION_WORDS = re.compile(
    r"全国(?!碳排放权|碳市场|碳交易)|我国|我部|各省（区、市）|各省（自治区、直辖市）|"
    r"各省、自治区、直辖市|各地区各部门|地方各级人民政府"
)
#: How a province's or city's text speaks of itself.
_LOCAL_WORDS = re.compile(
    r"全省|全市|本省|本市|我省|我市|省委|市委|省政府|市政府|各市|各区县|各县（市、区）|各区（县）"
)


#: A national body's name on a line of its own (生态环境部 under a guide's title, its signature).
#: Narrower than ``_NATIONAL_ISSUER``, whose ``^国家`` would take any line of running text that a
#: PDF's line breaks start with 国家.
_NATIONAL_SIGNATURE = re.compile(r"^(?:国务院|中共中央|[\u4e00-\u9fff]{2,8}部)(?:办公厅)?$")
#: A title that opens with the nation: 中国清洁发展机制基金管理办法, 全国碳排放权….
_NATION_TITLE = re.compile(r"^(?:中国|全国)")


def signed_nationally(title: str, head: str) -> bool:
    """Whether a text that names no place is a national body's by its title (中国…, 全国…) or
    by a national body's name standing on a line of its own in its first lines."""
    return bool(_NATION_TITLE.match(title)) or any(
        _NATIONAL_SIGNATURE.match(line.strip()) for line in head.splitlines()
    )


def reads_national(text: str) -> bool:
    """Whether a text that names no place speaks of the nation more than of a province or
    city: a ministry's plan is often only its attachment, with no issuer and no number."""
    return len(_NATION_WORDS.findall(text)) > len(_LOCAL_WORDS.findall(text))


def scope_for(key: str) -> Scope:
    """Scope implied by a region key (used when a sidecar names only the region)."""
    if key == "china":
        return "national"
    if not is_region(key):
        return "province"
    return _scope_of(key, region(key).kind)
