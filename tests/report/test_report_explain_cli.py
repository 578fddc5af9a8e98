"""``carbonnodes explain``: bad input exits 2 with one line; the real pipeline on Tianjin."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from carbonnodes.attribute._action import BRIEF_DAYS, EPISODIC_WORDS, WEEKLY_WORDS
from carbonnodes.cli import app
from carbonnodes.corpus import ingest_policies, load_documents
from carbonnodes.index import direction_words
from carbonnodes.series import ingest_emissions
from carbonnodes.store import open_store

runner = CliRunner()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "pdf"], "unknown format 'pdf'"),
        (["--lang", "fr"], "unknown language 'fr'"),
        (["--format", "md", "--format", "json"], "several formats need --out"),
        (["--fixed-time", "noon"], "not an ISO date-time"),
        ([], "no store here yet"),
    ],
)
def test_bad_input_is_one_line_and_a_nonzero_exit(
    tmp_path: Path, args: list[str], message: str
) -> None:
    result = runner.invoke(app, ["explain", "--city", "天津", "--db",
                                 str(tmp_path / "none.duckdb"), *args])
    assert result.exit_code in (2, 3)
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.fixture(scope="module")
def tianjin_db(shared: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real inputs of the main job: Carbon Monitor daily, the seeds and dcp_docs."""
    path = tmp_path_factory.mktemp("explain") / "store.duckdb"
    with open_store(path) as store:
        ingest_emissions(store, [shared / "data/emissions/cm_china_province_daily_2019_2022.csv"])
        seeds = sorted(p for p in (shared / "seeds").glob("*.txt") if not p.name.startswith("000"))
        ingest_policies(store, [*seeds, shared / "data/policies/dcp_docs.jsonl"])
    return path


@pytest.mark.slow
def test_explain_tianjin_ground_transport_end_to_end(tianjin_db: Path, tmp_path: Path) -> None:
    common = ["explain", "--city", "天津", "--sector", "地面交通", "--no-peers",
              "--fixed-time", "2026-01-01T00:00:00Z", "--db", str(tianjin_db)]
    formats = ["--format", "md", "--format", "html", "--format", "json"]
    result = runner.invoke(app, [*common, *formats, "--out", str(tmp_path / "tianjin")])
    assert result.exit_code == 0, result.stderr
    md = (tmp_path / "tianjin.md").read_text(encoding="utf-8")
    html = (tmp_path / "tianjin.html").read_text(encoding="utf-8")
    payload = json.loads((tmp_path / "tianjin.json").read_text(encoding="utf-8"))
    # the sector is 地面交通 wherever the report names it (quoted documents may say 机构)
    headings = [x for x in md.splitlines() if x.startswith(("#", "- **部门**"))]
    assert "- **部门**：地面交通" in headings and not any("机构" in x for x in headings)
    assert not re.search(r"<h[12][^>]*>[^<]*机构", html)
    assert "cm_china_province_daily_2019_2022.csv" in md
    report = payload["reports"][0]
    # the 1 January share steps, in Tianjin's share of the 26 provinces of the store
    steps = report["construction_steps"]
    assert [s["date"] for s in steps] == ["2020-01-01", "2021-01-01", "2022-01-01"]
    assert all(s["regions"] == 26 for s in steps)
    [line] = [x for x in md.splitlines() if x.startswith("- **数据构造步长**")]
    assert "2022年1月1日 −2.6%" in line
    assert report["sector"] == "ground_transport" and report["nodes"]
    with open_store(tianjin_db, read_only=True) as store:
        documents = {d.id: d for d in load_documents(store)}
    assert payload["meta"]["corpus"]["documents"] == len(documents)
    for node in report["nodes"]:
        day = dt.date.fromisoformat(node["date"])
        for link in node["links"]:
            if link["explanation"]["type"] != "measure":
                continue
            measure = link["explanation"]
            doc = documents[measure["doc_id"]]
            stated = {k: v.isoformat() for k, v in (("signed", doc.dates.signed),
                      ("published", doc.dates.published), ("effective", doc.dates.effective))
                      if v is not None}
            assert all(measure["dates"][k] == v for k, v in stated.items())
            if link["relation"] == "cause":
                public = [dt.date.fromisoformat(v) for k, v in measure["dates"].items()
                          if k in ("signed", "published")]
                assert not public or min(public) <= day, (node["date"], measure["id"])
            assert measure["excerpt"].rstrip("…")[:20] in " ".join(measure["text"].split())
        if dt.date(2019, 1, 1) <= day < dt.date(2020, 10, 1):
            assert node["none_found"], node["date"]  # nothing in the corpus predates it
    assert html.count('class="node-marker"') == len(report["nodes"])
    again = runner.invoke(app, [*common, "--format", "json", "--out",
                                str(tmp_path / "again.json")])
    assert again.exit_code == 0, again.stderr
    assert (tmp_path / "again.json").read_bytes() == (tmp_path / "tianjin.json").read_bytes()


@pytest.mark.slow
def test_explain_tianjin_aviation_is_reported_by_month(tianjin_db: Path, tmp_path: Path) -> None:
    """Aviation holds one value per month: the report says it was detected month by month,
    and no node is dated or ends inside a month."""
    result = runner.invoke(app, ["explain", "--city", "天津", "--sector", "航空", "--no-peers",
                                 "--fixed-time", "2026-01-01T00:00:00Z", "--db", str(tianjin_db),
                                 "--format", "md", "--format", "json",
                                 "--out", str(tmp_path / "aviation")])
    assert result.exit_code == 0, result.stderr
    report = json.loads((tmp_path / "aviation.json").read_text(encoding="utf-8"))["reports"][0]
    assert report["resolution"] == "month" and report["nodes"]
    for node in report["nodes"]:
        assert node["date"].endswith("-01")
        assert node["end"] is None or node["end"].endswith("-01") or node["end"] == "2022-12-31"
    assert "按月检测" in (tmp_path / "aviation.md").read_text(encoding="utf-8")


def _measure_links(node: dict[str, Any]) -> list[tuple[str, bool]]:
    """Each measure's title and text, and whether its action was demoted."""
    return [(f"{x['explanation']['title']}\n{x['explanation']['text']}",
             any(k in x["components"] for k in ("demotion_unfit", "demotion_opposite")))
            for x in node["links"] if x["explanation"]["type"] == "measure"]


@pytest.mark.slow
def test_tianjin_transport_nodes_demote_measures_that_cannot_make_their_kind(
    tianjin_db: Path, tmp_path: Path
) -> None:
    """The two-week dip of late May 2022 was offered the national energy-saving programme's
    transport project (a 2025 target for new-energy cars) as its cause: a standing measure
    makes no episode that returns. Demoted, it falls under the bar and is counted; every
    measure still offered for an episode acts in episodes or carries the demotion, and so
    for weekly-cycle changes and measures that act by weekday."""
    result = runner.invoke(app, ["explain", "--city", "天津", "--sector", "地面交通", "--no-peers",
                                 "--fixed-time", "2026-01-01T00:00:00Z", "--db", str(tianjin_db),
                                 "--format", "md", "--format", "json",
                                 "--out", str(tmp_path / "gt")])
    assert result.exit_code == 0, result.stderr
    nodes = json.loads((tmp_path / "gt.json").read_text(encoding="utf-8"))["reports"][0]["nodes"]
    [may] = [n for n in nodes if n["kind"] == "anomaly" and n["date"].startswith("2022-05")]
    assert may["end"] is not None and may["end"] < "2022-06-30"
    assert may["none_found"] and may["unfit_measures"] > 0
    for node in nodes:
        brief = node["kind"] == "anomaly" and (
            dt.date.fromisoformat(node["end"]) - dt.date.fromisoformat(node["date"])
        ).days <= BRIEF_DAYS
        fitting = EPISODIC_WORDS if brief else WEEKLY_WORDS if node["kind"] == "seasonal" else None
        for text, demoted in _measure_links(node):
            assert demoted == (fitting is not None and not any(w in text for w in fitting))
        if fitting is None:
            assert node["unfit_measures"] == 0
    md = (tmp_path / "gt.md").read_text(encoding="utf-8")
    assert f"另有 {may['unfit_measures']} 条部门、范围相符" in md and "为长期举措" in md


@pytest.mark.slow
def test_a_rise_of_tianjin_industry_demotes_measures_that_only_cut(
    tianjin_db: Path, tmp_path: Path
) -> None:
    """Industry grows +180 % a year faster from August 2022; energy-saving and clean-production
    measures were its causes. Now they are demoted, and those that fall under the bar are
    counted."""
    result = runner.invoke(app, ["explain", "--city", "天津", "--sector", "工业", "--no-peers",
                                 "--fixed-time", "2026-01-01T00:00:00Z", "--db", str(tianjin_db),
                                 "--format", "md", "--format", "json",
                                 "--out", str(tmp_path / "industry")])
    assert result.exit_code == 0, result.stderr
    nodes = json.loads((tmp_path / "industry.json").read_text(encoding="utf-8"))
    nodes = nodes["reports"][0]["nodes"]
    [rise] = [n for n in nodes if n["date"].startswith("2022-08")]
    assert rise["kind"] == "trend_change" and rise["effect_pct"] > 100
    assert rise["opposite_measures"] > 0
    down, up = direction_words("industry", "down"), direction_words("industry", "up")
    for node in nodes:
        if node["kind"] not in ("level_shift", "trend_change"):
            continue
        for text, demoted in _measure_links(node):
            cuts = any(w in text for w in down) and not any(w in text for w in up)
            assert demoted == (node["effect_pct"] > 0 and cuts)
    md = (tmp_path / "industry.md").read_text(encoding="utf-8")
    count = rise["opposite_measures"]
    assert f"另有 {count} 条部门、范围相符" in md and "只会降低本部门排放" in md


def _nodes_of_detect(db: Path, *args: str) -> list[tuple[str, str, float]]:
    result = runner.invoke(app, ["detect", "--city", "天津", "--db", str(db), "--json", "-",
                                 *args])
    assert result.exit_code == 0, result.stderr
    nodes = json.loads(result.stdout)["series"][0]["nodes"]
    return [(n["date"], n["kind"], n["effect_pct"]) for n in nodes]


@pytest.mark.slow
def test_explain_relative_to_a_region_reports_the_ratio_s_own_nodes(
    tianjin_db: Path, tmp_path: Path
) -> None:
    """Tianjin's transport over Beijing's: the same national shape, two yearly shares, so the
    report's nodes are the ratio's 1 January steps, the same as ``detect`` gives, each naming
    both regions' share steps, and the report says what the series was divided by."""
    result = runner.invoke(app, ["explain", "--city", "天津", "--sector", "地面交通",
                                 "--relative-to", "Beijing", "--db", str(tianjin_db),
                                 "--fixed-time", "2026-01-01T00:00:00Z", "--format", "json",
                                 "--format", "md", "--out", str(tmp_path / "ratio")])
    assert result.exit_code == 0, result.stderr
    doc = json.loads((tmp_path / "ratio.json").read_text(encoding="utf-8"))
    assert doc["meta"]["settings"]["relative_to"] == "beijing"
    assert doc["meta"]["settings"]["peers"] is False  # a ratio is its own comparison
    [report] = doc["reports"]
    assert (report["unit"], report["divided_by"]) == ("ratio", ["beijing"])
    got = [(n["date"], n["kind"], n["effect_pct"]) for n in report["nodes"]]
    assert got == _nodes_of_detect(tianjin_db, "--sector", "地面交通", "--relative-to", "北京")
    assert got and all(date.endswith("-01-01") for date, _, _ in got)
    for node in report["nodes"]:
        ids = node["explained_by"]
        assert any(i.startswith("artefact:year_step:") for i in ids), ids
        assert any(i.startswith("reference:artefact:year_step:") for i in ids), ids
        assert node["reach"] is None
    md = (tmp_path / "ratio.md").read_text(encoding="utf-8")
    assert "本序列为天津市除以北京市同部门序列之比" in md
    assert "（参照序列北京市）" in md  # Beijing's step is named as the reference's
    assert "比值序列：参照地区已除去" in md


@pytest.mark.slow
def test_explain_relative_divides_by_the_other_regions(tianjin_db: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["explain", "--city", "Tianjin", "--sector", "Industry",
                                 "--relative", "--lang", "en", "--db", str(tianjin_db),
                                 "--fixed-time", "2026-01-01T00:00:00Z", "--format", "json",
                                 "--format", "html", "--out", str(tmp_path / "ratio")])
    assert result.exit_code == 0, result.stderr
    [report] = json.loads((tmp_path / "ratio.json").read_text(encoding="utf-8"))["reports"]
    assert report["unit"] == "ratio" and len(report["divided_by"]) == 25
    assert "tianjin" not in report["divided_by"]
    got = [(n["date"], n["kind"], n["effect_pct"]) for n in report["nodes"]]
    assert got == _nodes_of_detect(tianjin_db, "--sector", "工业", "--relative")
    html = (tmp_path / "ratio.html").read_text(encoding="utf-8")
    assert "Tianjin divided by the sum of the 25 other regions" in html
    assert "ratio (dimensionless)" in html
    assert '<i class="swatch line-series"></i>Ratio</span>' in html  # the chart's key


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--relative", "--relative-to", "北京"], "choose one"),
        (["--relative-to", "天津市"], "divided by itself"),
        (["--relative-to", "Atlantis"], "Atlantis"),
    ],
)
def test_ratio_options_are_checked(tianjin_db: Path, args: list[str], message: str) -> None:
    result = runner.invoke(app, ["explain", "--city", "天津", "--sector", "地面交通",
                                 "--db", str(tianjin_db), *args])
    assert result.exit_code == 2, result.stderr
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
