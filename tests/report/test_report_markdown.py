"""The Markdown report: every field of a measure grounded in its document, causal order kept."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from _report_nodes import make_node

from carbonnodes.attribute import NodeExplanation
from carbonnodes.detect import ConstructionStep
from carbonnodes.model import Document
from carbonnodes.report import Provenance, SectorInput, build_context, render
from carbonnodes.report._context import EXCERPT_CHARS


def _md(sector_input: SectorInput, doc: Document, prov: Provenance, lang: str = "zh") -> str:
    return render(build_context([sector_input], [doc], prov), "md", lang)


def _node_block(md: str, day: str) -> str:
    start = md.index(f"：{day}（")
    end = md.find("\n### ", start)
    return md[start: end if end != -1 else len(md)]


def test_header_names_region_sector_period_and_source(
    sector_input: SectorInput, seed_document: Document, provenance: Provenance
) -> None:
    md = _md(sector_input, seed_document, provenance)
    assert md.startswith("# 天津市地面交通碳排放关键节点")
    assert "2019年1月1日 至 2022年12月31日" in md
    assert "cm_china_province_daily_2019_2022.csv" in md
    assert "地面交通" in md and "机构" not in md


def test_measure_dates_are_the_documents_labelled_dates(
    sector_input: SectorInput, seed_document: Document, provenance: Provenance
) -> None:
    block = _node_block(_md(sector_input, seed_document, provenance), "2023年3月1日")
    assert "**颁布/实施时间**：成文 2022年8月25日；发布 2022年9月14日" in block
    assert "施行" not in block  # the plan states no effective date: none is made up


def test_departments_come_from_the_measure_else_not_stated(
    sector_input: SectorInput, seed_document: Document, provenance: Provenance
) -> None:
    block = _node_block(_md(sector_input, seed_document, provenance), "2023年3月1日")
    vehicles, _ = seed_document.measures
    assert f"**主管单位**：{'、'.join(vehicles.departments)}" in block
    assert "市交通运输委" in vehicles.departments
    # the second measure has no department and the document lists no issuer
    assert "**主管单位**：未载明" in block


def test_content_is_the_measures_own_words_shortened(
    sector_input: SectorInput, seed_document: Document, provenance: Provenance
) -> None:
    block = _node_block(_md(sector_input, seed_document, provenance), "2023年3月1日")
    line = next(x for x in block.splitlines() if "**主要内容**" in x)
    content = line.split("**主要内容**：", 1)[1]
    assert content.endswith("…")
    assert content[:-1] in seed_document.measures[0].text  # extracted, never rewritten
    assert len(content) <= EXCERPT_CHARS + 1


def test_effect_is_measured_and_targets_are_labelled_as_targets(
    sector_input: SectorInput, seed_document: Document, provenance: Provenance
) -> None:
    block = _node_block(_md(sector_input, seed_document, provenance), "2023年3月1日")
    line = next(x for x in block.splitlines() if "**预估效果**" in x)
    effect = line.split("**预估效果**：", 1)[1]
    assert effect.startswith("节点处测得（整个节点的变化，非本举措单独所致）："
                             "−12.3%（90%区间 −15.1% ~ −9.6%）。")
    assert effect.endswith("文件所述目标（非测得效果）：2025年 新能源汽车新车销售量 25%左右")


def test_no_measure_dated_after_its_node_is_offered_as_cause(
    sector_input: SectorInput, seed_document: Document, provenance: Provenance
) -> None:
    md = _md(sector_input, seed_document, provenance)
    for day in ("2020年11月16日", "2021年6月1日"):
        block = _node_block(md, day)
        causes = block[block.index("#### 相关政策与举措"):block.index("#### 后续出台")]
        assert "语料库中未找到可能造成此节点的政策（" in causes
        assert "推动运输工具装备低碳转型" not in causes
        later = block[block.index("#### 后续出台"):]
        assert "推动运输工具装备低碳转型" in later


def test_competing_calendar_and_shared_status_are_shown(
    sector_input: SectorInput, seed_document: Document, provenance: Provenance
) -> None:
    block = _node_block(_md(sector_input, seed_document, provenance), "2020年11月16日")
    assert "26 个地区中 25 个同期出现：全国性冲击" in block
    assert "供暖季开始" in block and "#### 日历与数据因素" in block
    assert "（季节性）" in block
    # two of 25 where chance gives 0.3 (P = 0.04): more than chance, fewer than half
    block = _node_block(_md(sector_input, seed_document, provenance), "2021年6月1日")
    assert ("25 个地区中 2 个同期出现（北京市、河北省），多于偶然重合（约 0.3 个）："
            "与其他地区共有，并非本地独有") in block


def test_mix_and_score_components_are_listed(
    sector_input: SectorInput, seed_document: Document, provenance: Provenance
) -> None:
    block = _node_block(_md(sector_input, seed_document, provenance), "2023年3月1日")
    assert "《天津市碳达峰实施方案》：举措 五.1；五.3" in block
    assert "0.81（时间 0.90 · 部门 1.00 · 范围 1.00 · 文本相关 0.62），滞后 168 天" in block
    assert "**数据来源链接**：001_9dd9838cf756847a.txt › 五、（五）1." in block


def test_english_report_and_fixed_time_give_identical_bytes(
    sector_input: SectorInput, seed_document: Document, provenance: Provenance
) -> None:
    first = _md(sector_input, seed_document, provenance, "en")
    assert first == _md(sector_input, seed_document, provenance, "en")
    assert "Ground Transport" in first and "Tianjin" in first
    assert "Responsible departments**: not stated" in first
    assert "No policy in the corpus could have made this node" in first
    assert "2026-01-01T00:00:00Z" in first


def test_reports_without_nodes_or_explanations_say_so(
    sector_input: SectorInput, seed_document: Document, provenance: Provenance
) -> None:
    bare = replace(sector_input, explanations=(NodeExplanation(make_node(dt.date(2020, 2, 1)),
                                                               (), (), (), ()),))
    md = _md(bare, seed_document, provenance)
    assert "语料库中未找到可能造成此节点的政策（" in md
    assert "未与其他地区比较" in md
    empty = _md(replace(sector_input, explanations=()), seed_document, provenance)
    assert "共 0 个关键节点" in empty and "该序列未检出关键节点。" in empty


def test_a_series_detected_by_month_says_so(
    sector_input: SectorInput, seed_document: Document, provenance: Provenance
) -> None:
    daily = _md(sector_input, seed_document, provenance)
    monthly = _md(replace(sector_input, resolution="month"), seed_document, provenance)
    assert "按月检测" not in daily
    assert "按月检测：节点日期为当月1日" in monthly
    english = _md(replace(sector_input, resolution="month"), seed_document, provenance, "en")
    assert "detected month by month" in english


def test_yearly_construction_steps_are_listed_apart_from_the_nodes(
    sector_input: SectorInput, seed_document: Document, provenance: Provenance
) -> None:
    """Each step with its date and size; an interval only where it has width; how many
    regions' sum it was measured in; and no step counted among the nodes."""
    steps = (
        ConstructionStep(dt.date(2021, 1, 1), "artefact:year_step:2021-01-01", 0.58,
                         (0.58, 0.58), 26),
        ConstructionStep(dt.date(2022, 1, 1), "artefact:year_step:2022-01-01", -2.62,
                         (-3.1, -2.1), 25),
    )
    plain = _md(sector_input, seed_document, provenance)
    md = _md(replace(sector_input, construction=steps), seed_document, provenance)
    assert "数据构造步长" not in plain
    [line] = [x for x in md.splitlines() if x.startswith("- **数据构造步长**")]
    assert "2021年1月1日 +0.6%；2022年1月1日 −2.6%（90%区间 −3.1% ~ −2.1%）" in line
    assert "本地区占 25–26 个地区（含本地区）之和份额的跳变" in line
    assert "共 3 个关键节点" in md
    english = _md(replace(sector_input, construction=steps[:1]), seed_document, provenance, "en")
    assert "**Data-construction steps**: 2021-01-01 +0.6%. Steps of the region's share of the " \
        "sum of 26 regions" in english
