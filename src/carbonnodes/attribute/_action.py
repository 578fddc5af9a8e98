"""Whether a measure's action can make a node: one of its kind, in its direction.

A measure that stands (a plan's programme, a standard, a subsidy, a quota) changes the level
or the growth of emissions and keeps it changed; it does not make an episode that is over
within a few months (a brief ``anomaly``). That is the work of what itself starts and stops:
a lockdown, a festival, a heat wave, or a measure that runs in episodes (heavy-pollution
emergency cuts, staggered or halted production, power rationing, traffic control). Tianjin's
two-week transport dip of late May 2022, seen in every province, was offered a five-year
energy-saving programme as its cause.

Nor does a measure change the weekly cycle (``seasonal``: how weekends differ from weekdays)
unless it acts on some days of the week and not others: driving restrictions by plate or
vehicle, days without the car, working from home, staggered hours. The old prototype's
report explained such a node by carbon-market rules.

And a measure that only cuts a sector's emissions (efficiency, clean production, phase-outs,
substitution: the words of the index's standard query for a fall, none of those for a rise)
makes no rise in them. Jiangxi's Industry rising at +414 % a year from August 2021 was offered
its green-transition programme. The converse is not ruled: the corpus's words of growth
(增长, 保供, 电力需求) stand as often inside measures that cut.

Attribution demotes such a measure (``AttributionSettings.action_mismatch``) rather than
striking it out: the node's kind is the detector's reading, and the words are a short list.
"""

from __future__ import annotations

import re
from typing import Literal

from carbonnodes.index import direction_words
from carbonnodes.model import Measure, Node

#: Words of actions that run in episodes, each found in the shared corpus: emergency cuts and
#: control, heavy-pollution alerts, staggered or halted production, power rationing, traffic
#: control. Left out: a closure for good (关停, 淘汰); 应急响应, which in the corpus is mostly
#: the response to accidents and disasters; 限行, mostly a standing ban (old lorries, 尾号限行).
EPISODIC_WORDS = (
    "应急减排", "应急管控", "重污染天气预警", "重污染天气应急", "错峰生产", "错峰用电",
    "有序用电", "限电", "限产", "停产", "停工", "交通管制", "临时性",
)
#: Words of actions that fall on some days of the week: restrictions on driving (all but the
#: last four are found in the shared corpus), a day a week without the car, working from
#: home, staggered hours.
WEEKLY_WORDS = (
    "限行", "限号", "每周少开", "周末", "错峰出行", "错峰上下班", "居家办公", "弹性工作",
)
#: An episode longer than a quarter may be a policy's effect that something else then undid,
#: or a lasting change the data later reversed: on ``benchmarks/attribute.py`` level shifts
#: planted into Tianjin's Industry came out as episodes of 6 to 12 months where the real
#: series rose in late 2022. COVID-19's episodes in the shared file last 2 weeks to 3 months.
BRIEF_DAYS = 92
_EPISODIC = re.compile("|".join(EPISODIC_WORDS))
_WEEKLY = re.compile("|".join(WEEKLY_WORDS))


def _words(measure: Measure) -> str:
    """What the word lists are read in: the measure's title and text."""
    return f"{measure.title}\n{measure.text}"


def _says(pattern: re.Pattern[str], measure: Measure) -> bool:
    return pattern.search(_words(measure)) is not None


def is_episodic(measure: Measure) -> bool:
    """The measure names an action that starts and stops."""
    return _says(_EPISODIC, measure)


def acts_by_weekday(measure: Measure) -> bool:
    """The measure names an action that falls on some days of the week and not others."""
    return _says(_WEEKLY, measure)


def is_brief(node: Node) -> bool:
    """An episode over within ``BRIEF_DAYS``, one no standing measure makes; or a level shift
    most other regions show at once that the data follow for no longer, which may yet be
    one: transport fell 13.6 % in every province from 25 November 2022 and stayed down the
    five weeks to the series' end, as an epidemic wave does so far. A region's own step that
    recent keeps its standing measures: the data cannot yet tell, and a measure of its own
    is what such a step most often follows."""
    if node.kind == "anomaly":
        return node.end is not None and (node.end - node.date).days <= BRIEF_DAYS
    return (
        node.kind == "level_shift"
        and bool(node.is_shared)
        and node.data_end is not None
        and (node.data_end - node.date).days <= BRIEF_DAYS
    )


def can_make(node: Node, measure: Measure) -> bool:
    """A brief episode (or a shared level shift too recent to tell from one) only an episodic
    measure, a weekly-cycle change only one that acts by weekday; a longer episode, a level
    shift or a trend change any measure."""
    if is_brief(node):
        return is_episodic(measure)
    if node.kind == "seasonal":
        return acts_by_weekday(measure)
    return True


def cuts_only(measure: Measure, sector: str) -> bool:
    """The measure names cuts of the sector's emissions and nothing that would raise them."""
    text = _words(measure)
    down, up = direction_words(sector, "down"), direction_words(sector, "up")
    return any(w in text for w in down) and not any(w in text for w in up)


#: Why a measure's action cannot make a node: not of its kind, or only against its direction.
Mismatch = Literal["unfit", "opposite"]


def mismatch(node: Node, measure: Measure) -> Mismatch | None:
    """``"unfit"`` where the measure cannot make a node of this kind, ``"opposite"`` where the
    node is a rise and the measure only cuts its sector's emissions, else None."""
    if not can_make(node, measure):
        return "unfit"
    if node.effect_pct > 0 and cuts_only(measure, node.sector):
        return "opposite"
    return None
