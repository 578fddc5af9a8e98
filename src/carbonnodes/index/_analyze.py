"""Turning many texts into token occurrences at once.

The bigram analyser works on code-point arrays with numpy, so tokenising the 504-document
corpus takes about a second instead of the tens of seconds a per-token Python loop (or jieba)
needs. It yields exactly the tokens of :func:`carbonnodes.index._text.tokenize`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from carbonnodes.index._text import ASCII_WORD, CJK_RANGES, domain_terms, fold, phrase_terms

Analyzer = Literal["bigram", "bigram+terms", "jieba"]
ANALYZERS: tuple[Analyzer, ...] = ("bigram", "bigram+terms", "jieba")
#: Chosen by benchmarks/search.py: plain bigrams had the best recall@5 of the three.
DEFAULT_ANALYZER: Analyzer = "bigram"

_SHIFT = 21  # code points fit in 21 bits
_SEPARATOR = "\n"


@dataclass(frozen=True)
class Occurrences:
    """Token occurrences of a list of texts: ``rows[i]`` holds token ``tokens[cols[i]]``."""

    rows: NDArray[np.int64]
    cols: NDArray[np.int64]
    tokens: list[str]


def analyze(texts: Sequence[str], analyzer: Analyzer) -> Occurrences:
    """Every token occurrence of every text, with its text's row number."""
    if analyzer == "jieba":
        return _from_lists([jieba_tokens(t) for t in texts])
    return _bigram_occurrences(texts, phrases=analyzer == "bigram+terms")


def jieba_tokens(text: str) -> list[str]:
    """jieba search-mode words (with the domain dictionary), punctuation and spaces dropped."""
    import jieba

    _load_jieba_words()
    words = jieba.cut_for_search(fold(text))
    return [w for w in words if w.strip() and any(c.isalnum() for c in w)]


_jieba_ready: list[bool] = []


def _load_jieba_words() -> None:
    if _jieba_ready:
        return
    import jieba

    jieba.setLogLevel(60)
    for term in domain_terms():
        jieba.add_word(term, freq=200_000)
    _jieba_ready.append(True)


def _from_lists(token_lists: Sequence[Sequence[str]]) -> Occurrences:
    vocab: dict[str, int] = {}
    rows: list[int] = []
    cols: list[int] = []
    for row, tokens in enumerate(token_lists):
        for token in tokens:
            rows.append(row)
            cols.append(vocab.setdefault(token, len(vocab)))
    return Occurrences(np.asarray(rows, np.int64), np.asarray(cols, np.int64), list(vocab))


def _bigram_occurrences(texts: Sequence[str], *, phrases: bool) -> Occurrences:
    folded = [fold(t) for t in texts]
    joined = _SEPARATOR.join(folded)
    starts = np.cumsum([0] + [len(t) + 1 for t in folded[:-1]], dtype=np.int64)
    codes = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
    cjk = np.zeros(codes.shape, dtype=bool)
    for lo, hi in CJK_RANGES:
        cjk |= (codes >= lo) & (codes <= hi)
    pair_ok = cjk[:-1] & cjk[1:]
    pair_keys = np.where(pair_ok, (codes[:-1] << _SHIFT) | codes[1:], -1)
    prev_cjk = np.concatenate(([False], cjk[:-1]))
    next_cjk = np.concatenate((cjk[1:], [False]))
    lone = cjk & ~prev_cjk & ~next_cjk

    positions = [np.flatnonzero(pair_ok), np.flatnonzero(lone)]
    keys = [pair_keys[positions[0]], codes[positions[1]]]
    extra_rows: list[int] = []
    extra_tokens: list[str] = []
    for row, text in enumerate(folded):
        for word in ASCII_WORD.findall(text):
            extra_rows.append(row)
            extra_tokens.append(word)
    if phrases:
        _phrase_occurrences(pair_keys, starts, extra_rows, extra_tokens)

    key_all = np.concatenate(keys)
    pos_all = np.concatenate(positions)
    unique_keys, inverse = np.unique(key_all, return_inverse=True)
    key_tokens = [_key_to_token(int(k)) for k in unique_keys]
    extra_vocab = sorted(set(extra_tokens))
    tokens = key_tokens + extra_vocab
    extra_index = {t: len(key_tokens) + i for i, t in enumerate(extra_vocab)}
    rows = np.concatenate(
        (
            np.searchsorted(starts, pos_all, side="right") - 1,
            np.asarray(extra_rows, dtype=np.int64),
        )
    )
    cols = np.concatenate(
        (
            inverse.astype(np.int64).ravel(),
            np.asarray([extra_index[t] for t in extra_tokens], dtype=np.int64),
        )
    )
    return Occurrences(rows.astype(np.int64), cols, tokens)


def _phrase_occurrences(
    pair_keys: NDArray[np.int64],
    starts: NDArray[np.int64],
    rows: list[int],
    tokens: list[str],
) -> None:
    """Find every phrase term by chaining its bigrams from the positions of its first one."""
    chains = []
    for term in phrase_terms():
        codes = [ord(c) for c in term]
        chains.append((term, [(codes[i] << _SHIFT) | codes[i + 1] for i in range(len(codes) - 1)]))
    firsts = np.unique([bigrams[0] for _, bigrams in chains])
    slot = np.minimum(np.searchsorted(firsts, pair_keys), firsts.size - 1)
    openings = np.flatnonzero(firsts[slot] == pair_keys)
    opening_keys = pair_keys[openings]
    for term, bigrams in chains:
        candidates = openings[opening_keys == bigrams[0]]
        for step, key in enumerate(bigrams[1:], start=1):
            if candidates.size == 0:
                break
            following = candidates + step
            following = following[following < pair_keys.size]
            candidates = following[pair_keys[following] == key] - step
        if candidates.size:
            term_rows = np.searchsorted(starts, candidates, side="right") - 1
            rows.extend(int(r) for r in term_rows)
            tokens.extend([term] * int(candidates.size))


def _key_to_token(key: int) -> str:
    if key >> _SHIFT:
        return chr(key >> _SHIFT) + chr(key & ((1 << _SHIFT) - 1))
    return chr(key)
