"""Responsible departments from the parenthesised tails of a measure.

Plans name who does what in a tail such as （市交通运输委、市工业和信息化局，各区人民政府按
职责分工负责）; a measure may carry several tails (one per sentence group). Agency names are
city-relative and abbreviated differently across documents, so a small Tianjin alias table
folds the common variants onto the form the municipal government itself uses. Non-agencies
(各区人民政府, 天津港集团, 各相关部门) are kept as they are written.
"""

from __future__ import annotations

import re

_TAIL = re.compile(r"（([^（）]{2,240}?)(?:按职责分工负责|按职责分工|分工负责|牵头负责|负责)）")
_AGENCY_HINT = re.compile(
    r"[市区省县]|局|委|办|政府|集团|公司|分行|部|厅|署|院|海关|中心|部门|单位"
)
_SPLIT = re.compile(r"[、，,；]|(?<=[局委办府司行厅部])和(?=[各有相市])")
_TRAILING = re.compile(r"(?:等(?:部门|单位)?|及|和)$")

#: Variant spelling → the form Tianjin's own documents use.
ALIASES: dict[str, str] = {
    "市发改委": "市发展改革委",
    "市发展和改革委": "市发展改革委",
    "市发展和改革委员会": "市发展改革委",
    "市交通委": "市交通运输委",
    "市交通运输委员会": "市交通运输委",
    "市工信局": "市工业和信息化局",
    "市住建委": "市住房城乡建设委",
    "市住房和城乡建设委员会": "市住房城乡建设委",
    "市住房城乡建设委员会": "市住房城乡建设委",
    "市城市管理委员会": "市城市管理委",
    "市规划和自然资源局": "市规划资源局",
    "市市场监督管理委员会": "市市场监管委",
    "市农业农村委员会": "市农业农村委",
    "市科学技术局": "市科技局",
    "市教育委员会": "市教委",
    "市人力资源和社会保障局": "市人社局",
    "市人力资源社会保障局": "市人社局",
    "市环保局": "市生态环境局",
    "人民银行天津分行": "中国人民银行天津市分行",
    "人民银行天津市分行": "中国人民银行天津市分行",
    "中国人民银行天津分行": "中国人民银行天津市分行",
    "人民银行天津分行营业管理部": "中国人民银行天津市分行",
    "国网天津电力": "国网天津市电力公司",
    "国网天津电力公司": "国网天津市电力公司",
    "市供销合作社": "市供销合作总社",
}


def normalise_agency(name: str) -> str:
    """One spelling per agency: 天津市交通运输委员会 → 市交通运输委."""
    name = re.sub(r"\s+", "", name).strip("（）()：:")
    if name.startswith("天津市") and not name.startswith("天津市人民政府"):
        name = "市" + name[3:]
    return ALIASES.get(name, name)


def _names(tail: str) -> list[str]:
    names = []
    for part in _SPLIT.split(tail):
        part = _TRAILING.sub("", part.strip())
        if len(part) >= 2 and _AGENCY_HINT.search(part):
            names.append(normalise_agency(part))
    return names


def departments(text: str) -> tuple[str, ...]:
    """Every agency named in the measure's responsibility tails, in order, without repeats."""
    found: dict[str, None] = {}
    for match in _TAIL.finditer(text):
        tail = match.group(1)
        # A tail never holds a sentence; a parenthesis that does is something else.
        if "。" in tail or len(tail) > 200:
            continue
        for name in _names(tail):
            found.setdefault(name, None)
    return tuple(found)


def strip_tails(text: str) -> str:
    """The measure without its responsibility tails (agency names are not its subject)."""
    return _TAIL.sub("", text)
