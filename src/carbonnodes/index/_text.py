"""Text folding and tokenisation shared by indexing, queries and passages.

Tokens are CJK character bigrams (a lone CJK character stays a unigram) and lower-case ASCII
words and numbers. On request, whole domain terms (``domain_terms.txt``) of three or more
characters are added, so that 公转铁 also counts as a phrase and not only as 公转 + 转铁; the
benchmark found plain bigrams retrieve better, so that is the default.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from importlib import resources

from opencc import OpenCC

CJK_RANGES: tuple[tuple[int, int], ...] = (
    (0x3007, 0x3007),  # 〇 as in 二〇三五
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xF900, 0xFAFF),
)
_CJK_CLASS = "".join(f"{chr(lo)}-{chr(hi)}" for lo, hi in CJK_RANGES)
_CJK_RUN = re.compile(f"[{_CJK_CLASS}]+")
ASCII_WORD = re.compile(r"[a-z0-9]+")
_TRADITIONAL_SHARE = 0.02


def fold(text: str) -> str:
    """Width- and case-insensitive form: full-width letters and digits become ASCII."""
    return unicodedata.normalize("NFKC", text).lower()


@cache
def _t2s() -> OpenCC:
    return OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional → simplified Chinese (OpenCC ``t2s``); simplified text passes unchanged."""
    return str(_t2s().convert(text))


def looks_traditional(sample: str) -> bool:
    """True when converting ``sample`` to simplified changes more than 2 % of its characters."""
    if not sample:
        return False
    converted = to_simplified(sample)
    if len(converted) != len(sample):
        return True
    changed = sum(a != b for a, b in zip(sample, converted, strict=True))
    return changed > _TRADITIONAL_SHARE * len(sample)


@cache
def domain_terms() -> tuple[str, ...]:
    """The domain dictionary, longest terms first (ties in code-point order)."""
    raw = resources.files("carbonnodes.index").joinpath("domain_terms.txt")
    lines = raw.read_text(encoding="utf-8").splitlines()
    terms = {fold(line.strip()) for line in lines if line.strip() and not line.startswith("#")}
    return tuple(sorted(terms, key=lambda t: (-len(t), t)))


@cache
def phrase_terms() -> tuple[str, ...]:
    """Domain terms that become tokens of their own: all-CJK and at least three characters."""
    return tuple(t for t in domain_terms() if len(t) >= 3 and _CJK_RUN.fullmatch(t))


def cjk_tokens(run: str) -> list[str]:
    """Bigrams of one CJK run; a single character stands for itself."""
    if len(run) == 1:
        return [run]
    return [run[i : i + 2] for i in range(len(run) - 1)]


def tokenize(text: str, *, phrases: bool = False) -> list[str]:
    """Tokens of ``text`` after folding, in text order (phrase terms after the bigrams)."""
    folded = fold(text)
    tokens: list[str] = []
    for match in _CJK_RUN.finditer(folded):
        tokens.extend(cjk_tokens(match.group()))
    tokens.extend(ASCII_WORD.findall(folded))
    if phrases:
        for term in phrase_terms():
            tokens.extend([term] * folded.count(term))
    return tokens

