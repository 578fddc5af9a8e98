"""Sector tags on the Carbon Monitor sectors, with context rules against false friends.

Keywords alone over-fire: 汽车 in a car-making measure is Industry, not Ground Transport; 运输
in 分类运输 is waste collection; 航空 in 航空航天 or 航空保税维修 is manufacturing. A keyword
therefore counts only when its clause carries none of the cues that turn it into something
else. Framing sections (general / safeguard) and measures that touch three or more sectors
are tagged ``cross_cutting``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

CROSS_CUTTING = "cross_cutting"
SECTOR_KEYS = ("power", "industry", "ground_transport", "residential", "aviation", CROSS_CUTTING)


@dataclass(frozen=True)
class _Rule:
    """Keywords of one sector: ``strong`` ones decide alone, ``weak`` ones need company."""

    sector: str
    strong: re.Pattern[str]
    weak: re.Pattern[str]
    false_friends: re.Pattern[str] | None = None


_MANUFACTURING = r"制造|零部件|产业|产能|研发|保税维修|装备|航天|生产企业|整车|拆解|报废"
_RULES = (
    _Rule(
        "power",
        re.compile(
            r"发电|煤电|火电|电网|光伏|风电|外受电|装机|核电|绿电|电厂|调峰|可再生能源电力|"
            r"电力市场|燃煤机组|输电|电源|电力(?=、|行业|企业)"
        ),
        re.compile(r"电力|储能|电气化"),
        re.compile(r"电力公司|电力交易中心|充电|换电|加氢|加注|回收|退役|废旧|再生"),
    ),
    _Rule(
        "industry",
        re.compile(
            r"工业|钢铁|建材|石化|化工|水泥|制造业|冶金|炼油|乙烯|焦化|有色金属|高耗能|"
            r"清洁生产|绿色制造|再制造|造纸|再生资源"
        ),
        re.compile(r"产能|有色|锅炉|电机|压缩机"),
        re.compile(r"铁路|专用线|货运|物流|运输"),
    ),
    _Rule(
        "ground_transport",
        re.compile(
            r"新能源汽车|机动车|货车|柴油车|公交|轨道交通|地铁|公转铁|公转水|铁路|公路|"
            r"充电桩|充换电|加氢站|绿色出行|交通运输|营运车辆|营运交通工具|运输结构|货运|"
            r"车船|物流配送|出租车|网约车|慢行|交通工具|交通基础设施|集疏运|多式联运"
        ),
        re.compile(r"汽车|车辆|出行|运输|交通"),
        re.compile(
            _MANUFACTURING + r"|垃圾|分类运输|收运|固废|固体废|危险废物|秸秆|管网|输电|"
            r"碳排放权交易|配额"
        ),
    ),
    _Rule(
        "residential",
        re.compile(
            r"居民|建筑能效|居住建筑|公共建筑|既有建筑|新建建筑|绿色建筑|超低能耗建筑|"
            r"清洁取暖|供暖|采暖|供热|农房|家电|炊事|建筑节能|装配式建筑|建筑用能|"
            r"公共机构|民生用气"
        ),
        re.compile(r"家庭|社区|建筑"),
        re.compile(r"工业余热|工业企业|建筑垃圾|建材"),
    ),
    _Rule(
        "aviation",
        re.compile(r"航空|机场|民航|航班|航空器|飞机|航站楼"),
        re.compile(r"(?!)"),
        re.compile(r"航空航天|航天|保税维修|再制造|航空物流园|航空货物运输"),
    ),
)

_CLAUSE = re.compile(r"[^，。；！？\n]+")
#: Score a sector needs before it is tagged: a strong keyword counts 2, a weak one 1, and a
#: hit in the title counts twice (a title names what the measure is about).
MIN_SCORE = 2
#: …and at least this share of the strongest sector's score: a passing mention of heating in
#: a steel measure does not make it residential.
RELATIVE_MIN = 0.34
#: A sector scoring this much is tagged whatever the others score (an airport in a transport
#: measure).
SURE_SCORE = 6
#: A measure spanning this many sectors is a cross-cutting one.
CROSS_CUTTING_COUNT = 3


def _score(rule: _Rule, text: str) -> int:
    score = 0
    for clause in _CLAUSE.findall(text):
        hits = 2 * len(rule.strong.findall(clause)) + len(rule.weak.findall(clause))
        if hits and not (rule.false_friends and rule.false_friends.search(clause)):
            score += min(hits, 3)
    return score


def tag_sectors(title: str, text: str, kind: str) -> tuple[str, ...]:
    """Carbon Monitor sector keys a measure is about (``cross_cutting`` when none or many)."""
    if kind != "action":
        return (CROSS_CUTTING,)
    scores = {rule.sector: 2 * _score(rule, title) + _score(rule, text) for rule in _RULES}
    floor = max(MIN_SCORE, min(SURE_SCORE, RELATIVE_MIN * max(scores.values())))
    tagged = [sector for sector, score in scores.items() if score >= floor]
    if not tagged:
        return (CROSS_CUTTING,)
    if len(tagged) >= CROSS_CUTTING_COUNT:
        return (*sorted(tagged, key=lambda s: (-scores[s], s)), CROSS_CUTTING)
    return tuple(sorted(tagged, key=lambda s: (-scores[s], s)))
