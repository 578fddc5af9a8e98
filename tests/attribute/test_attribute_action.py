"""A node takes only measures whose action can make it: an episode that returns one that acts in
episodes, a weekly-cycle change one that acts by weekday, a rise none that only cuts."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from attribute._build import INDUSTRY_TEXT, PUBLISHED_001, measure, node
from carbonnodes.attribute import attribute
from carbonnodes.attribute._action import (
    EPISODIC_WORDS,
    acts_by_weekday,
    can_make,
    cuts_only,
    is_episodic,
)

DAY = dt.timedelta(days=1)
# Written for these tests: an alert's cuts, which start and stop with the alert.
ALERT_TEXT = "重污染天气预警期间，钢铁、焦化企业按应急减排清单限产，预警解除后恢复。"
# A closure for good, and a standing ban, are lasting changes, not episodes.
CLOSURE_TEXT = "依法依规关停退出落后产能，淘汰燃煤小锅炉。"
BAN_TEXT = "中心城区对国四及以下排放标准货车实施全天限行。"
# Written for these tests: a restriction that falls on weekdays.
PLATES_TEXT = "工作日按车牌尾号轮换限行，每日限行两个尾号。"


def test_a_standing_measure_is_no_cause_of_an_episode_and_is_counted() -> None:
    day = PUBLISHED_001 + 90 * DAY
    standing = measure("plan")  # seed 001's vehicle programme
    episode, shift = attribute(
        [node(day, kind="anomaly", end=day + 14 * DAY), node(day)], [standing], []
    )
    assert episode.causes == () and episode.none_found
    assert episode.unfit == 1
    assert [c.explanation.id for c in shift.causes] == ["plan"]
    assert shift.unfit == 0


def test_nor_is_it_listed_as_announced_later_for_an_episode() -> None:
    day = PUBLISHED_001 - 30 * DAY
    [episode] = attribute([node(day, kind="anomaly", end=day + 14 * DAY)], [measure("plan")], [])
    assert episode.later == () and episode.unfit == 1


def test_an_episodic_measure_may_cause_an_episode() -> None:
    day = PUBLISHED_001 + 90 * DAY
    alert = measure("alert", sectors=("industry",), text=ALERT_TEXT)
    plan = measure("plan", sectors=("industry",), text=INDUSTRY_TEXT)
    [episode] = attribute(
        [node(day, sector="industry", kind="anomaly", end=day + 7 * DAY)], [alert, plan], []
    )
    assert [c.explanation.id for c in episode.causes] == ["alert"]
    assert episode.unfit == 1


def test_which_measures_act_in_episodes() -> None:
    assert is_episodic(measure("alert", text=ALERT_TEXT))
    assert not is_episodic(measure("closure", text=CLOSURE_TEXT))
    assert not is_episodic(measure("ban", text=BAN_TEXT))
    assert not is_episodic(measure("plan"))
    # the title counts too: a measure headed by its action
    assert is_episodic(measure("titled", title="实施水泥错峰生产", text="按年度方案执行。"))
    standing = measure("plan")
    assert can_make("level_shift", standing) and can_make("trend_change", standing)
    assert not can_make("anomaly", standing) and not can_make("seasonal", standing)


def test_a_weekly_cycle_change_takes_only_a_measure_that_acts_by_weekday() -> None:
    day = PUBLISHED_001 + 90 * DAY
    plates = measure("plates", text=PLATES_TEXT)
    [weekly] = attribute([node(day, kind="seasonal")], [plates, measure("plan")], [])
    assert [c.explanation.id for c in weekly.causes] == ["plates"]
    assert weekly.unfit == 1
    assert acts_by_weekday(plates) and not acts_by_weekday(measure("plan"))


def test_every_episodic_word_occurs_in_the_shared_corpus(shared: Path) -> None:
    """The words are the corpus's own, not guessed: each alternative is found there."""
    texts = [
        json.loads(line)["text"]
        for name in ("dcp_docs.jsonl", "dcp_full.jsonl")
        for line in (shared / "data" / "policies" / name).open(encoding="utf-8")
    ]
    corpus = "\n".join(texts)
    assert [w for w in EPISODIC_WORDS if w not in corpus] == []


# Written for these tests: cuts only; a new project held to a standard (both ways).
CUTS_TEXT = "实施清洁生产审核，推进重点企业节能改造。"
MIXED_TEXT = "新建项目须达到能效标杆水平。"


def test_a_rise_takes_no_measure_that_only_cuts_its_sector() -> None:
    day = PUBLISHED_001 + 90 * DAY
    cuts = measure("cuts", sectors=("industry",), text=CUTS_TEXT)
    mixed = measure("mixed", sectors=("industry",), text=MIXED_TEXT)
    neither = measure("neither", sectors=("industry",), text=INDUSTRY_TEXT)
    rise, fall = attribute(
        [node(day, sector="industry", effect_pct=12.0), node(day, sector="industry")],
        [cuts, mixed, neither], [],
    )
    assert sorted(c.explanation.id for c in rise.causes) == ["mixed", "neither"]
    assert rise.opposite == 1 and rise.unfit == 0
    assert sorted(c.explanation.id for c in fall.causes) == ["cuts", "mixed", "neither"]
    assert fall.opposite == 0
    assert cuts_only(cuts, "industry") and not cuts_only(mixed, "industry")
    # the words are the sector's: a transport measure's cuts say nothing of Industry's
    assert not cuts_only(measure("bus", text="推广新能源公交，淘汰老旧车辆。"), "industry")
