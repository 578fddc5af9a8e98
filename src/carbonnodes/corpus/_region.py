"""Scope and region of a document from its issuers and title.

Tianjin, Beijing, Shanghai and Chongqing are province-level cities: their documents are
``city`` scope, like those of Chengdu or Guangzhou. National bodies (国务院, 中共中央, ministries
ending in 部, 国家… administrations) give ``national`` scope and region ``china``.
"""

from __future__ import annotations

import re
from functools import cache

from carbonnodes.model import Scope
from carbonnodes.names import cities, is_region, region, regions

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
#: A city's document: 济南市…, 昆山市… (a county-level city, such as 昆山, is in no names table).
_CITY_TITLE = re.compile(r"^(?:中共)?[\u4e00-\u9fff]{2,4}市")


@cache
def _spellings() -> tuple[tuple[str, str, str], ...]:
    """(spelling, key, kind), longest spelling first so 天津市 wins over 天津.

    The other prefecture-level cities match by their full names only (苏州市, 延边朝鲜族自治州,
    延边州): their bare names (阿里, 中山, 红河, 大同) are also ordinary words.
    """
    rows = []
    for r in regions():
        if r.key == "china":
            continue
        for spelling in {r.zh_full, r.zh}:
            if len(spelling) >= 2:
                rows.append((spelling, r.key, r.kind))
    for r in cities():
        for spelling in {r.zh_full, *r.aliases}:
            if len(spelling) >= 3 and not spelling.isascii():
                rows.append((spelling, r.key, r.kind))
    return tuple(sorted(rows, key=lambda row: -len(row[0])))


def _scope_of(key: str, kind: str) -> Scope:
    if kind == "city" or key in _MUNICIPALITIES:
        return "city"
    return "province"


def _first_region(text: str) -> tuple[str, str] | None:
    best: tuple[int, str, str] | None = None
    for spelling, key, kind in _spellings():
        position = text.find(spelling)
        if position >= 0 and (best is None or position < best[0]):
            best = (position, key, kind)
    return (best[1], best[2]) if best else None


def is_city_title(title: str) -> bool:
    """Whether the title opens with a city's name (used when the city itself is unknown)."""
    return bool(_CITY_TITLE.match(title))


def scope_and_region(
    title: str, issuers: tuple[str, ...], number: str = ""
) -> tuple[Scope, str] | None:
    """Scope and region key, or None when neither the issuers nor the title name a place."""
    if (
        any(_NATIONAL_ISSUER.search(i) for i in issuers)
        or _NATIONAL_TITLE.match(title)
        or _NATIONAL_NUMBER.match(number)
    ):
        return "national", "china"
    for text in (*issuers, title):
        found = _first_region(text)
        if found:
            return _scope_of(*found), found[0]
    return None


def scope_for(key: str) -> Scope:
    """Scope implied by a region key (used when a sidecar names only the region)."""
    if key == "china":
        return "national"
    if not is_region(key):
        return "province"
    return _scope_of(key, region(key).kind)
