"""Shortening a measure's own words by extraction only: whole sentences, then a cut with …."""

from __future__ import annotations

import re

_SENTENCE_END = re.compile(r"(?<=[。；！？;!?])")
_SPACE = re.compile(r"\s+")
#: A list marker opening a measure: "1. ", "3、", "（二）", "(4)".
_MARKER = re.compile(r"^(?:\d{1,2}\s*[.、．]\s*|[（(][一二三四五六七八九十\d]{1,3}[）)]\s*)")
#: CJK ideographs and CJK / full-width punctuation (full-width digits and letters left out).
_CJK = "\u3001-\u303f\u4e00-\u9fff\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65"
_CJK_GAP = re.compile(f"(?<=[{_CJK}])\\s+(?=[{_CJK}])")
_HEAD_END = re.compile(r"^[。；;：:，,\s]+")
_NOT_WORD = re.compile(r"\W+")
ELLIPSIS = "…"


def squeeze(text: str) -> str:
    """Collapse runs of whitespace; CJK text needs no spaces inside a sentence."""
    return _SPACE.sub(" ", text).strip()


def join_cjk(text: str) -> str:
    """Drop spaces between two CJK characters: PDF extraction leaves them ("大力推 进").

    Spaces next to Latin letters or digits are real and stay.
    """
    return _CJK_GAP.sub("", text)


def sentences(text: str, heading: str = "") -> list[str]:
    """The sentences of ``text``, its opening list marker and ``heading`` left out.

    The heading (the measure's name, shown beside the excerpt) is dropped only when the
    text goes on after it, so the excerpt never repeats the name nor comes out empty.
    """
    body = _MARKER.sub("", squeeze(text), count=1)
    if heading and body.startswith(heading):
        rest = _HEAD_END.sub("", body[len(heading):])
        body = rest if rest and rest != body[len(heading):] else body
    body = join_cjk(body)
    return [s for s in (part.strip() for part in _SENTENCE_END.split(body)) if s]


def excerpt(text: str, limit: int, heading: str = "") -> str:
    """The first sentences of ``text`` that fit in ``limit`` characters, then ``…``.

    When they fill less than half of it, the next sentence follows, cut at ``limit``.
    """
    parts = sentences(text, heading)
    if not parts:
        return ""
    kept: list[str] = []
    used = 0
    for part in parts:
        if used + len(part) > limit:
            break
        kept.append(part)
        used += len(part)
    if len(kept) == len(parts):
        return _join(kept)
    if used < limit // 2:
        # a short heading sentence says little: add the start of the next one, cut
        kept.append(parts[len(kept)][: limit - used].rstrip())
    return _join(kept) + ELLIPSIS


def _join(parts: list[str]) -> str:
    return "".join(parts) if _is_cjk(parts[0]) else " ".join(parts)


def first_sentence(text: str, limit: int) -> str:
    """A measure's name when it has no title: its first sentence, cut at ``limit``."""
    parts = sentences(text)
    if not parts:
        return ""
    head = parts[0].rstrip("。；;")
    return head if len(head) <= limit else head[:limit].rstrip() + ELLIPSIS


def says_more(quote: str, *shown: str) -> bool:
    """Whether ``quote`` holds words that none of the ``shown`` texts already gives.

    Compared on words only: spacing, punctuation, list markers and ellipses differ between a
    link's evidence and the excerpt without changing what it says.
    """
    words = _words(quote)
    return bool(words) and not any(words in _words(text) for text in shown)


def _words(text: str) -> str:
    return _NOT_WORD.sub("", _MARKER.sub("", squeeze(text), count=1))


def _is_cjk(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)
