"""Heading markers of Chinese policy texts: 一、 › （一） › 1. and 第X章 › 第X节 › 第X条.

Cleaning asks "does this line start a new block?" (never join across it); segmentation asks
"which level does this heading sit at?". Both read the same patterns from here. Patterns run
on width-normalised text, where ``(一)`` has become ``（一）`` and ``1．`` has become ``1.``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_CN = "一二三四五六七八九十百零〇两"

#: (rank, pattern) in plan-style documents. Rank 4, ``（1）``, marks parts of one measure.
_PLAN = (
    (1, re.compile(rf"^\s*([{_CN}]{{1,3}})\s*[、.．]\s*")),
    (2, re.compile(rf"^\s*（\s*([{_CN}]{{1,3}})\s*）\s*")),
    (3, re.compile(r"^\s*(\d{1,2})\s*(?:[.．](?!\d)|、)\s*")),
    (4, re.compile(r"^\s*（\s*(\d{1,2})\s*）\s*")),
)
#: Law-style documents: chapter, section, article.
_LAW = (
    (1, re.compile(rf"^\s*第\s*([{_CN}\d]{{1,5}})\s*章(?=\s|$|[^\s，。、；的])\s*")),
    (2, re.compile(rf"^\s*第\s*([{_CN}\d]{{1,5}})\s*节(?=\s|$|[^\s，。、；的])\s*")),
    (3, re.compile(rf"^\s*第\s*([{_CN}\d]{{1,5}})\s*条(?![的规之第款项中和或])\s*")),
)
#: Before cleaning, an article marker is followed by a space; a wrapped cross-reference
#: (…依照本条例\n第三十条规定…) is not.
_ARTICLE_STRICT = re.compile(rf"^\s*第\s*([{_CN}\d]{{1,5}})\s*条(?=[\s\u3000]|$)")
_ARTICLE_CLEAN = re.compile(rf"^第([{_CN}\d]{{1,5}})条")

#: Sub-item rank: a part of the measure above it, never a measure of its own.
SUBITEM_RANK = 4


@dataclass(frozen=True)
class Heading:
    """A heading marker found at the start of a line."""

    rank: int
    marker: str  # normalised: 二、 / （五） / 1. / 第三章 / 第十条
    rest_start: int  # where the text after the marker begins in the line


def _marker(rank: int, label: str, law: bool) -> str:
    if law:
        return f"第{label}{'章节条'[rank - 1]}"
    return (f"{label}、", f"（{label}）", f"{label}.", f"（{label}）")[rank - 1]


def find_heading(line: str, *, law: bool) -> Heading | None:
    """The heading marker that opens ``line``, if any."""
    for rank, pattern in _LAW if law else _PLAN:
        match = pattern.match(line)
        if match:
            return Heading(rank, _marker(rank, match.group(1), law), match.end())
    return None


def starts_block(line: str) -> bool:
    """True when a line opens a new block in either style (used to decide line joins)."""
    stripped = line.lstrip()
    if stripped.startswith(("——", "附件", "附：")):
        return True
    if _ARTICLE_STRICT.match(line):
        return True
    return any(p.match(line) for _, p in (*_PLAN, *_LAW[:2]))


def is_bare_marker(line: str) -> bool:
    """A line that is only a heading marker (PDF text put the title on the next line)."""
    for _, pattern in (*_PLAN, *_LAW):
        match = pattern.match(line)
        if match and not line[match.end() :].strip():
            return True
    return False


def is_law_style(lines: list[str]) -> bool:
    """Law-style texts number their articles 第X条; three or more articles decide it."""
    return sum(1 for line in lines if _ARTICLE_CLEAN.match(line)) >= 3
