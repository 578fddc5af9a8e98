"""Reading every supported format and encoding, with sidecar and manifest metadata."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

import docx
import pytest

from carbonnodes.corpus import Skipped, Source, parse_source, read_sources
from carbonnodes.model import Document
from corpus._files import seed_path
from corpus._pdf import pdf_bytes

PLAN = (
    "天津市绿色交通测试方案\n"
    "津交发〔2021〕7号\n"
    "根据《国务院关于印发2030年前碳达峰行动方案的通知》（国发〔2021〕23号），制定本方案。\n"
    "一、重点任务\n"
    "（一）推广新能源汽车。到2025年，新能源公交车比例达到90%以上。（市交通运输委负责）\n"
    "（二）建设充电设施。加快充电桩建设。（市发改委、各区人民政府按职责分工负责）\n"
    "天津市交通运输委员会\n"
    "2021年5月8日\n"
)


def _read_one(path: Path) -> Source:
    (source,) = read_sources([path])
    assert isinstance(source, Source), source
    return source


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_text_encodings_decode_to_the_same_document(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / f"Plan {encoding}.TXT"
    path.write_bytes(PLAN.encode(encoding))
    source = _read_one(path)
    assert source.text == PLAN
    assert source.doc_id == f"plan-{encoding}"
    document = parse_source(source)
    assert document.number == "津交发〔2021〕7号"  # never the cited 国发〔2021〕23号
    assert document.dates.signed == dt.date(2021, 5, 8)
    assert [m.departments for m in document.measures] == [
        ("市交通运输委",),
        ("市发展改革委", "各区人民政府"),
    ]
    assert document.measures[0].targets[0].value == 90.0


def test_html_drops_scripts_and_menus(tmp_path: Path) -> None:
    body = "".join(f"<p>{line}</p>" for line in PLAN.splitlines())
    html = (
        "<html><head><title>t</title><meta name='PubDate' content='2021-05-09 10:00'>"
        "<script>var x = '一、脚本';</script></head><body>"
        f"<nav><a>首页</a><a>政务公开</a></nav>{body}<footer>版权所有</footer></body></html>"
    )
    path = tmp_path / "page.html"
    path.write_text(html, encoding="utf-8")
    document = parse_source(_read_one(path))
    assert [m.number for m in document.measures] == ["一、（一）", "一、（二）"]
    assert "脚本" not in document.text and "版权所有" not in document.text
    assert document.dates.signed == dt.date(2021, 5, 8)  # the text's own date is kept


def test_html_page_date_is_used_only_when_the_text_has_none(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(
        "<html><head><meta name='PubDate' content='2021-05-09'></head>"
        "<body><p>天津市测试方案</p><p>一、推广新能源汽车。</p></body></html>",
        encoding="utf-8",
    )
    document = parse_source(_read_one(path))
    assert document.dates.published == dt.date(2021, 5, 9)
    assert any("page metadata" in w for w in document.warnings)


def test_docx_paragraphs_are_read(tmp_path: Path) -> None:
    word = docx.Document()
    for line in PLAN.splitlines():
        word.add_paragraph(line)
    path = tmp_path / "plan.docx"
    word.save(str(path))
    document = parse_source(_read_one(path))
    assert document.title == "天津市绿色交通测试方案"
    assert len(document.measures) == 2


def _text_pdf(line: str) -> bytes:
    """A one-page PDF whose text layer holds ``line`` (ASCII, built-in Helvetica)."""
    stream = f"BT /F1 18 Tf 72 700 Td ({line}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    return pdf_bytes(objects)


def test_pdf_text_layer_is_read(tmp_path: Path) -> None:
    path = tmp_path / "report.pdf"
    path.write_bytes(_text_pdf("Green travel plan 2021"))
    source = _read_one(path)
    assert "Green travel plan 2021" in source.text
    assert source.warnings == ()


def test_sidecar_fills_gaps_and_wins_where_both_speak(tmp_path: Path) -> None:
    path = tmp_path / "plan.txt"
    path.write_text(PLAN, encoding="utf-8")
    sidecar = {
        "url": "https://example.gov.cn/plan.html",
        "published": "2021-05-20",
        "signed": "2021-05-09",
        "issuers": "天津市交通运输委员会;天津市发展和改革委员会",
    }
    (tmp_path / "plan.meta.json").write_text(json.dumps(sidecar), encoding="utf-8")
    document = parse_source(_read_one(path))
    assert document.url == "https://example.gov.cn/plan.html"
    assert document.measures[0].source == "https://example.gov.cn/plan.html"
    assert document.dates.published == dt.date(2021, 5, 20)  # only the sidecar has it
    assert document.dates.signed == dt.date(2021, 5, 9)  # both have it: the sidecar's
    assert any("signed date" in w for w in document.warnings)
    assert document.issuers == ("市交通运输委", "市发展改革委")
    assert document.title == "天津市绿色交通测试方案"  # the sidecar is silent: the text's


def test_manifest_gives_metadata_to_files_in_its_folder(shared: Path, tmp_path: Path) -> None:
    draft = tmp_path / "draft.txt"
    draft.write_bytes(seed_path(shared, "003").read_bytes())
    (tmp_path / "manifest.csv").write_text(
        "file,published,issuers,url\n"
        "draft.txt,2025-08-01,天津市生态环境局,https://example.gov.cn/d\n",
        encoding="utf-8",
    )
    (tmp_path / "broken.meta.json").write_text("{", encoding="utf-8")
    (tmp_path / "broken.txt").write_text(PLAN, encoding="utf-8")
    sources = {s.doc_id: s for s in read_sources([tmp_path]) if isinstance(s, Source)}
    document = parse_source(sources["draft"])
    assert document.dates.published == dt.date(2025, 8, 1)
    assert document.issuers == ("市生态环境局",)
    assert not any("no date" in w for w in document.warnings)
    assert any("unreadable" in w for w in sources["broken"].warnings)


def test_jsonl_records_keep_their_ids_and_provenance(shared: Path) -> None:
    sources = [s for s in read_sources([shared / "data/policies/dcp_docs.jsonl"])]
    assert len(sources) == 25 and all(isinstance(s, Source) for s in sources)
    first = sources[0]
    assert isinstance(first, Source)
    assert first.doc_id.startswith("dcp-")
    assert first.url.startswith("https://github.com/yeahqiona/Dual-carbon-policies/blob/9317fc3")
    assert "date" in first.hints


def test_law_style_text_is_split_by_article_not_by_its_contents(shared: Path) -> None:
    with (shared / "data/policies/dcp_full.jsonl").open(encoding="utf-8") as lines:
        line = next(ln for ln in lines if ln.startswith('{"id": "dcp-101"'))
    record = json.loads(line)
    source = Source("dcp-101", record["text"], "dcp_full.jsonl:2", "x")
    document = parse_source(source)
    numbers = [m.number for m in document.measures]
    assert len(numbers) == 74  # 第一条 … 第七十四条, none from the 目录
    assert numbers[0] == "第一章第一条"
    assert numbers[-1] == "第七章第七十四条"
    assert document.doc_type == "regulation"
    assert document.dates.signed == dt.date(2022, 3, 30)  # passed by the standing committee
    assert document.dates.effective == dt.date(2022, 5, 1)
    assert document.issuers == ("福建省人民代表大会常务委员会",)
    assert (document.scope, document.region) == ("province", "fujian")


def test_missing_and_unsupported_paths_are_skipped(tmp_path: Path) -> None:
    odd = tmp_path / "notes.xyz"
    odd.write_text("x", encoding="utf-8")
    results = list(read_sources([tmp_path / "nowhere.txt", odd]))
    assert [type(r) for r in results] == [Skipped, Skipped]
    assert "no such file" in str(results[0])
    assert "unsupported" in str(results[1])


def _source(shared: Path, doc_id: str) -> Source:
    (source,) = (s for s in read_sources([shared / "data/policies/dcp_full.jsonl"])
                 if isinstance(s, Source) and s.doc_id == doc_id)
    return source


def _parsed(shared: Path, doc_id: str) -> Document:
    return parse_source(_source(shared, doc_id))


@pytest.mark.parametrize(
    ("doc_id", "region"),
    [("dcp-282", "suzhou_jiangsu"),  # 苏州市科技发展计划: the city named only in the text
     ("dcp-234", "wuzhou"),  # 梧州市人民政府印发…: once scoped to all of Guangxi
     ("dcp-461", "jinan"),  # 济南市“十四五”生态环境保护规划: once scoped to all of Shandong
     ("dcp-428", "ngawa"),  # 阿坝藏族羌族自治州: an autonomous prefecture
     ("dcp-454", "shangluo"),  # 商政办发: once read as a Ministry of Commerce number
     ("dcp-254", "xuzhou")],  # 徐州 bare in the text; 徐州市 in the file's name
)
def test_a_city_s_document_is_scoped_to_its_city(shared: Path, doc_id: str, region: str) -> None:
    """A prefecture-level city's plan reaches that city's nodes, not its whole province's."""
    document = _parsed(shared, doc_id)
    assert (document.scope, document.region) == ("city", region)


SPEAKS = "speaks of the nation"
SIGNED = "signature is the nation's"


@pytest.mark.parametrize(
    ("doc_id", "why"),
    [("dcp-545", SPEAKS),  # 完善能源消费强度和总量双控制度方案: the attachment alone
     ("dcp-016", SPEAKS),  # “十四五”现代能源体系规划
     ("dcp-034", SPEAKS),  # 碳排放权交易管理办法（试行）
     ("dcp-303", SIGNED),  # 中国清洁发展机制基金管理办法: its title opens with the nation
     ("dcp-410", SIGNED)],  # 经济、技术政策…分析技术指南: 生态环境部 on a line under its title
)
def test_a_text_that_names_no_place_but_is_the_nation_s_is_national(
    shared: Path, doc_id: str, why: str
) -> None:
    """Such a text once kept no region and so reached no node at all: it speaks of the nation
    more than of a place, or (with too few such words) its title or a signature says whose."""
    document = _parsed(shared, doc_id)
    assert (document.scope, document.region) == ("national", "china")
    assert any(why in w for w in document.warnings)


def test_a_local_notice_that_names_no_place_stays_unplaced_but_its_file_name_may_place_it(
    shared: Path,
) -> None:
    """安徽省's survey speaks of 我省 only; the file's name says 安徽省. Read without that
    name, it would keep no region: never the nation's."""
    document = _parsed(shared, "dcp-264")
    assert (document.scope, document.region) == ("province", "anhui")
    bare = parse_source(dataclasses.replace(_source(shared, "dcp-264"), hints={}))
    assert (bare.scope, bare.region) == ("province", "")


@pytest.mark.parametrize(
    "doc_id",
    ["dcp-397",  # 电机能效提升计划: to 各省、自治区、直辖市及计划单列市、新疆生产建设兵团…
     "dcp-131",  # 绿色债券支持项目目录: to 中国人民银行上海总部, … 各省、自治区、直辖市
     "dcp-226"],  # 国家生态工业示范园区: to 有关省、自治区、直辖市; 地址：北京市… once placed it
)
def test_a_notice_to_every_province_is_national(shared: Path, doc_id: str) -> None:
    """Its list of addressees names 新疆 or 上海 first: once taken for their documents."""
    document = _parsed(shared, doc_id)
    assert (document.scope, document.region) == ("national", "china")


def test_a_county_level_city_s_document_is_its_own_and_a_phrase_is_no_city() -> None:
    """昆山市's plan is 昆山's (under 苏州, under 江苏); 沿海城市 ends in 海城市, a county-level
    city of Liaoning, but names no place."""
    plan = parse_source(Source(
        "ks-1", "昆山市人民政府关于印发昆山市碳达峰实施方案的通知\n昆政发〔2022〕30号\n"
        "各区镇人民政府：\n一、推进工业绿色转型。严控高耗能项目。\n", "ks.txt", "x"))
    assert (plan.scope, plan.region) == ("city", "kunshan")
    coast = parse_source(Source(
        "coast-1", "关于推动沿海城市绿色低碳发展的通知\n各有关单位：\n一、推进港口岸电建设。\n",
        "coast.txt", "x"))
    assert coast.region != "haicheng"


@pytest.mark.parametrize(
    "doc_id",
    ["dcp-027",  # 住建部's Yangtze and Yellow River plans: 先后在重庆、武汉、南京主持召开…
     "dcp-477"],  # 生态环境部's pilots: to 河北省、吉林省、…、重庆市、陕西省生态环境厅; 我部组织…
)
def test_a_place_named_in_a_list_of_places_is_not_the_document_s(shared: Path, doc_id: str) -> None:
    """Their first lines name places only in lists: once Chongqing's and Hebei's documents."""
    document = _parsed(shared, doc_id)
    assert (document.scope, document.region) == ("national", "china")


def test_the_first_place_named_outside_a_list_is_the_document_s() -> None:
    """A city's notice that lists its districts first is still the city's."""
    notice = parse_source(Source(
        "list-1", "关于推进园区绿色低碳改造的通知\n各区、县（市）：\n为落实天津市、河北省协同要求，"
        "济南市人民政府决定开展园区绿色低碳改造。\n一、推进园区集中供热。\n", "list.txt", "x"))
    assert (notice.scope, notice.region) == ("city", "jinan")


@pytest.mark.parametrize(
    ("doc_id", "framing", "first_action"),
    [("dcp-146", ("“十三五”时期生态环境保护进展成效", "“十四五”时期生态环境保护面临的机遇挑战"),
      "加快建立减污降碳协同推进机制"),
     ("dcp-416", ("“十三五”海洋生态环境保护工作成效", "“十四五”海洋生态环境保护面临机遇与挑战",
                  "规划原则", "目标指标"), "减少陆源入海污染负荷")],
)
def test_a_plan_s_review_of_where_it_starts_is_framing_not_a_measure(
    shared: Path, doc_id: str, framing: tuple[str, ...], first_action: str
) -> None:
    """Tianjin's plans open with the last five years' achievements and the situation ahead;
    taken for actions, they were offered as causes of a rise in 2022."""
    measures = _parsed(shared, doc_id).measures
    kinds = {m.title: m.kind for m in measures}
    assert all(kinds[title] == "general" for title in framing)
    assert kinds[first_action] == "action"
    assert sum(m.kind == "action" for m in measures) > len(measures) // 2


def test_who_sits_on_a_leading_group_is_no_action(shared: Path) -> None:
    """dcp-286 sets up a carbon-peaking leading group: its two sections list members and
    duties (组长 … 成员 …). Read as actions, they were offered under transport's nodes as
    measures published later."""
    sources = read_sources([shared / "data/policies/dcp_docs.jsonl"])
    source = next(s for s in sources if isinstance(s, Source) and s.doc_id == "dcp-286")
    document = parse_source(source)
    groups = [m for m in document.measures if "成员及职责" in m.title]
    assert len(groups) == 2
    assert {m.kind for m in groups} == {"safeguard"}
