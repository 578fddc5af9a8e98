"""Cleaning PDF-style text: wraps rejoined, page furniture dropped, numbers tightened."""

from __future__ import annotations

import datetime as dt

from carbonnodes.corpus import Source, parse_source

HEADER = "天津市人民政府公报"
# A PDF extraction of a two-page plan: fixed-width wraps, a running header, page numbers,
# spaces inside dates and document numbers, a heading whose title sits on the next line.
PDF_TEXT = "\n".join(
    [
        HEADER,
        "天津市交通运输委员会关于印发天津市绿色",
        "出行行动方案的通知",
        "津交发〔2022 〕 12 号",
        "各区交通运输局：",
        "现将《天津市绿色出行行动方案》印发给你们，请认真贯",
        "彻执行。",
        "天津市交通运输委员会",
        "2022 年5 月8 日",
        "- 1 -",
        "\f" + HEADER,
        "一、重点任务",
        "（一）",
        "推广新能源公交车。到2025 年，全市新能源公交车占比",
        "达到90%以上，根据《关于印发2030年前碳达峰行动方案的",
        "通知》（国发〔2021 〕 23 号）要求，加快淘汰老旧柴油公",
        "交车。（市交通运输委、各区人民政府按职责分工负",
        "责）",
        "（二）建设充电设施。自2023 年1 月1 日起，新建停车场",
        "同步建设充电桩。（市发展改革委负责）",
        "- 2 -",
        "\f" + HEADER,
        "二、保障措施",
        "（一）加强组织领导。各单位要高度重视。",
        "- 3 -",
    ]
)


def test_pdf_text_is_rejoined_and_page_furniture_dropped() -> None:
    document = parse_source(Source("pdf-plan", PDF_TEXT, "plan.pdf", "sha"))
    assert [m.number for m in document.measures] == ["一、（一）", "一、（二）", "二、（一）"]
    first = document.measures[0]
    assert first.title == "推广新能源公交车"
    assert "\n" not in first.text and HEADER not in first.text and "- 2 -" not in first.text
    assert "全市新能源公交车占比达到90%以上" in first.text
    assert first.departments == ("市交通运输委", "各区人民政府")  # tail broken over lines
    assert [(t.year, t.value, t.unit, t.qualifier) for t in first.targets] == [
        (2025, 90.0, "%", "以上")
    ]
    assert document.measures[2].kind == "safeguard"


def test_pdf_metadata_survives_spaces_inside_numbers_and_dates() -> None:
    document = parse_source(Source("pdf-plan", PDF_TEXT, "plan.pdf", "sha"))
    assert document.title == "天津市绿色出行行动方案"
    assert document.number == "津交发〔2022〕12号"  # its own, not the cited 国发〔2021〕23号
    assert document.dates.signed == dt.date(2022, 5, 8)
    assert document.issuers == ("市交通运输委",)
    assert (document.scope, document.region) == ("city", "tianjin")


def test_a_measure_with_its_own_start_date_keeps_it() -> None:
    document = parse_source(Source("pdf-plan", PDF_TEXT, "plan.pdf", "sha"))
    charging = document.measures[1]
    assert charging.dates.effective == dt.date(2023, 1, 1)
    assert charging.dates.signed == dt.date(2022, 5, 8)
    assert document.measures[0].dates.effective is None


def test_spans_cover_the_wrapped_original_lines() -> None:
    document = parse_source(Source("pdf-plan", PDF_TEXT, "plan.pdf", "sha"))
    start, end = document.measures[0].span
    quote = document.text[start:end]
    assert quote.startswith("（一）\n推广新能源公交车")
    assert quote.endswith("按职责分工负\n责）")


def test_a_plans_table_of_contents_yields_no_measures() -> None:
    text = "\n".join(
        [
            "天津市测试规划",
            "目录",
            "一、发展基础",
            "二、重点任务",
            "（一）推广新能源汽车",
            "（二）建设充电设施",
            "一、发展基础",
            "本市交通运输结构持续优化。",
            "二、重点任务",
            "（一）推广新能源汽车",
            "加快公交车电动化。",
            "（二）建设充电设施",
            "建设充电桩。",
        ]
    )
    document = parse_source(Source("toc", text, "toc.txt", "sha"))
    assert [(m.number, m.title) for m in document.measures] == [
        ("一、", "发展基础"),
        ("二、（一）", "推广新能源汽车"),
        ("二、（二）", "建设充电设施"),
    ]
