"""Loading the name tables and matching spellings against them."""

from __future__ import annotations

import csv
import difflib
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources

from carbonnodes.errors import UnknownNameError


@dataclass(frozen=True)
class Region:
    key: str
    en: str
    zh: str
    zh_full: str
    code: str
    kind: str  # country | province | city
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
    """Case, width and separator-insensitive form used for matching."""
    text = unicodedata.normalize("NFKC", name).strip().lower()
    return re.sub(r"[\s_\-'’.]+", "", text)


def _read(name: str) -> list[dict[str, str]]:
    text = resources.files("carbonnodes.names").joinpath(name).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


@cache
def regions() -> tuple[Region, ...]:
    return tuple(
        Region(row["key"], row["en"], row["zh"], row["zh_full"], row["code"], row["kind"],
               row["parent"], tuple(a for a in row["aliases"].split(";") if a))
        for row in _read("regions.csv")
    )


@cache
def sectors() -> tuple[Sector, ...]:
    return tuple(
        Sector(row["key"], row["en"], row["zh"], tuple(a for a in row["aliases"].split(";") if a))
        for row in _read("sectors.csv")
    )


@cache
def _region_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for r in regions():
        for spelling in (r.key, r.en, r.zh, r.zh_full, r.code, *r.aliases):
            if spelling:
                index.setdefault(_fold(spelling), r.key)
    index.setdefault(_fold("中国"), "china")
    index.setdefault(_fold("national"), "china")
    return index


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


def resolve_region(name: str) -> str:
    """Canonical region key for any spelling: ``"天津市"`` → ``"tianjin"``."""
    return _resolve("region", name, _region_index())


def resolve_sector(name: str) -> str:
    """Canonical sector key for any spelling: ``"地面交通"`` → ``"ground_transport"``."""
    return _resolve("sector", name, _sector_index())


def is_region(key: str) -> bool:
    """Whether ``key`` is a canonical region key (a bare CSV's file name is not)."""
    return any(r.key == key for r in regions())


def region(key: str) -> Region:
    for r in regions():
        if r.key == key:
            return r
    raise UnknownNameError("region", key, [])


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
