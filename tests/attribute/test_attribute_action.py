"""A measure whose action cannot make the node is demoted: a brief episode by a standing programme,
a weekly-cycle change by a measure that does not act by weekday, a rise by a measure that only
cuts; where that keeps it under the bar, it is counted."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from pathlib import Path

import pytest

from attribute._build import INDUSTRY_TEXT, PUBLISHED_001, measure, node
from carbonnodes.attribute import AttributionSettings, NodeExplanation, attribute
from carbonnodes.attribute._action import (
    BRIEF_DAYS,
    EPISODIC_WORDS,
    acts_by_weekday,
    can_make,
    cuts_only,
    is_brief,
    is_episodic,
    mismatch,
)
from carbonnodes.model import Measure, Node

DAY = dt.timedelta(days=1)
DAY_AFTER = PUBLISHED_001 + 90 * DAY
# Written for these tests: an alert's cuts, which start and stop with the alert.
ALERT_TEXT = "重污染天气预警期间，钢铁、焦化企业按应急减排清单限产，预警解除后恢复。"
# A closure for good, and a standing ban, are lasting changes, not episodes.
CLOSURE_TEXT = "依法依规关停退出落后产能，淘汰燃煤小锅炉。"
BAN_TEXT = "中心城区对国四及以下排放标准货车实施全天限行。"
# Written for these tests: a restriction that falls on weekdays.
PLATES_TEXT = "工作日按车牌尾号轮换限行，每日限行两个尾号。"
# Written for these tests: cuts only; a new project held to a standard (both ways).
CUTS_TEXT = "实施清洁生产审核，推进重点企业节能改造。"
MIXED_TEXT = "新建项目须达到能效标杆水平。"


def scores(result: NodeExplanation) -> dict[str, float]:
    return {link.explanation.id: link.score for link in (*result.causes, *result.later)}


def demoted(result: NodeExplanation) -> set[str]:
    return {link.explanation.id for link in (*result.causes, *result.later)
            if {"demotion_unfit", "demotion_opposite"} & set(link.components)}


def _pair(node_: Node, measure_: Measure, plain: Node) -> tuple[NodeExplanation, float]:
    """The node's explanation at a bar just under the measure's plain score, which the
    demotion must then drop it below; and that plain score, read from ``plain``."""
    [reference] = attribute([plain], [measure_], [], settings=AttributionSettings(min_score=0.0))
    full = scores(reference)[measure_.id]
    [result] = attribute([node_], [measure_], [],
                         settings=AttributionSettings(min_score=0.9 * full))
    return result, full


def test_a_standing_measure_is_demoted_for_an_episode_and_counted_where_it_drops_out() -> None:
    standing = measure("plan")  # seed 001's vehicle programme
    episode = node(DAY_AFTER, kind="anomaly", end=DAY_AFTER + 14 * DAY)
    shift, lowered = attribute([node(DAY_AFTER), episode], [standing], [])
    factor = AttributionSettings().action_mismatch
    assert scores(lowered)["plan"] == pytest.approx(factor * scores(shift)["plan"])
    assert demoted(lowered) == {"plan"} and demoted(shift) == set()
    out, _ = _pair(episode, standing, node(DAY_AFTER))
    assert out.causes == () and out.none_found and out.unfit == 1 and out.opposite == 0


def test_the_same_holds_for_a_measure_announced_after_the_episode() -> None:
    day = PUBLISHED_001 - 30 * DAY
    out, _ = _pair(node(day, kind="anomaly", end=day + 14 * DAY), measure("plan"), node(day))
    assert out.later == () and out.unfit == 1


def test_an_episodic_measure_causes_an_episode_undemoted() -> None:
    alert = measure("alert", sectors=("industry",), text=ALERT_TEXT)
    episode = node(DAY_AFTER, sector="industry", kind="anomaly", end=DAY_AFTER + 7 * DAY)
    out, full = _pair(episode, alert, node(DAY_AFTER, sector="industry"))
    assert scores(out) == {"alert": pytest.approx(full)} and out.unfit == 0


def test_a_weekly_cycle_change_demotes_a_measure_that_does_not_act_by_weekday() -> None:
    weekly = node(DAY_AFTER, kind="seasonal")
    plates = measure("plates", text=PLATES_TEXT)
    kept, _ = _pair(weekly, plates, node(DAY_AFTER))
    dropped, _ = _pair(weekly, measure("plan"), node(DAY_AFTER))
    assert demoted(kept) == set() and list(scores(kept)) == ["plates"]
    assert dropped.causes == () and dropped.unfit == 1


def test_a_rise_demotes_a_measure_that_only_cuts_its_sector() -> None:
    rise = node(DAY_AFTER, sector="industry", effect_pct=12.0)
    fall = node(DAY_AFTER, sector="industry")
    for text, opposite in ((CUTS_TEXT, 1), (MIXED_TEXT, 0), (INDUSTRY_TEXT, 0)):
        one = measure("m", sectors=("industry",), text=text)
        out, _ = _pair(rise, one, fall)
        assert (out.opposite, out.unfit, len(out.causes)) == (opposite, 0, 1 - opposite), text
        assert mismatch(fall, one) is None


def test_which_measures_act_in_episodes_by_weekday_or_only_cut() -> None:
    assert is_episodic(measure("alert", text=ALERT_TEXT))
    assert not is_episodic(measure("closure", text=CLOSURE_TEXT))
    assert not is_episodic(measure("ban", text=BAN_TEXT))
    assert not is_episodic(measure("plan"))
    # the title counts too: a measure headed by its action
    assert is_episodic(measure("titled", title="实施水泥错峰生产", text="按年度方案执行。"))
    assert acts_by_weekday(measure("plates", text=PLATES_TEXT))
    assert not acts_by_weekday(measure("plan"))
    standing = measure("plan")
    assert can_make(node(DAY_AFTER), standing)
    assert can_make(node(DAY_AFTER, kind="trend_change"), standing)
    assert not can_make(node(DAY_AFTER, kind="seasonal"), standing)
    brief = node(DAY_AFTER, kind="anomaly", end=DAY_AFTER + BRIEF_DAYS * DAY)
    assert not can_make(brief, standing) and is_brief(brief)
    # a longer episode may be a policy's effect that something else undid
    assert can_make(replace(brief, end=DAY_AFTER + (BRIEF_DAYS + 1) * DAY), standing)
    cuts = measure("cuts", sectors=("industry",), text=CUTS_TEXT)
    assert cuts_only(cuts, "industry")
    assert not cuts_only(measure("mixed", text=MIXED_TEXT), "industry")
    # the words are the sector's: a transport measure's cuts say nothing of Industry's
    assert not cuts_only(measure("bus", text="推广新能源公交，淘汰老旧车辆。"), "industry")
    # a brief episode of a rise that the measure cannot make is unfit, whatever its direction
    rise = node(DAY_AFTER, sector="industry", kind="anomaly", effect_pct=9.0,
                end=DAY_AFTER + 14 * DAY)
    assert mismatch(rise, cuts) == "unfit"
    assert mismatch(replace(rise, end=None), cuts) == "opposite"


def test_every_episodic_word_occurs_in_the_shared_corpus(shared: Path) -> None:
    """The words are the corpus's own, not guessed: each alternative is found there."""
    texts = [
        json.loads(line)["text"]
        for name in ("dcp_docs.jsonl", "dcp_full.jsonl")
        for line in (shared / "data" / "policies" / name).open(encoding="utf-8")
    ]
    corpus = "\n".join(texts)
    assert [w for w in EPISODIC_WORDS if w not in corpus] == []


def test_a_shared_level_shift_too_recent_to_tell_from_an_episode_demotes_a_standing_measure(
) -> None:
    """Transport fell 13.6 % in every province from 25 November 2022 and the data end five
    weeks later: that is what a national episode looks like so far, which no standing
    programme makes. The same step in one region alone, or with a longer run of data after
    it, keeps the programme."""
    # a national programme: the shock every region shares demotes only local measures
    standing = measure("plan", scope="national", region="china")
    recent = replace(node(DAY_AFTER, peers=(25, 25)), data_end=DAY_AFTER + 36 * DAY)
    assert is_brief(recent) and not can_make(recent, standing)
    out, _ = _pair(recent, standing, replace(recent, data_end=None))
    assert out.causes == () and out.unfit == 1
    lasting = replace(recent, data_end=DAY_AFTER + (BRIEF_DAYS + 1) * DAY)
    alone = replace(recent, peers_same=0)
    unknown = replace(recent, data_end=None)
    for kept in (lasting, alone, unknown):
        assert not is_brief(kept) and can_make(kept, standing)
    # the report says why, in both languages
    for lang in ("zh", "en"):
        text = (Path(__file__).parents[2] / "src" / "carbonnodes" / "report" / "locales"
                / f"{lang}.toml").read_text(encoding="utf-8")
        assert "unfit_level_shift = " in text
