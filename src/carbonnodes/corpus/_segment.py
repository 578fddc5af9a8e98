"""Splitting a cleaned text into measures along its heading tree.

Plan-style texts nest 一、 › （一） › 1.; the measures are the leaves of that tree, whatever
their level: a top-level section without sub-items (工作目标, 组织安排) is a measure too, of
kind general or safeguard, so that headline targets stay attached to a measure.
Law-style texts (three or more 第X条) are split by article under 第X章/第X节, so the 目录 that
repeats every chapter heading yields nothing; in plan-style texts a heading with neither a
sentence nor a body (a 目录 entry) yields nothing either. ``（1）`` sub-items stay inside
their measure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from carbonnodes.corpus._headings import SUBITEM_RANK, find_heading, is_law_style

# The framing of a plan, and the review of where it starts (achievements, problems, the
# situation it faces): these describe, they do not act.
_GENERAL = re.compile(
    r"指导思想|工作原则|基本原则|主要目标|总体要求|总体目标|发展目标|工作目标|时间安排|目标任务|"
    r"总则|附则|适用范围|发展基础|形势分析|发展环境|"
    r"成效显著|工作成效|进展成效|主要成效|发展成就|发展现状|存在问题|主要问题|面临形势|面临的形势|"
    r"面临挑战|机遇与挑战|机遇挑战|面临机遇|现状|编制背景|规划背景|基本情况|概况|规划原则|"
    r"目标指标|主要指标"
)
_SAFEGUARD = re.compile(
    r"保障措施|组织实施|政策保障|组织保障|保障机制|组织领导|组织安排|实施保障|监督考核|"
    r"法律责任|工作要求|加强领导|成员及职责|组成人员"
)
# Lines that close a document's body: signature dates, 印发 footers, 抄送, 附件 lists.
_CLOSING = re.compile(
    r"^(?:抄送|附件|附：)|^[^。，；]{0,30}\d{4}年\d{1,2}月\d{1,2}日(?:印发)?$|^（此件[^）]*）$"
)
_SENTENCE_END = re.compile(r"[。；！？]")
TITLE_MAX = 40


@dataclass(frozen=True)
class Segment:
    """One measure as found in the cleaned text: where it is and what it says."""

    number: str
    title: str
    text: str
    kind: str
    start: int  # span in the cleaned text
    end: int


@dataclass
class _Section:
    rank: int
    number: str
    heading: str  # text after the marker on the heading line
    titles: tuple[str, ...]  # headings from the root down to this one
    start: int
    end: int
    body: list[str] = field(default_factory=list)
    has_children: bool = False


def _line_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    start = 0
    for line in text.split("\n"):
        spans.append((start, start + len(line)))
        start += len(line) + 1
    return spans


def _title(heading: str, body: list[str]) -> str:
    match = _SENTENCE_END.search(heading)
    if match and match.start() <= TITLE_MAX:
        return heading[: match.start()]
    if heading and len(heading) <= TITLE_MAX and body:
        return heading
    first = heading or (body[0] if body else "")
    match = _SENTENCE_END.search(first)
    sentence = first[: match.start()] if match else first
    return sentence[:TITLE_MAX]


def _kind(titles: tuple[str, ...]) -> str:
    path = " ".join(titles)
    if _GENERAL.search(path):
        return "general"
    if _SAFEGUARD.search(path):
        return "safeguard"
    return "action"


def _sections(text: str) -> tuple[list[_Section], bool]:
    spans = _line_spans(text)
    lines = [text[s:e] for s, e in spans]
    law = is_law_style(lines)
    stack: list[_Section] = []
    sections: list[_Section] = []
    closed = False
    for (start, end), line in zip(spans, lines, strict=True):
        heading = find_heading(line, law=law)
        if heading is not None and heading.rank < SUBITEM_RANK:
            while stack and stack[-1].rank >= heading.rank:
                stack.pop()
            parent = stack[-1] if stack else None
            rest = line[heading.rest_start :].strip()
            section = _Section(
                rank=heading.rank,
                number=(parent.number if parent else "") + heading.marker,
                heading=rest,
                titles=(parent.titles if parent else ()) + (_title(rest, []),),
                start=start,
                end=end,
            )
            if parent is not None:
                parent.has_children = True
            stack.append(section)
            sections.append(section)
            closed = False
        elif _CLOSING.match(line.strip()):
            closed = True
        elif stack and not closed and line.strip():
            stack[-1].body.append(line)
            stack[-1].end = end
    return sections, law


def segment(text: str) -> list[Segment]:
    """The measures of a cleaned text (one paragraph per line), in reading order."""
    sections, law = _sections(text)
    segments = []
    for s in sections:
        if s.has_children or not (s.heading or s.body):
            continue
        if not s.body and len(s.heading) <= TITLE_MAX and not re.search(r"[。，；：]", s.heading):
            continue  # a bare heading: a 目录 entry, or a section whose text never came
        if law and s.rank != 3:
            continue
        body_text = "\n".join([s.heading, *s.body]) if s.heading else "\n".join(s.body)
        segments.append(
            Segment(
                number=s.number,
                title=_title(s.heading, s.body),
                text=body_text,
                kind=_kind(s.titles),
                start=s.start,
                end=s.end,
            )
        )
    return segments
