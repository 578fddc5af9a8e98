"""The seed documents parse into the measures, metadata and targets a reader finds in them."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from opencc import OpenCC

from carbonnodes.corpus._script import normalise_width, to_simplified
from carbonnodes.model import Document, Measure

EXPECTED_MEASURES = {"001": 56, "002": 24, "003": 21, "004": 18}


def _measure(document: Document, number: str) -> Measure:
    (found,) = [m for m in document.measures if m.number == number]
    return found


@pytest.mark.parametrize("number", sorted(EXPECTED_MEASURES))
def test_each_seed_splits_into_about_the_expected_measures(
    seeds: dict[str, Document], number: str
) -> None:
    assert abs(len(seeds[number].measures) - EXPECTED_MEASURES[number]) <= 2


def test_002_numbered_items_are_actions_between_a_goal_and_an_organisation_section(
    seeds: dict[str, Document],
) -> None:
    kinds = [m.kind for m in seeds["002"].measures]
    assert kinds == ["general"] + ["action"] * 24 + ["safeguard"]
    assert seeds["002"].measures[-2].number == "二、（九）24."


def test_001_metadata_comes_from_the_info_table_not_the_preamble(
    seeds: dict[str, Document],
) -> None:
    doc = seeds["001"]
    assert doc.number == "津政发〔2022〕18号"
    assert doc.dates.signed == dt.date(2022, 8, 25)
    assert doc.dates.published == dt.date(2022, 9, 14)
    assert doc.abridged is True
    assert doc.title == "天津市碳达峰实施方案"
    assert doc.issuers == ("天津市人民政府",)
    assert (doc.scope, doc.region, doc.doc_type) == ("city", "tianjin", "implementation_plan")


def test_001_transport_measure_has_departments_targets_and_sector(
    seeds: dict[str, Document],
) -> None:
    measure = _measure(seeds["001"], "二、（五）1.")
    assert measure.title == "推动运输工具装备低碳转型"
    assert measure.departments[0] == "市交通运输委"
    assert "各区人民政府" in measure.departments
    nev = [t for t in measure.targets if t.year == 2025 and "新能源汽车" in t.indicator]
    assert [(t.value, t.unit, t.qualifier) for t in nev] == [(25.0, "%", "左右")]
    assert measure.sectors[0] == "ground_transport"
    assert measure.kind == "action"
    assert measure.dates == seeds["001"].dates


def test_001_department_tail_broken_across_lines_is_read_whole(
    seeds: dict[str, Document],
) -> None:
    # The scraper broke this tail inside an agency name: （市城市管理 / 委、…）.
    measure = _measure(seeds["001"], "二、（七）4.")
    assert measure.departments[0] == "市城市管理委"
    assert "市邮政管理局" in measure.departments


def test_001_sections_are_labelled_by_kind(seeds: dict[str, Document]) -> None:
    kinds = [m.kind for m in seeds["001"].measures]
    assert kinds.count("general") == 3
    assert kinds.count("safeguard") == 8
    assert _measure(seeds["001"], "一、（三）").kind == "general"


def test_001_sidebar_links_are_not_part_of_any_measure(seeds: dict[str, Document]) -> None:
    assert not any("一图读懂" in m.text or "政策解读" in m.text for m in seeds["001"].measures)


def test_001_false_friends_do_not_make_ground_transport(seeds: dict[str, Document]) -> None:
    doc = seeds["001"]
    for number in ("二、（三）2.", "二、（七）4.", "二、（七）5."):
        assert "ground_transport" not in _measure(doc, number).sectors, number


def test_002_traditional_text_is_converted_and_spam_dropped(seeds: dict[str, Document]) -> None:
    doc = seeds["002"]
    assert any("traditional" in w for w in doc.warnings)
    assert "碳排放權" in doc.text  # the original keeps its own script
    to_simplified = OpenCC("t2s")
    assert all(to_simplified.convert(m.text) == m.text for m in doc.measures)
    assert "碳排放权" in doc.measures[1].text
    assert not any("久久" in m.text or "精品" in m.text for m in doc.measures)
    assert doc.title == "天津市深化地方碳排放权交易市场建设工作方案"
    assert doc.issuers == ("市生态环境局", "市发展改革委", "中国人民银行天津市分行")
    assert doc.dates.signed == dt.date(2025, 10, 16)


def _folded(text: str, traditional: bool) -> str:
    text = to_simplified(text) if traditional else text
    return re.sub(r"\s+", "", normalise_width(text))


def test_spans_quote_exactly_the_measure_in_the_original_text(
    seeds: dict[str, Document],
) -> None:
    for number, doc in seeds.items():
        for measure in doc.measures:
            start, end = measure.span
            assert 0 <= start < end <= len(doc.text)
            quote = _folded(doc.text[start:end], traditional=number == "002")
            body = re.sub(r"\s+", "", measure.text)
            # The quote is the heading marker followed by exactly the measure's text.
            assert quote.endswith(body), (number, measure.number)
            assert len(quote) - len(body) <= 5, (number, measure.number)


def test_002_span_quotes_the_traditional_original(seeds: dict[str, Document]) -> None:
    measure = _measure(seeds["002"], "二、（三）7.")
    start, end = measure.span
    quote = seeds["002"].text[start:end]
    assert quote.startswith("7.探索配額分配激勵機制")
    assert quote.endswith("具體規則在年度配額分配方案中確定。")


def test_003_pdf_wraps_are_rejoined(seeds: dict[str, Document]) -> None:
    measure = _measure(seeds["003"], "二、（一）1.")
    assert "\n" not in measure.text
    assert "《天津市水上货物运输企业温室气体排放核算报告指南（试行）》" in measure.text


def test_drafts_are_typed_and_undated_drafts_are_flagged(seeds: dict[str, Document]) -> None:
    for number in ("003", "004"):
        doc = seeds[number]
        assert doc.doc_type == "draft"
        assert doc.dates.earliest_public is None
        assert any("no date" in w for w in doc.warnings)


def test_004_phases_are_general_and_plan_tasks_are_actions(seeds: dict[str, Document]) -> None:
    kinds = [m.kind for m in seeds["004"].measures]
    assert kinds.count("general") == 5
    assert kinds.count("action") == 10
    assert kinds.count("safeguard") == 3
    assert not any(m.departments for m in seeds["004"].measures)
