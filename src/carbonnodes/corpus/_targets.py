"""Quantitative targets: 到2025年，…达到25%左右 → Target(2025, indicator, 25, "%", "左右").

A number counts as a target only inside a sentence that dates it (到2025年, 2030年前, "十四五"
…). Rule parameters without a horizon (配额不少于上一年度的70%) are not targets, and a target
is never turned into an estimated effect. The indicator keeps its direction and baseline
(…比2020年下降) because "5 %" means nothing without them.
"""

from __future__ import annotations

import re

from carbonnodes.model import Target

_FIVE_YEAR = {"十四五": 2025, "十五五": 2030, "十三五": 2020}
_YEAR = re.compile(
    r"(?<![比较])(?:到|至|在)?(20\d{2})年(?:前|底|末|以前)?(?!的基础|为基)(?=[，,、\u4e00-\u9fff])"
    r"|“?(十[三四五]五)”?(?:期间|时期|末)"
)
_UNITS = (
    "千克标准油/吨·能量因数", "千克标准煤/吨", "千克标准油/吨", "吨标准煤/万吨吞吐量",
    "吨标准煤/万元", "万吨标准煤", "亿吨标准煤", "吨标准煤", "万千瓦时", "亿千瓦时", "万千瓦",
    "亿千瓦", "千瓦", "亿立方米", "万立方米", "立方米", "万平方米", "平方米", "万吨/日",
    "万吨/年", "万吨", "亿吨", "个百分点", "万辆", "辆", "万个", "个", "家", "座", "条", "公里",
    "万人", "亿元", "万元", "倍", "%",
)
_NUMBER = re.compile(
    r"(?<![\d.])(-?\d+(?:\.\d+)?)(" + "|".join(re.escape(u) for u in _UNITS) + r")"
    r"(左右|以上|以下|以内)?"
)
_BEFORE = re.compile(r"力争|超过|不低于|不超过|低于|高于|至少|不少于")
_SENTENCES = re.compile(r"[^。！？\n]+")
_CLAUSES = re.compile(r"[，,、：]")
_LEAD = re.compile(
    r"^(?:到|至|在|以)?(?:20\d{2}年(?:前|底|末|的基础上|为基准)?|“?十[三四五]五”?(?:期间|时期|末)?)[，,]?"
)
_TRAIL = re.compile(r"(?:力争|达到|达|提高至|提升至|提高到|提升到|控制在|保持在|为|至|到|的)+$")


def _year_before(sentence: str, position: int) -> int | None:
    year = None
    for match in _YEAR.finditer(sentence, 0, position):
        year = int(match.group(1)) if match.group(1) else _FIVE_YEAR[match.group(2)]
    return year


def _indicator(sentence: str, position: int) -> str:
    head = sentence[:position]
    clauses = _CLAUSES.split(head)
    clause = clauses[-1] if clauses else ""
    indicator = _TRAIL.sub("", _LEAD.sub("", clause.strip()))
    indicator = _BEFORE.sub("", indicator) if len(_BEFORE.sub("", indicator)) >= 2 else indicator
    if len(indicator) < 2 and len(clauses) >= 2:
        indicator = _TRAIL.sub("", _LEAD.sub("", clauses[-2].strip()))
    return indicator


def _qualifier(sentence: str, start: int, after: str | None) -> str:
    clause_start = max(sentence.rfind(c, 0, start) for c in "，,、：")
    before = _BEFORE.findall(sentence, clause_start + 1, start)
    return "/".join([*before, *([after] if after else [])])


def targets(text: str) -> tuple[Target, ...]:
    """Dated quantitative targets stated in a measure's text."""
    found = []
    for sentence_match in _SENTENCES.finditer(text):
        sentence = sentence_match.group(0)
        for match in _NUMBER.finditer(sentence):
            year = _year_before(sentence, match.start())
            if year is None:
                continue
            found.append(
                Target(
                    year=year,
                    indicator=_indicator(sentence, match.start()),
                    value=float(match.group(1)),
                    unit=match.group(2),
                    qualifier=_qualifier(sentence, match.start(), match.group(3)),
                    text=sentence.strip(),
                )
            )
    return tuple(found)
