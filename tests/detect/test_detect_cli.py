"""``carbonnodes detect`` end to end: bare CSVs, the store, peers, JSON shape, bad input."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from carbonnodes.cli import app
from carbonnodes.detect import DEFAULT_FALSE_ALARM_RATE

runner = CliRunner()
#: DESIGN.md's node fields, and the two the CLI adds (local_possible, effect_by_end).
NODE_FIELDS = {
    "date", "kind", "confidence", "effect_pct", "effect_ci", "window", "end", "explained_by",
    "peers_same", "peers_total", "peers_expected", "peers_showing", "reach", "local_possible",
    "effect_by_end",
}


def _steps_on_new_year_only(nodes: list[dict[str, Any]], step: str) -> None:
    """What is left of a ratio of two shares of one national curve: steps on 1 January,
    each named by the year step whose id starts with ``step``."""
    assert nodes
    for node in nodes:
        assert node["date"].endswith("-01-01"), node
        assert f"{step}{node['date']}" in node["explained_by"], node


def _invoke(*args: str):
    return runner.invoke(app, ["detect", *args])


def test_csv_json_has_the_design_shape_and_is_deterministic(
    bare_csv: Callable[..., Path], tmp_path: Path
):
    path = bare_csv("Tianjin", "Industry")
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    assert _invoke("--csv", str(path), "--json", str(first)).exit_code == 0
    assert _invoke("--csv", str(path), "--json", str(second)).exit_code == 0
    assert first.read_bytes() == second.read_bytes()
    doc = json.loads(first.read_text(encoding="utf-8"))
    assert doc["schema_version"] == 1
    assert doc["settings"]["false_alarm_rate"] == DEFAULT_FALSE_ALARM_RATE
    [entry] = doc["series"]
    assert entry["source"] == path.name
    assert entry["construction_steps"] == []  # no other region to measure them against
    assert entry["nodes"]
    for node in entry["nodes"]:
        assert set(node) == NODE_FIELDS
        assert node["local_possible"] is True  # a bare series is the region's own data
        assert node["window"][0] <= node["date"] <= node["window"][1]
        assert node["kind"] in ("level_shift", "trend_change", "seasonal", "anomaly")


def test_json_dash_writes_only_json_to_stdout(bare_csv: Callable[..., Path]):
    path = bare_csv("Beijing", "Ground Transport")
    result = _invoke("--csv", str(path), "--json", "-")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["series"][0]["source"] == path.name


def test_a_folder_means_every_csv_in_it(bare_csv: Callable[..., Path], tmp_path: Path):
    bare_csv("Tianjin", "Ground Transport")
    bare_csv("Shanghai", "Ground Transport")
    bare_csv("Beijing", "Ground Transport", name="BEIJING.CSV")  # a suffix in capitals too
    (tmp_path / "notes.txt").write_text("not a series\n", encoding="utf-8")
    result = _invoke("--csv", str(tmp_path), "--json", "-")
    assert result.exit_code == 0
    sources = [s["source"] for s in json.loads(result.stdout)["series"]]
    assert sources == ["BEIJING.CSV", "Shanghai_Ground_Transport.csv",
                       "Tianjin_Ground_Transport.csv"]


def test_files_after_one_csv_flag_as_a_shell_glob_gives_them(bare_csv: Callable[..., Path],
                                                              tmp_path: Path):
    first = bare_csv("Tianjin", "Ground Transport")
    second = bare_csv("Shanghai", "Ground Transport")
    # `--csv data/*.csv`: the shell hands every file after the one flag; the folder and a file
    # in it name that file twice, and it is detected once (it would be its own peer)
    result = _invoke("--csv", str(first), str(second), str(tmp_path), "--sector", "地面交通",
                     "--json", "-")
    assert result.exit_code == 0, result.stderr
    series = json.loads(result.stdout)["series"]
    assert [s["source"] for s in series] == [first.name, second.name]
    assert all(n["peers_total"] == 1 for s in series for n in s["nodes"])
    alone = _invoke(str(first))
    assert alone.exit_code == 2 and "needs --csv" in alone.stderr


def test_csvs_of_one_name_in_two_folders_stay_two_series(bare_csv: Callable[..., Path],
                                                        tmp_path: Path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first = bare_csv("Tianjin", "Ground Transport", name="a/x.csv")
    second = bare_csv("Shanghai", "Ground Transport", name="b/x.csv")
    result = _invoke("--csv", str(first), str(second), "--sector", "地面交通", "--json", "-")
    assert result.exit_code == 0, result.stderr
    series = json.loads(result.stdout)["series"]
    assert [s["source"] for s in series] == [str(first), str(second)]
    # two regions, so each is the other's peer
    covid = [n for s in series for n in s["nodes"]
             if n["kind"] == "anomaly" and "2020-01-15" < n["date"] < "2020-02-01"]
    assert len(covid) == 2 and all((n["peers_same"], n["peers_total"]) == (1, 1) for n in covid)


def test_bad_csv_exits_2_with_one_line(bare_csv: Callable[..., Path]):
    path = bare_csv("Guangdong", "Residential")  # all zero
    result = _invoke("--csv", str(path))
    assert result.exit_code == 2
    assert result.stderr.strip().startswith("error: ")
    assert "all values are zero" in result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_short_csv_exits_2(bare_csv: Callable[..., Path]):
    path = bare_csv("Tianjin", "Power", edit=lambda rows: rows[:400])
    result = _invoke("--csv", str(path))
    assert result.exit_code == 2
    assert "too short" in result.stderr


def test_one_bad_file_among_several_is_skipped(bare_csv: Callable[..., Path], tmp_path: Path):
    bare_csv("Guangdong", "Residential")
    bare_csv("Tianjin", "Power")
    result = _invoke("--csv", str(tmp_path), "--json", "-")
    assert result.exit_code == 0
    assert "skipped Guangdong_Residential.csv" in result.stderr
    assert [s["source"] for s in json.loads(result.stdout)["series"]] == ["Tianjin_Power.csv"]


def test_city_and_sector_say_what_a_csv_is(bare_csv: Callable[..., Path]):
    path = bare_csv("Beijing", "Residential")
    bare = json.loads(_invoke("--csv", str(path), "--json", "-").stdout)["series"][0]
    result = _invoke("--csv", str(path), "--city", "北京市", "--sector", "居民",
                     "--dataset", "carbon_monitor", "--json", "-")
    assert result.exit_code == 0, result.stderr
    [labelled] = json.loads(result.stdout)["series"]
    assert labelled["source"] == path.name
    assert (labelled["region"], labelled["sector"]) == ("beijing", "residential")
    assert (bare["region"], bare["sector"]) == (None, None)
    named = {e for n in labelled["nodes"] for e in n["explained_by"]}
    # Beijing's heating season and the dataset's weather-driven Residential shape explain
    # nodes of the labelled file; the unlabelled one knows only the national calendar
    assert any("heating" in e and "beijing" in e for e in named), named
    assert any(e.startswith("artefact:temperature_shape") for e in named), named
    assert not any("beijing" in e or "artefact" in e
                   for n in bare["nodes"] for e in n["explained_by"])
    table = _invoke("--csv", str(path), "--city", "Beijing", "--sector", "Residential")
    assert f"{path.name} · 北京市 · 居民" in table.stdout


def test_csvs_of_one_sector_are_each_others_peers(bare_csv: Callable[..., Path],
                                                  tmp_path: Path):
    for state in ("Tianjin", "Shanghai", "Guangdong"):
        bare_csv(state, "Ground Transport")
    result = _invoke("--csv", str(tmp_path), "--sector", "Ground Transport", "--json", "-")
    assert result.exit_code == 0, result.stderr
    nodes = [n for s in json.loads(result.stdout)["series"] for n in s["nodes"]]
    assert nodes and all(n["peers_total"] == 2 for n in nodes)
    # the three are one national daily shape: the COVID-19 collapse shows in all of them
    covid = [n for n in nodes if n["kind"] == "anomaly" and "2020-01-15" < n["date"] < "2020-02-01"]
    assert len(covid) == 3 and all(n["peers_same"] == 2 for n in covid)


def test_csvs_relative_to_each_other_leave_their_share_steps(bare_csv: Callable[..., Path],
                                                            tmp_path: Path):
    for state in ("Tianjin", "Shanghai", "Guangdong"):
        bare_csv(state, "Ground Transport")
    result = _invoke("--csv", str(tmp_path), "--relative", "--sector", "Ground Transport",
                     "--dataset", "carbon_monitor", "--json", "-")
    assert result.exit_code == 0, result.stderr
    series = json.loads(result.stdout)["series"]
    assert [s["source"] for s in series] == [
        f"{state}_Ground_Transport.csv ÷ peers" for state in ("Guangdong", "Shanghai", "Tianjin")
    ]
    # divided by the other files the national curve, COVID-19 included, cancels: what is
    # left of each file is its yearly share, stepping on 1 January
    _steps_on_new_year_only([n for s in series for n in s["nodes"]], "artefact:year_step:")


def test_csv_labels_are_checked(bare_csv: Callable[..., Path], tmp_path: Path):
    path = bare_csv("Tianjin", "Power")
    for args, word in ((("--dataset", "nosuch"), "--dataset"), (("--sector", "Steel"), "sector"),
                       (("--all",), "--all"), (("--relative",), "two files"),
                       (("--dataset", "carbon_monitor"), "--sector"),
                       (("--city", "周庄"), "name its city or province"),  # a town
                       (("--city", "Suzhou"), "宿州")):
        result = _invoke("--csv", str(path), *args)
        assert result.exit_code == 2 and word in result.stderr, (args, result.stderr)
        assert len(result.stderr.strip().splitlines()) == 1
    bare_csv("Beijing", "Power")
    result = _invoke("--csv", str(tmp_path), "--relative", "--city", "Tianjin")
    assert result.exit_code == 2 and "--city" in result.stderr


def test_store_series_gets_peers_from_the_panel(panel_db: str):
    result = _invoke("--city", "天津", "--sector", "地面交通", "--db", panel_db,
                     "--json", "-")
    assert result.exit_code == 0, result.stderr
    [entry] = json.loads(result.stdout)["series"]
    assert entry["source"] == "tianjin/ground_transport"
    assert (entry["region"], entry["sector"]) == ("tianjin", "ground_transport")
    covid = [n for n in entry["nodes"] if n["kind"] == "anomaly" and n["date"] < "2020-02-01"
             and n["date"] > "2020-01-15"]
    assert covid and covid[0]["peers_total"] == 4
    assert covid[0]["peers_same"] >= 3  # a national shock shows in most regions
    # every province has the national daily shape, parting only on 1 January
    assert covid[0]["local_possible"] is False
    # so Tianjin's own responses (level one from 24 January) explain none of its nodes there
    for n in entry["nodes"]:
        if not n["local_possible"]:
            assert not [e for e in n["explained_by"] if "tianjin" in e], n
    steps = [n for n in entry["nodes"] if n["window"][0] <= "2021-01-01" <= n["window"][1]]
    assert all(n["local_possible"] for n in steps)


def test_table_in_english(panel_db: str):
    result = _invoke("--city", "Tianjin", "--sector", "Power", "--db", panel_db,
                     "--lang", "en")
    assert result.exit_code == 0, result.stderr
    assert "Tianjin · Power" in result.stdout
    assert "confidence" in result.stdout and "date window" in result.stdout
    chinese = ("水平突变", "趋势转折", "季节性", "异常", "置信度")
    assert not any(word in result.stdout for word in chinese)


def test_all_detects_every_stored_series(panel_db: str):
    result = _invoke("--all", "--db", panel_db, "--json", "-")
    assert result.exit_code == 0, result.stderr
    sources = {s["source"] for s in json.loads(result.stdout)["series"]}
    assert "tianjin/power" in sources and "guangdong/ground_transport" in sources
    assert len(sources) == 6


def test_relative_detects_on_the_ratio_to_peers(panel_db: str):
    result = _invoke("--city", "天津", "--sector", "地面交通", "--relative",
                     "--db", panel_db, "--json", "-")
    assert result.exit_code == 0, result.stderr
    [entry] = json.loads(result.stdout)["series"]
    assert entry["source"] == "tianjin/ground_transport ÷ peers"
    # the national COVID collapse cancels in the ratio: no deep anomaly left in early 2020
    assert not [n for n in entry["nodes"] if n["kind"] == "anomaly"
                and "2020-01-15" < n["date"] < "2020-02-15" and n["effect_pct"] < -30]
    # what is left is the region's own share: each node is a 1 January step, which the
    # region can hold on its own (the 2020 one explains the share step, not the collapse)
    assert entry["nodes"]
    for node in entry["nodes"]:
        assert node["date"].endswith("-01-01"), node
        assert f"artefact:year_step:{node['date']}" in node["explained_by"], node
        assert node["local_possible"], node


def test_a_stored_series_reports_its_yearly_share_steps_apart_from_its_nodes(panel_db: str):
    """Tianjin's transport among the five stored provinces: a step on each 1 January
    in the JSON and in a table of its own, none for Power (built month by month), and none
    where there is nothing to compare with."""
    result = _invoke("--city", "天津", "--sector", "地面交通", "--db", panel_db, "--json", "-")
    assert result.exit_code == 0, result.stderr
    [entry] = json.loads(result.stdout)["series"]
    steps = entry["construction_steps"]
    assert [s["date"] for s in steps] == ["2020-01-01", "2021-01-01", "2022-01-01"]
    for step in steps:
        assert step["event"] == f"artefact:year_step:{step['date']}"
        assert step["regions"] == 5
        assert step["effect_ci"][0] <= step["effect_pct"] <= step["effect_ci"][1]
    table = _invoke("--city", "Tianjin", "--sector", "Ground Transport", "--db", panel_db,
                    "--lang", "en").stdout
    assert "data-construction steps" in table and f"{steps[2]['effect_pct']:+.2f}" in table
    power = _invoke("--city", "天津", "--sector", "电力", "--db", panel_db, "--json", "-")
    assert json.loads(power.stdout)["series"][0]["construction_steps"] == []
    relative = _invoke("--city", "天津", "--sector", "地面交通", "--relative", "--db", panel_db,
                       "--json", "-")
    assert json.loads(relative.stdout)["series"][0]["construction_steps"] == []


def test_unknown_city_exits_2(panel_db: str):
    result = _invoke("--city", "Atlantis", "--sector", "Power", "--db", panel_db)
    assert result.exit_code == 2
    assert "unknown region" in result.stderr


def test_each_series_says_at_which_resolution_it_was_detected(panel_db: str):
    """Tianjin's Power is built from monthly totals: its nodes are dated to the month, and
    both the JSON and the table say so."""
    result = _invoke("--all", "--db", panel_db, "--json", "-")
    assert result.exit_code == 0, result.stderr
    resolution = {s["source"]: s["resolution"] for s in json.loads(result.stdout)["series"]}
    assert resolution["tianjin/power"] == "month"
    assert resolution["tianjin/ground_transport"] == "day"
    table = _invoke("--city", "天津", "--sector", "电力", "--db", panel_db)
    assert table.exit_code == 0 and "按月检测" in table.stdout
    assert "按月检测" not in _invoke("--city", "天津", "--sector", "地面交通", "--db",
                                   panel_db).stdout


def test_a_late_trend_change_says_what_it_amounts_to_by_the_series_end(bare_csv):
    """Tianjin Aviation bends in September 2022, four months before the data end: the yearly
    rate is an extrapolation, so the JSON and the table also give the change by 31 December.
    (Named as Tianjin's, the file gets the city's COVID-19 events of that autumn; without
    them the bend is a policy candidate the monthly model finds less likely real than not.)"""
    path = bare_csv("Tianjin", "Aviation")
    result = _invoke("--csv", str(path), "--city", "Tianjin", "--sector", "Aviation",
                     "--json", "-")
    assert result.exit_code == 0, result.stderr
    nodes = json.loads(result.stdout)["series"][0]["nodes"]
    late = [n for n in nodes if n["kind"] == "trend_change" and n["date"] >= "2022-01-01"]
    assert late
    for node in nodes:
        by_end = node["effect_by_end"]
        if node not in late:
            assert by_end is None
            continue
        assert by_end["date"] == "2022-12-31"
        # less than a year of a rate: the amount lies between nothing and the yearly rate
        assert 0 < abs(by_end["effect_pct"]) < abs(node["effect_pct"])
        assert by_end["effect_ci"][0] <= by_end["effect_pct"] <= by_end["effect_ci"][1]
    assert "by 2022-12-31:" in _invoke("--csv", str(path), "--city", "Tianjin", "--sector",
                                       "Aviation", "--lang", "en").stdout


def test_tables_name_the_events_in_the_language_asked(panel_db: str):
    series = ("--city", "天津", "--sector", "地面交通", "--db", panel_db)
    [entry] = json.loads(_invoke(*series, "--json", "-").stdout)["series"]
    cited = {e for n in entry["nodes"] for e in n["explained_by"][:3]}
    assert "lockdown:wuhan:2020-01-23" in cited  # the JSON keeps the ids
    zh, en = _invoke(*series).stdout, _invoke(*series, "--lang", "en").stdout
    assert "武汉封城" in zh and "Wuhan" not in zh
    assert "Wuhan" in en and "武汉" not in en
    assert [i for i in cited if i in zh or i in en] == []


def test_any_usual_spelling_of_the_language(bare_csv: Callable[..., Path]):
    path = str(bare_csv("Tianjin", "Ground Transport"))
    english, chinese = (_invoke("--csv", path, "--lang", lang).stdout for lang in ("en", "zh"))
    assert english != chinese
    for spelling in ("EN", "en-US", "English", "英文"):
        assert _invoke("--csv", path, "--lang", spelling).stdout == english, spelling
    for spelling in ("ZH", "zh_CN", "中文"):
        assert _invoke("--csv", path, "--lang", spelling).stdout == chinese, spelling
    wrong = _invoke("--csv", path, "--lang", "fr")
    assert wrong.exit_code == 2 and "--lang" in wrong.stderr


def test_a_city_s_own_lockdown_explains_its_dip(bare_csv: Callable[..., Path]):
    """Xi'an's lockdown (23 December 2021 to 23 January 2022) is in the calendar of 西安 and
    of no province: the same dip in a file said to be Shaanxi's has no lockdown to name."""

    def locked_down(rows: list[tuple[str, str]]) -> list[tuple[str, str]]:
        return [(d, str(float(v) * 0.5) if "2021-12-23" <= d <= "2022-01-23" else v)
                for d, v in rows]

    path = bare_csv("Gansu", "Ground Transport", name="xian.csv", edit=locked_down)
    nodes = {}
    for city in ("西安", "Shaanxi"):
        result = _invoke("--csv", str(path), "--city", city, "--sector", "地面交通",
                         "--json", "-")
        assert result.exit_code == 0, result.stderr
        [entry] = json.loads(result.stdout)["series"]
        [nodes[city]] = [n for n in entry["nodes"] if n["kind"] == "anomaly"
                         and "2021-12-20" <= n["date"] <= "2021-12-26"]
    assert nodes["西安"]["effect_pct"] < -40
    assert "lockdown:xian:2021-12-23" in nodes["西安"]["explained_by"]
    assert not any(e.startswith("lockdown:") for e in nodes["Shaanxi"]["explained_by"])


def test_a_city_file_relative_to_its_province_keeps_only_the_city_s_own_step(
    bare_csv: Callable[..., Path], panel_db: str
):
    """A city's series as its province's national daily shape times a share that falls by a
    fifth on 1 June 2021: divided by the stored province it is that step alone, where the file
    itself gives the COVID-19 collapse, the holidays and the weekly-cycle changes too."""

    def city_share(rows: list[tuple[str, str]]) -> list[tuple[str, str]]:
        return [(d, str(float(v) * 0.2 * (0.8 if d >= "2021-06-01" else 1.0))) for d, v in rows]

    path = bare_csv("Shandong", "Ground Transport", name="jinan.csv", edit=city_share)
    args = ("--csv", str(path), "--city", "济南", "--sector", "地面交通", "--db", panel_db,
            "--json", "-")
    result = _invoke(*args, "--relative-to", "山东")
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["settings"]["relative_to"] == "shandong"
    [entry] = doc["series"]
    assert entry["source"] == "jinan.csv ÷ shandong"
    [node] = entry["nodes"]
    assert (node["date"], node["kind"]) == ("2021-06-01", "level_shift")
    assert abs(node["effect_pct"] + 20.0) < 1.0
    assert node["local_possible"]  # the province's share steps do not bind the city's data
    raw = json.loads(_invoke(*args).stdout)["series"][0]["nodes"]
    assert any(n["kind"] == "anomaly" and n["date"].startswith("2020-01") for n in raw)


def test_a_ratio_names_the_reference_s_share_steps(bare_csv: Callable[..., Path], panel_db: str):
    """Beijing's transport file over the stored Shandong series: the same national shape, two
    yearly shares, so what is left steps on 1 January only, each step named as Shandong's."""
    path = bare_csv("Beijing", "Ground Transport")
    result = _invoke("--csv", str(path), "--city", "北京", "--sector", "地面交通",
                     "--relative-to", "山东", "--db", panel_db, "--json", "-")
    assert result.exit_code == 0, result.stderr
    _steps_on_new_year_only(json.loads(result.stdout)["series"][0]["nodes"],
                            "reference:artefact:year_step:")


def test_relative_to_is_checked(bare_csv: Callable[..., Path], panel_db: str):
    path = bare_csv("Shandong", "Ground Transport")
    for args, word in (
        (("--relative-to", "山东"), "--sector"),  # a reference of which sector?
        (("--sector", "地面交通", "--city", "山东", "--relative-to", "山东"), "itself"),
        (("--sector", "地面交通", "--relative-to", "Atlantis"), "Atlantis"),
        (("--sector", "地面交通", "--relative-to", "山东", "--relative"), "--relative"),
    ):
        result = _invoke("--csv", str(path), "--db", panel_db, *args)
        assert result.exit_code == 2 and word in result.stderr, (args, result.stderr)
        assert len(result.stderr.strip().splitlines()) == 1


def test_a_province_over_the_national_series_steps_by_its_share_alone(
    tmp_path: Path, panel_db: str, cm_rows: dict[tuple[str, str], list[tuple[str, str]]]
) -> None:
    """With the national series in the store (the 26 provinces' sum, country China), Tianjin's
    transport over it is Tianjin's share of the nation: flat but for its 1 January steps,
    which come out at the share steps' sizes, each named Tianjin's and not the nation's."""
    totals: dict[str, float] = {}
    for (_, sector), rows in cm_rows.items():
        if sector == "Ground Transport":
            for day, value in rows:
                totals[day] = totals.get(day, 0.0) + float(value)
    national = tmp_path / "national.csv"
    national.write_text("country,date,sector,value\n" + "".join(
        f"China,{d},Ground Transport,{v!r}\n" for d, v in sorted(totals.items())),
        encoding="utf-8")
    db = tmp_path / "with_national.duckdb"
    shutil.copy(panel_db, db)
    ingested = runner.invoke(app, ["ingest", "emissions", str(national), "--db", str(db)])
    assert ingested.exit_code == 0, ingested.stderr
    result = _invoke("--city", "天津", "--sector", "地面交通", "--relative-to", "全国",
                     "--db", str(db), "--json", "-")
    assert result.exit_code == 0, result.stderr
    nodes = json.loads(result.stdout)["series"][0]["nodes"]
    got = [(n["date"], n["kind"], round(n["effect_pct"], 1)) for n in nodes]
    assert got == [("2020-01-01", "level_shift", -1.1), ("2021-01-01", "level_shift", 0.6),
                   ("2022-01-01", "level_shift", -2.6)]
    for node in nodes:
        assert any(i.startswith("artefact:year_step:") for i in node["explained_by"])
        assert not any(i.startswith("reference:") for i in node["explained_by"]), node
