"""From what a user typed to weighted query tokens, and the standard query of each sector.

Traditional characters become simplified; English words reach the Chinese text through the
sector names of :mod:`carbonnodes.names` and the small word table in ``query_terms.toml``
("ground transport" → 地面交通 交通 运输 车辆). Unknown English words stay as they are, so
ASCII terms in the text (LNG, ETC, CCUS) still match.
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from functools import cache
from importlib import resources
from typing import Any, Literal

from carbonnodes.errors import InputError, UnknownNameError
from carbonnodes.index._analyze import DEFAULT_ANALYZER, Analyzer, jieba_tokens
from carbonnodes.index._text import fold, to_simplified, tokenize
from carbonnodes.names import resolve_sector, sector, sector_label, sectors

Direction = Literal["down", "up"]
_ENGLISH_WORDS = re.compile(r"[a-z][a-z0-9\-']*")
_LONGEST_PHRASE = 3
TOTAL = "total"


@cache
def _query_terms() -> dict[str, Any]:
    raw = resources.files("carbonnodes.index").joinpath("query_terms.toml")
    return tomllib.loads(raw.read_text(encoding="utf-8"))


def _english_table() -> dict[str, list[str]]:
    table: dict[str, list[str]] = _query_terms()["english"]
    return table


def _sector_terms(key: str) -> list[str]:
    """Chinese words for a sector named in English: its label and its Chinese aliases."""
    found = sector(key)
    chinese = [a for a in found.aliases if not a.isascii()]
    return [sector_label(key, "zh"), *chinese]


def _translate_phrase(phrase: str) -> list[str] | None:
    table = _english_table()
    if phrase in table:
        return table[phrase]
    try:
        key = resolve_sector(phrase)
    except UnknownNameError:
        return None
    return _sector_terms(key)


def _with_chinese_synonyms(text: str) -> str:
    """Add the words policy texts use for Carbon Monitor's own sector names (地面交通)."""
    table: dict[str, list[str]] = _query_terms()["chinese"]
    extra = [w for name, words in sorted(table.items()) if name in text for w in words]
    return f"{text} {' '.join(extra)}" if extra else text


def translate(query: str) -> str:
    """The query with English words replaced by Chinese terms, simplified and folded."""
    text = _with_chinese_synonyms(fold(to_simplified(query)))
    words = [(m.start(), m.end(), m.group()) for m in _ENGLISH_WORDS.finditer(text)]
    if not words:
        return text
    pieces: list[str] = []
    cursor = 0
    i = 0
    while i < len(words):
        for size in range(min(_LONGEST_PHRASE, len(words) - i), 0, -1):
            group = words[i : i + size]
            translated = _translate_phrase(" ".join(w for _, _, w in group))
            if translated is not None:
                pieces.append(text[cursor : group[0][0]])
                pieces.append(" " + " ".join(translated) + " ")
                cursor = group[-1][1]
                i += size
                break
        else:
            i += 1
    pieces.append(text[cursor:])
    return "".join(pieces)


def named_sectors(query: str) -> frozenset[str]:
    """Sector keys the query names, in English or Chinese ("Ground Transport", 地面交通, 交通)."""
    text = fold(to_simplified(query))
    found: set[str] = set()
    for s in sectors():
        if s.key == TOTAL:
            continue
        chinese = [n for n in (s.zh, *s.aliases) if not n.isascii()]
        if any(n in text for n in chinese):
            found.add(s.key)
    words = _ENGLISH_WORDS.findall(text)
    for size in range(1, _LONGEST_PHRASE + 1):
        for i in range(len(words) - size + 1):
            try:
                key = resolve_sector(" ".join(words[i : i + size]))
            except UnknownNameError:
                continue
            if key != TOTAL:
                found.add(key)
    return frozenset(found)


def query_tokens(query: str, analyzer: Analyzer = DEFAULT_ANALYZER) -> dict[str, float]:
    """Weighted tokens of a query: each token weighs the number of times it occurs."""
    text = translate(query)
    if analyzer == "jieba":
        tokens = jieba_tokens(text)
    else:
        tokens = tokenize(text, phrases=analyzer == "bigram+terms")
    return {t: float(n) for t, n in sorted(Counter(tokens).items())}


@cache
def direction_words(sector_key: str, direction: Direction) -> tuple[str, ...]:
    """The words of a sector's standard query that say which way its emissions move:
    ``"down"`` (cuts: substitution, phase-outs, efficiency) or ``"up"`` (new capacity,
    demand, recovery); none for a sector without a standard query. Cached: attribution asks
    for them once for every measure it weighs."""
    entry = _query_terms()["sectors"].get(resolve_sector(sector_key))
    return tuple(entry[direction]) if entry else ()


def sector_query(sector_key: str, direction: str = "down") -> str:
    """The standard query text for a Carbon Monitor sector and a direction of change.

    ``direction`` is ``"down"`` (emissions fell: substitution, phase-outs, efficiency) or
    ``"up"`` (emissions rose: demand, new capacity, recovery).
    """
    if direction not in ("down", "up"):
        raise InputError(f"direction must be 'down' or 'up', not '{direction}'", field="direction")
    key = resolve_sector(sector_key)
    table: dict[str, dict[str, list[str]]] = _query_terms()["sectors"]
    if key not in table:
        raise InputError(f"no standard query for sector '{key}'", field="sector")
    entry = table[key]
    return " ".join([*entry["base"], *entry[direction]])
