"""The HTML pages over HTTP: Chinese by default, English on request, every part present."""

from __future__ import annotations

import re

from _webserver import Server

SERIES = {"region": "tianjin", "sector": "ground_transport"}


def test_start_page_offers_the_stored_series_in_both_languages(server: Server) -> None:
    zh = server.get("/").text
    assert '<html lang="zh-CN">' in zh and "地区" in zh and "天津" in zh
    regions = zh[zh.index('<select name="region"'):]
    assert regions[:regions.index("</select>")].count('<option value="tianjin"') == 1
    ratio = zh[zh.index('<select name="divided_by"'):]
    assert '<option value="peers">除以其他地区之和</option>' in ratio[:ratio.index("</select>")]
    en = server.get("/", lang="en").text
    assert '<html lang="en">' in en and "Region" in en and "Tianjin" in en
    assert 'href="/?lang=zh"' in en


def test_series_page_draws_chart_nodes_and_the_chosen_explanation(server: Server) -> None:
    page = server.get("/series", **SERIES).text
    assert 'class="series"' in page and 'class="ordinary"' in page
    markers = re.findall(r'class="node-marker" data-node="ground_transport-(\d+)"', page)
    assert markers, "nodes are marked on the chart"
    assert 'id="node"' not in page
    chosen = server.get("/series", **SERIES, node=1)
    assert chosen.status_code == 200
    assert 'id="node" data-node="1"' in chosen.text
    assert "节点 1：" in chosen.text and "可信度" in chosen.text
    assert "/api/download/explanations.csv?" in chosen.text
    english = server.get("/series", **SERIES, node=1, lang="en").text
    assert "Node 1" in english or "node 1" in english.lower()
    too_far = server.get("/series", **SERIES, node=len(markers) + 50)
    assert too_far.status_code == 422 and "nodes" in too_far.text


def test_a_node_s_page_counts_the_measures_that_cannot_make_it(server: Server) -> None:
    nodes = server.get("/api/nodes", region="天津", sector="地面交通").json()
    unfit = [n for n in nodes if n["unfit_measures"] > 0]
    assert {n["kind"] for n in unfit} <= {"anomaly", "seasonal"}
    episode = next(n for n in unfit if n["kind"] == "anomaly")
    page = server.get("/series", **SERIES, node=episode["number"]).text
    assert f"另有 {episode['unfit_measures']} 条部门、范围相符" in page and "为长期举措" in page
    english = server.get("/series", **SERIES, node=episode["number"], lang="en").text
    count = episode["unfit_measures"]
    assert f"{count} more measures of this sector and scope" in english
    assert "because they stand (programmes" in english
    industry = server.get("/api/nodes", region="天津", sector="工业").json()
    rise = next(n for n in industry if n["opposite_measures"] > 0)
    assert rise["effect_pct"] > 0
    page = server.get("/series", region="tianjin", sector="industry", node=rise["number"]).text
    count = rise["opposite_measures"]
    assert f"另有 {count} 条部门、范围相符" in page and "只会降低本部门排放" in page


def test_node_table_gives_each_effect_in_its_unit(server: Server) -> None:
    """A weekly-cycle change is in points of the weekly swing, not percent of the level."""
    page = server.get("/series", **SERIES).text
    table = page.split('id="node-table"')[1].split("</table>")[0]
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", table, flags=re.S)
    seasonal = [r for r in rows if "季节性" in r]
    assert seasonal, "Tianjin's transport has weekly-cycle changes"
    for row in seasonal:
        assert "个百分点" in row and "%" not in row, row


def test_search_page_highlights_matches(server: Server) -> None:
    page = server.get("/search", q="新能源汽车", sector="ground_transport", k=5).text
    assert "<mark>新能源汽车</mark>" in page
    assert page.count('class="hit"') <= 5
    empty_filters = server.get("/search", q="碳达峰", sector="", region="", after="", before="")
    assert empty_filters.status_code == 200 and 'class="hit"' in empty_filters.text
    both = server.get("/search", q="新能源汽车", sector=["ground_transport", "power"], k=20)
    assert both.status_code == 200
    assert both.text.count("selected>") >= 2  # both sectors stay chosen in the form
    bad = server.get("/search", q="碳达峰", after="yesterday")
    assert bad.status_code == 422 and "yesterday" in bad.text


def test_document_page_marks_measures_and_shows_versions(server: Server) -> None:
    documents = server.get("/api/documents", limit=500).json()["documents"]
    draft = next(d for d in documents if d["family"] and d["family"] != d["id"])
    page = server.get(f"/document/{draft['id']}").text
    assert page.count('<mark class="measure"') > 3
    assert 'id="versions"' in page and f'href="/document/{draft["family"]}?lang=zh"' in page
    assert "<script>" not in page.split('id="doc-text"')[1]
    single = next(d for d in documents if not d["family"])
    assert "该文件没有其他版本。" in server.get(f"/document/{single['id']}").text
    missing = server.get("/document/nope")
    assert missing.status_code == 404 and "nope" in missing.text


def test_runs_page_lists_ingests(server: Server) -> None:
    page = server.get("/runs").text
    assert "cm_three_regions_daily_2019_2022.csv" in page and "dcp_docs.jsonl" in page
    assert page.count("<tr>") >= 3


def test_unknown_names_give_a_page_with_the_message(server: Server) -> None:
    answer = server.get("/series", region="Atlantis", sector="Power")
    assert answer.status_code == 404
    assert "Atlantis" in answer.text and 'id="error-message"' in answer.text
    assert "Traceback" not in answer.text
    assert server.get("/no/such/page").status_code == 404
    assert server.get("/static/../conftest.py").status_code == 404


def test_pages_load_nothing_from_outside(server: Server) -> None:
    for path in ("/", "/search", "/documents", "/runs", "/apidocs"):
        page = server.get(path).text
        sources = re.findall(r'<(?:script|link|img)[^>]+(?:src|href)="([^"]+)"', page)
        assert sources and all(s.startswith("/static/") for s in sources), (path, sources)
    assert server.get("/static/web.js").headers["content-type"].startswith(
        ("application/javascript", "text/javascript"))
    assert server.get("/docs").status_code == 404  # Swagger UI would load a CDN


def test_api_page_lists_the_schema_operations(server: Server) -> None:
    schema = server.get("/openapi.json").json()
    page = server.get("/apidocs", lang="en").text
    for path in schema["paths"]:
        assert f"GET {path}</code>" in page
    assert "/api/download/explanations.csv" in schema["paths"]


def test_pages_forbid_scripts_from_elsewhere(server: Server) -> None:
    answer = server.get("/series", **SERIES)
    policy = answer.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "default-src 'self'" in policy
    assert answer.headers["x-content-type-options"] == "nosniff"
    assert "content-security-policy" in server.get("/api/nodes", **SERIES).headers



def test_a_monthly_series_page_says_it_is_detected_by_month(server: Server) -> None:
    aviation = server.get("/series", region="tianjin", sector="aviation").text
    assert "按月检测" in aviation
    assert "按月检测" not in server.get("/series", **SERIES).text
    assert "detected month by month" in server.get("/series", region="tianjin",
                                                    sector="aviation", lang="en").text


def test_a_yearly_share_series_page_lists_its_construction_steps(server: Server) -> None:
    """Tianjin's transport among the three stored provinces: one step per 1 January, in
    the header and not among the nodes; Power, built month by month, has none."""
    page = server.get("/series", **SERIES).text
    [line] = re.findall(r"<dt>数据构造步长</dt><dd>([^<]*)</dd>", page)
    assert [d for d in ("2020年1月1日", "2021年1月1日", "2022年1月1日") if d in line] == [
        "2020年1月1日", "2021年1月1日", "2022年1月1日"]
    assert "3 个地区（含本地区）" in line
    assert "数据构造步长" not in server.get("/series", region="tianjin", sector="power").text


def test_series_page_of_a_ratio_says_what_it_was_divided_by(server: Server) -> None:
    page = server.get("/series", **SERIES, divided_by="peers").text
    assert "本序列为天津市除以其他 2 个地区之和之比" in page
    assert "比值（无量纲）" in page
    assert '<i class="swatch line-series"></i>比值</span>' in page  # the chart's key
    assert '<option value="peers" selected>' in page
    links = re.findall(r'href="(/series\?[^"]*node=\d+)', page)
    assert links and all("divided_by=peers" in link for link in links)
    assert "/api/download/nodes.csv?region=tianjin&amp;sector=ground_transport" in page
    assert "divided_by=peers&amp;lang=zh" in page
