"""The best-matching sentences of a measure, and the stretches of them a query matched.

Offsets are kept in the measure's own text (``measure.text[start:end] == passage``), so the
evidence shown is the document's wording, traditional characters included.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache

from carbonnodes.index._text import fold, to_simplified

_SENTENCE_END = re.compile(r"[。；;！!？?\n]+")
_MIN_PASSAGE = 40
_MAX_PASSAGE = 240


@dataclass(frozen=True)
class Passage:
    text: str
    span: tuple[int, int]
    terms: tuple[str, ...]


def _sentences(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        if text[start : match.end()].strip():
            spans.append((start, match.end()))
        start = match.end()
    if text[start:].strip():
        spans.append((start, len(text)))
    return spans or [(0, len(text))]


@cache
def _fold_char(char: str) -> str:
    folded = fold(char)
    return folded if len(folded) == 1 else char.lower()


def _aligned_fold(text: str, traditional: bool) -> str:
    """A folded copy with exactly one character per original character.

    Characters are folded one by one (through a cached table), so a rare character that
    NFKC expands (…, ㈠) keeps the offsets of everything after it.
    """
    folded = text.translate({ord(c): _fold_char(c) for c in set(text)})
    if traditional:
        simplified = to_simplified(folded)
        if len(simplified) == len(folded):
            return simplified
    return folded


def best_passage(
    text: str,
    query: Mapping[str, float],
    idf: Callable[[str], float],
    *,
    traditional: bool = False,
) -> Passage:
    """The sentence (extended to about 40 characters) that collects most query weight."""
    folded = _aligned_fold(text, traditional)
    spans = _sentences(text)
    weights = {t: w * idf(t) for t, w in query.items()}

    def score(span: tuple[int, int]) -> float:
        piece = folded[span[0] : span[1]]
        return sum(w for t, w in weights.items() if t in piece)

    scores = [score(s) for s in spans]
    best = max(range(len(spans)), key=lambda i: (scores[i], -i))
    start, end = spans[best]
    following = best + 1
    while end - start < _MIN_PASSAGE and following < len(spans):
        end = spans[following][1]
        following += 1
    if end - start > _MAX_PASSAGE:
        end = start + _MAX_PASSAGE
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Passage(text[start:end], (start, end), _matched(text, folded, start, end, weights))


def _matched(
    text: str, folded: str, start: int, end: int, weights: Mapping[str, float]
) -> tuple[str, ...]:
    """Maximal stretches of the passage covered by query tokens, in order of appearance."""
    covered = [False] * (end - start)
    piece = folded[start:end]
    for token, weight in weights.items():
        if weight <= 0:
            continue
        at = piece.find(token)
        while at >= 0:
            for i in range(at, at + len(token)):
                covered[i] = True
            at = piece.find(token, at + 1)
    runs: list[str] = []
    i = 0
    while i < len(covered):
        if covered[i]:
            j = i
            while j < len(covered) and covered[j]:
                j += 1
            run = text[start + i : start + j]
            if run not in runs:
                runs.append(run)
            i = j
        else:
            i += 1
    return tuple(runs)
