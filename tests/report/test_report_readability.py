"""What an analyst reads: targets once each, a short 后续出台 list, labelled scores, clean text."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import tomllib
from importlib import resources

from _report_nodes import make_node

from carbonnodes.attribute import AttributionSettings, NodeExplanation
from carbonnodes.attribute._calendar import national_shape, shared_shock
from carbonnodes.calendar import events
from carbonnodes.model import Document, Link, Target
from carbonnodes.report import (
    Formatter,
    Labels,
    Provenance,
    SectorInput,
    build_context,
    render,
)
from carbonnodes.report._text import excerpt, join_cjk
from carbonnodes.report._views import LATER_SHOWN

#: Every score component the attribute stage emits (measures, calendar, shared shocks).
COMPONENTS = {"time", "sector", "scope", "relevance", "kind", "demotion_calendar",
              "demotion_shared", "prior", "proximity", "attached", "peer_share"}


def _one_node(sector_input: SectorInput, explanation: NodeExplanation) -> SectorInput:
    return dataclasses.replace(sector_input, explanations=(explanation,))


def _line(md: str, field: str) -> str:
    return next(x for x in md.splitlines() if f"**{field}**" in x)


def test_stated_targets_are_shown_once_each_from_their_fields(
    sector_input: SectorInput, seed_document: Document, provenance: Provenance
) -> None:
    vehicles = seed_document.measures[0]
    sentence = "到2025年，新能源汽车新车销售量达到汽车新车销售总量的25%左右，营运交通工具单位换算周转量碳排放强度比2020年下降5%左右。"  # noqa: E501
    indicator = "新能源汽车新车销售量达到汽车新车销售总量"
    share = Target(2025, indicator, 25.0, "%", "左右", sentence)
    # the corpus stores one target per number and repeats the sentence in each
    targets = (share, share, Target(2025, "营运交通工具单位换算周转量碳排放强度比2020年下降", 5.0,
                                    "%", "左右", sentence),
               Target(2025, "天然气消费量", 145.0, "亿立方米", "力争/以上", sentence),
               Target(2025, "", 80.0, "%", "以上", sentence),
               Target(2030, indicator, 50.0, "%", "左右", sentence))
    measure = dataclasses.replace(vehicles, targets=targets)
    doc = dataclasses.replace(seed_document, measures=(measure,))
    node = make_node(dt.date(2023, 3, 1))
    link = Link(node, measure, 0.8, {"time": 0.9}, 168, "", "cause")
    ctx = build_context([_one_node(sector_input, NodeExplanation(node, (link,), (), (), ()))],
                        [doc], provenance)
    effect = _line(render(ctx, "md"), "预估效果").split("**预估效果**：", 1)[1]
    assert effect.startswith("节点处测得（整个节点的变化，非本举措单独所致）：−12.3%")
    stated = effect.split("文件所述目标（非测得效果）：", 1)[1]
    assert stated == ("2025年 新能源汽车新车销售量达到汽车新车销售总量 25%左右、"
                      "2025年 营运交通工具单位换算周转量碳排放强度比2020年下降 5%左右、"
                      "2025年 天然气消费量 力争145亿立方米以上等，共 4 项")
    assert sentence[:20] not in effect  # never the sentence repeated once per number
    english = _line(render(ctx, "md", "en"), "Estimated effect")
    assert english.startswith("   - **Estimated effect**: measured at the node (the whole node's")
    assert "2025: 天然气消费量 145亿立方米 (aim, or more)" in english
    assert english.endswith(" and 1 more")
    payload = json.loads(render(ctx, "json"))
    cause = payload["reports"][0]["nodes"][0]["links"][0]["explanation"]
    assert len(cause["targets"]) == len(targets)  # JSON keeps every stated target


def test_announced_later_lists_the_best_five_and_counts_the_rest(
    sector_input: SectorInput, seed_document: Document, provenance: Provenance
) -> None:
    vehicles = seed_document.measures[0]
    node = make_node(dt.date(2020, 11, 16))
    measures = [dataclasses.replace(vehicles, id=f"m-{i}", title=f"举措第{i}项") for i in range(9)]
    later = tuple(Link(node, m, 0.1 * (i + 1), {"sector": 1.0}, -667, "", "announced_later")
                  for i, m in enumerate(measures))
    doc = dataclasses.replace(seed_document, measures=tuple(measures))
    ctx = build_context([_one_node(sector_input, NodeExplanation(node, (), (), later, ()))],
                        [doc], provenance)
    md = render(ctx, "md")
    shown = [f"举措第{i}项" for i in range(8, 8 - LATER_SHOWN, -1)]
    assert [x.split("：", 1)[1] for x in md.splitlines() if "**具体举措名称/事项**" in x] == shown
    assert "另有 4 条后续出台的举措未列出" in md
    html = render(ctx, "html")
    assert html.count('<li class="measure">') == LATER_SHOWN
    assert "另有 4 条后续出台的举措未列出" in html
    payload = json.loads(render(ctx, "json"))
    assert len(payload["reports"][0]["nodes"][0]["links"]) == len(measures)


def test_every_score_component_has_a_label_in_both_languages(
    sector_input: SectorInput, seed_document: Document, provenance: Provenance
) -> None:
    assert set(AttributionSettings().weights) <= COMPONENTS
    folder = resources.files("carbonnodes.report").joinpath("locales")
    for lang in ("zh", "en"):
        catalog = tomllib.loads(folder.joinpath(f"{lang}.toml").read_text(encoding="utf-8"))
        assert COMPONENTS <= set(catalog["component"]), lang
    node = make_node(dt.date(2020, 11, 16), peers_same=25, peers_total=25)
    shock = shared_shock(node)
    assert shock is not None
    vehicles = seed_document.measures[0]
    parts = dict.fromkeys(sorted(COMPONENTS - {"peer_share", "prior", "proximity",
                                               "attached"}), 0.5)
    cause = Link(node, dataclasses.replace(vehicles, dates=dataclasses.replace(
        vehicles.dates, signed=dt.date(2020, 1, 1), published=dt.date(2020, 1, 1))),
        0.5, parts, 320, "", "cause")
    explanation = NodeExplanation(node, (cause,), (shock,), (), ())
    early = dataclasses.replace(seed_document, dates=cause.explanation.dates)  # type: ignore[arg-type]
    ctx = build_context([_one_node(sector_input, explanation)], [early], provenance)
    for lang in ("zh", "en"):
        md = render(ctx, "md", lang)
        for key in parts:
            assert f"{Labels(lang)(f'component.{key}')} 0.50" in md, (lang, key)
    md, html = render(ctx, "md"), render(ctx, "html")
    for key in COMPONENTS:  # no Chinese label is its key: a raw key would show
        assert f"{key} " not in md and f">{key}<" not in html, key
    assert "同期地区占比 1.00" in md
    # the shared shock's name already says what it is: no "（全国性冲击，全国性冲击）"
    assert "全国性冲击，全国性冲击" not in md
    assert "**全国性冲击：25个地区中有25个同时出现该节点**" in md


def test_cjk_spaces_from_pdf_extraction_are_dropped_in_the_excerpt_only(
    sector_input: SectorInput, seed_document: Document, provenance: Provenance
) -> None:
    assert join_cjk("大力推 进新能源 汽车，推广 EV 充电桩 2025 年建成 10 座") == (
        "大力推进新能源汽车，推广 EV 充电桩 2025 年建成 10 座")
    assert join_cjk("绿色 机场（港口） 建设。 推 动") == "绿色机场（港口）建设。推动"
    freight = seed_document.measures[1]
    spaced = freight.text.replace("加强货运", "加强 货运").replace("铁路线网", "铁路 线网")
    measure = dataclasses.replace(freight, text=spaced)
    doc = dataclasses.replace(seed_document, measures=(seed_document.measures[0], measure))
    node = make_node(dt.date(2023, 3, 1))
    link = Link(node, measure, 0.6, {"time": 0.9}, 168, "", "cause")
    ctx = build_context([_one_node(sector_input, NodeExplanation(node, (link,), (), (), ()))],
                        [doc], provenance)
    content = _line(render(ctx, "md"), "主要内容")
    assert "加强货运铁路线网建设" in content and "加强 货运" not in content
    payload = json.loads(render(ctx, "json"))
    assert payload["reports"][0]["nodes"][0]["links"][0]["explanation"]["text"] == spaced


def test_excerpt_does_not_repeat_the_name_and_evidence_only_adds(
    sector_input: SectorInput, seed_document: Document, provenance: Provenance
) -> None:
    vehicles = seed_document.measures[0]
    assert excerpt("提升电力服务民生水平 推动终端用能电气化。完善充电设施。", 100,
                   heading="提升电力服务民生水平") == "推动终端用能电气化。完善充电设施。"
    assert excerpt("加强组织领导。", 100, heading="加强组织领导") == "加强组织领导。"
    node = make_node(dt.date(2023, 3, 1))
    link = Link(node, vehicles, 0.8, {"time": 0.9}, 168, vehicles.title, "cause")
    ctx = build_context([_one_node(sector_input, NodeExplanation(node, (link,), (), (), ()))],
                        [seed_document], provenance)
    md = render(ctx, "md")
    assert _line(md, "具体举措名称/事项").endswith("：推动运输工具装备低碳转型")
    assert _line(md, "主要内容").split("：", 1)[1].startswith("加快运输服务领域新能源")
    assert "**证据原文**" not in md  # the evidence is the name: nothing to add


def test_one_day_is_singular_in_english(sector_input: SectorInput) -> None:
    f = Formatter(Labels("en"))
    assert (f.lag(1), f.lag(-1), f.lag(3)) == ("lag 1 day", "1 day after the node", "lag 3 days")
    assert Formatter(Labels("zh")).score(0.5, (("time", 0.9),), 2) == "0.50（时间 0.90），滞后 2 天"


def test_a_seasonal_effect_names_its_unit_once() -> None:
    node = dataclasses.replace(
        make_node(dt.date(2020, 1, 24), "seasonal"), effect_pct=27.0, effect_ci=(25.1, 28.9)
    )
    zh = Formatter(Labels("zh")).effect(node)
    en = Formatter(Labels("en")).effect(node)
    assert zh.count("周内波幅") == 1 and zh.count("百分点") == 1 and "+25.1" in zh
    assert en.count("pp of the weekly swing") == 1 and "+28.9" in en


def test_a_trend_change_effect_is_a_rate_a_year() -> None:
    """A change of growth read as a change of level misleads: Tianjin Industry's bend of
    August 2022 is +181 % a year over its last five months, not a near tripling."""
    node = dataclasses.replace(
        make_node(dt.date(2022, 8, 1), "trend_change"), effect_pct=181.4,
        effect_ci=(110.7, 276.0),
    )
    zh = Formatter(Labels("zh")).effect(node)
    en = Formatter(Labels("en")).effect(node)
    assert zh.startswith("增速每年变化 +181.4%") and "+110.7%" in zh
    assert en.startswith("growth changed by +181.4% a year") and "+276.0%" in en
    assert Formatter(Labels("zh")).size(node, 181.4) == "+181.4%/年"
    assert Formatter(Labels("en")).size(node, -5.0) == "−5.0% a year"
    # the data follow it for five months: what the rate amounts to by then
    end = dt.date(2022, 12, 31)
    zh_span = Formatter(Labels("zh")).effect(node, end)
    assert zh_span.startswith(zh) and "5 个月" in zh_span and "+53.8%" in zh_span
    en_span = Formatter(Labels("en")).effect(node, end)
    assert "runs only 5 months past it: +53.8% by" in en_span
    # a year or more of data after it: the yearly rate says it
    assert Formatter(Labels("zh")).effect(node, dt.date(2023, 8, 1)) == zh


def test_a_node_that_cannot_be_local_is_not_called_local(
    sector_input: SectorInput, provenance: Provenance
) -> None:
    """Ground Transport of Tianjin in Carbon Monitor China is the national daily shape times a
    yearly share: a node no other province shows in June is no local change."""
    alone = make_node(dt.date(2021, 6, 15), peers_same=0, peers_total=25)
    built = events("天津", dt.date(2019, 1, 1), dt.date(2022, 12, 31),
                   sector="ground_transport", dataset="carbon_monitor")
    link = national_shape(alone, built, AttributionSettings())
    assert link is not None
    for calendar, local in (((link,), False), ((), True)):
        explanation = NodeExplanation(alone, (), calendar, (), ())
        ctx = build_context([_one_node(sector_input, explanation)], [], provenance)
        zh, en = render(ctx, "md", "zh"), render(ctx, "md", "en")
        assert ("本地变化" in _line(zh, "本地/共性") and "不是本地变化" not in zh) == local
        assert ("not a local change" in en) != local
    # not compared with other regions: the data's construction alone says it
    unknown = make_node(dt.date(2021, 6, 15))
    explanation = NodeExplanation(unknown, (), (national_shape(unknown, built,
                                                               AttributionSettings()),), (), ())
    ctx = build_context([_one_node(sector_input, explanation)], [], provenance)
    assert "不是本地变化" in _line(render(ctx, "md", "zh"), "本地/共性")


def test_a_chance_count_under_a_tenth_is_said_so_not_as_nought() -> None:
    """Ten of 25 regions show a slope change none of them shows elsewhere: chance gives under
    0.1 of a region, which "约 0.0 个" would misstate."""
    node = make_node(dt.date(2022, 9, 1), "trend_change", peers_same=10, peers_total=25,
                     peers_expected=0.0)
    assert "多于偶然重合（不足 0.1 个）" in Formatter(Labels("zh")).peers(node)
    assert "(under 0.1)" in Formatter(Labels("en")).peers(node)
    shock = shared_shock(node)
    assert shock is not None and "偶然不足0.1个" in shock.evidence
