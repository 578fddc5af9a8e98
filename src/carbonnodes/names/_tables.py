"""Loading the name tables and matching spellings against them."""

from __future__ import annotations

import csv
import difflib
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources

from carbonnodes.errors import AmbiguousNameError, UnknownNameError


@dataclass(frozen=True)
class Region:
    key: str
    en: str
    zh: str
    zh_full: str
    code: str
    kind: str  # country | province | city | county (a county-level city)
    parent: str
    #: other spellings users type: official romanisations, full English names
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Sector:
    key: str
    en: str
    zh: str
    aliases: tuple[str, ...]


def _fold(name: str) -> str:
    """Case, width and separator-insensitive form used for matching.

    Commas and brackets count as separators, so that "Suzhou, Jiangsu" and "Suzhou (Jiangsu)"
    are one spelling.
    """
    text = unicodedata.normalize("NFKC", name).strip().lower()
    return re.sub(r"[\s_\-'’.,()]+", "", text)


def _read(name: str) -> list[dict[str, str]]:
    text = resources.files("carbonnodes.names").joinpath(name).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


def _regions_of(name: str) -> tuple[Region, ...]:
    return tuple(
        Region(row["key"], row["en"], row["zh"], row["zh_full"], row["code"], row["kind"],
               row["parent"], tuple(a for a in row["aliases"].split(";") if a))
        for row in _read(name)
    )


@cache
def regions() -> tuple[Region, ...]:
    """The country, the provinces and the cities the calendar and the corpus know by name."""
    return _regions_of("regions.csv")


@cache
def cities() -> tuple[Region, ...]:
    """Every other prefecture-level city, autonomous prefecture, 地区 and 盟 (325).

    A user's own city series resolves, takes its province's calendar and is stored under its
    key; a city's policy documents are scoped to it.
    """
    return _regions_of("cities.csv")


@cache
def counties() -> tuple[Region, ...]:
    """Every county-level city (县级市, 397: 昆山, 义乌, 江阴, …), under its prefecture, or
    under its province where the province governs it directly (济源, 仙桃, 石河子)."""
    return _regions_of("counties.csv")


@cache
def _by_key() -> dict[str, Region]:
    return {r.key: r for r in (*regions(), *cities(), *counties())}


def ancestors(key: str) -> tuple[str, ...]:
    """The places above a region, nearest first, the country left out: 昆山 → (苏州, 江苏)."""
    chain: list[str] = []
    parent = _by_key()[key].parent if key in _by_key() else ""
    while parent and parent != "china" and parent not in chain:
        chain.append(parent)
        parent = _by_key()[parent].parent
    return tuple(chain)


@cache
def sectors() -> tuple[Sector, ...]:
    return tuple(
        Sector(row["key"], row["en"], row["zh"], tuple(a for a in row["aliases"].split(";") if a))
        for row in _read("sectors.csv")
    )


def _spellings(r: Region) -> Iterator[str]:
    yield from (r.key, r.en, r.zh, r.zh_full, r.code, *r.aliases)
    for above in ancestors(r.key) if r.kind in ("city", "county") else ():
        # with its province (or prefecture) before or after: 江苏苏州, 江苏省苏州市, Suzhou
        # Jiangsu, 苏州昆山
        p = _by_key()[above]
        yield from (p.zh + r.zh, p.zh_full + r.zh_full, p.zh + r.zh_full)
        for en in (r.en, *(a for a in r.aliases if a.isascii())):
            yield from (f"{en} {p.en}", f"{p.en} {en}")


@cache
def _region_index() -> tuple[dict[str, str], dict[str, tuple[str, ...]]]:
    """Folded spelling → key, and the spellings several cities share (Suzhou: 苏州, 宿州).

    The named table comes first, so that 吉林 and Hainan stay provinces, then the prefecture
    cities, so that 大理 stays the prefecture (its county-level city is 大理市).
    """
    index: dict[str, str] = {}
    for r in regions():
        for spelling in _spellings(r):
            if spelling:
                index.setdefault(_fold(spelling), r.key)
    index.setdefault(_fold("中国"), "china")
    index.setdefault(_fold("national"), "china")
    ambiguous: dict[str, tuple[str, ...]] = {}
    for table in (cities(), counties()):
        shared: dict[str, list[str]] = {}
        for r in table:
            for spelling in filter(None, map(_fold, _spellings(r))):
                if spelling not in index and spelling not in ambiguous:
                    keys = shared.setdefault(spelling, [])
                    if r.key not in keys:
                        keys.append(r.key)
        index.update((spelling, keys[0]) for spelling, keys in shared.items() if len(keys) == 1)
        ambiguous.update((s, tuple(keys)) for s, keys in shared.items() if len(keys) > 1)
    return index, ambiguous


@cache
def _sector_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for s in sectors():
        for spelling in (s.key, s.en, s.zh, *s.aliases):
            index.setdefault(_fold(spelling), s.key)
    return index


def _resolve(what: str, name: str, index: dict[str, str]) -> str:
    folded = _fold(name)
    if folded in index:
        return index[folded]
    close = difflib.get_close_matches(folded, list(index), n=5, cutoff=0.6)
    raise UnknownNameError(what, name, list(dict.fromkeys(index[c] for c in close))[:3])


#: English words for the level of a place that files add to its name ("Jiangsu Province",
#: "Suzhou City", "Tianjin Municipality"), tried off only where the whole name is unknown, so
#: that "Jilin City" stays 吉林市.
_ADMIN_SUFFIX = re.compile(r"(?:province|city|municipality|prefecture)$")


def resolve_region(name: str, within: str | None = None) -> str:
    """Canonical region key for any spelling: ``"天津市"`` → ``"tianjin"``.

    A spelling two cities share ("Suzhou") needs ``within``, the province a file names beside
    it, or raises :class:`AmbiguousNameError` listing both.
    """
    index, shared = _region_index()
    folded = _fold(name)
    if folded not in index and folded not in shared:
        folded = _ADMIN_SUFFIX.sub("", folded) or folded
    candidates = shared.get(folded)
    if candidates is None:
        return index[folded] if folded in index else _resolve("region", name, index)
    if within:
        province = resolve_region(within)
        inside = [key for key in candidates if province in ancestors(key)]
        if len(inside) == 1:
            return inside[0]
    raise AmbiguousNameError(
        "region", name, [f"{_by_key()[k].en} ({_by_key()[k].zh})" for k in candidates]
    )


def resolve_sector(name: str) -> str:
    """Canonical sector key for any spelling: ``"地面交通"`` → ``"ground_transport"``."""
    return _resolve("sector", name, _sector_index())


def is_region(key: str) -> bool:
    """Whether ``key`` is a canonical region key (a bare CSV's file name is not)."""
    return key in _by_key()


def region(key: str) -> Region:
    try:
        return _by_key()[key]
    except KeyError:
        raise UnknownNameError("region", key, []) from None


def sector(key: str) -> Sector:
    for s in sectors():
        if s.key == key:
            return s
    raise UnknownNameError("sector", key, [])


def region_label(key: str, lang: str = "zh") -> str:
    """Display name: 天津市 in Chinese, Tianjin in English; unknown keys pass through."""
    try:
        r = region(key)
    except UnknownNameError:
        return key
    return r.zh_full if lang == "zh" else r.en


def sector_label(key: str, lang: str = "zh") -> str:
    """Display name: 地面交通 / Ground Transport. Never 机构."""
    try:
        s = sector(key)
    except UnknownNameError:
        return key
    return s.zh if lang == "zh" else s.en
