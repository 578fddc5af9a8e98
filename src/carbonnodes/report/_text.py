"""Shortening a measure's own words by extraction only: whole sentences, then a cut with …."""

from __future__ import annotations

import re

_SENTENCE_END = re.compile(r"(?<=[。；！？;!?])")
_SPACE = re.compile(r"\s+")
#: A list marker opening a measure: "1. ", "3、", "（二）", "(4)".
_MARKER = re.compile(r"^(?:\d{1,2}\s*[.、．]\s*|[（(][一二三四五六七八九十\d]{1,3}[）)]\s*)")
ELLIPSIS = "…"


def squeeze(text: str) -> str:
    """Collapse runs of whitespace; CJK text needs no spaces inside a sentence."""
    return _SPACE.sub(" ", text).strip()


def sentences(text: str) -> list[str]:
    """The sentences of ``text``, its opening list marker left out."""
    body = _MARKER.sub("", squeeze(text), count=1)
    return [s for s in (part.strip() for part in _SENTENCE_END.split(body)) if s]


def excerpt(text: str, limit: int) -> str:
    """The first sentences of ``text`` that fit in ``limit`` characters, then ``…``.

    When they fill less than half of it, the next sentence follows, cut at ``limit``.
    """
    parts = sentences(text)
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


def _is_cjk(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)
