"""The emission commands: ingest emissions, series list, series show — exit codes and output."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from carbonnodes.cli import app

Row = tuple[str, str, str, str]
HEADER = "date,state,sector,value"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def small_db(
    tmp_path: Path, runner: CliRunner, write_rows: Callable[..., Path], tianjin_rows: list[Row]
) -> str:
    db = str(tmp_path / "cli.duckdb")
    path = write_rows("tianjin.csv", HEADER, tianjin_rows)
    result = runner.invoke(app, ["ingest", "emissions", str(path), "--db", db])
    assert result.exit_code == 0, result.output
    assert "tianjin.csv: 182 行 · carbon_monitor · MtCO2/day" in result.stdout
    assert "新增" in result.stdout
    return db


def test_ingest_twice_says_unchanged(
    runner: CliRunner, small_db: str, tmp_path: Path
) -> None:
    again = runner.invoke(
        app, ["ingest", "emissions", str(tmp_path / "tianjin.csv"), "--db", small_db,
              "--lang", "en"],
    )
    assert again.exit_code == 0
    assert "unchanged" in again.stdout and "2 unchanged" in again.stdout


def test_bad_file_exits_2_with_one_line(
    runner: CliRunner, small_db: str, write_rows: Callable[..., Path], tianjin_rows: list[Row]
) -> None:
    bad = write_rows("bad.csv", HEADER, [*tianjin_rows[:3], (*tianjin_rows[3][:3], "-2")])
    result = runner.invoke(app, ["ingest", "emissions", str(bad), "--db", small_db])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("error: bad.csv, line 5, field 'value': value -2 is negative")
    listed = runner.invoke(app, ["series", "list", "--db", small_db, "--json"])
    assert len(json.loads(listed.stdout)) == 2


def test_series_list_json_and_table(runner: CliRunner, small_db: str) -> None:
    listed = runner.invoke(app, ["series", "list", "--db", small_db, "--json"])
    assert listed.exit_code == 0
    payload = json.loads(listed.stdout)
    assert {(p["city"], p["sector"]) for p in payload} == {
        ("tianjin", "power"), ("tianjin", "ground_transport")
    }
    assert payload[0]["start"] == "2020-01-01" and payload[0]["n_missing"] == 0
    table = runner.invoke(app, ["series", "list", "--db", small_db])
    assert "天津市" in table.stdout and "地面交通" in table.stdout
    assert "1 个地区 × 2 个部门" in table.stdout
    english = runner.invoke(app, ["series", "list", "--db", small_db, "--lang", "en"])
    assert "Ground Transport" in english.stdout and "1 regions × 2 sectors" in english.stdout


def test_series_show_summary_json_and_chart(
    runner: CliRunner, small_db: str, tmp_path: Path
) -> None:
    png = tmp_path / "chart.png"
    shown = runner.invoke(
        app,
        ["series", "show", "--city", "天津", "--sector", "地面交通", "--db", small_db,
         "--png", str(png)],
    )
    assert shown.exit_code == 0, shown.output
    assert shown.stdout.startswith("天津市 · 地面交通")
    assert "2020-01-01 – 2020-03-31" in shown.stdout
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    as_json = runner.invoke(
        app, ["series", "show", "--city", "Tianjin", "--sector", "Ground", "--db", small_db,
              "--json"],
    )
    payload = json.loads(as_json.stdout)
    assert payload["sector"] == "ground_transport" and payload["n_days"] == 91
    assert payload["min"]["date"] <= payload["max"]["date"] or payload["min"]["value"] > 0


def test_series_show_unknown_series_exits_2(runner: CliRunner, small_db: str) -> None:
    result = runner.invoke(
        app, ["series", "show", "--city", "北京", "--sector", "电力", "--db", small_db]
    )
    assert result.exit_code == 2
    assert "regions in the store: tianjin" in result.stderr


def test_series_list_without_a_store_exits_3(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["series", "list", "--db", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 3


def test_installed_entry_point_runs(
    tmp_path: Path, write_rows: Callable[..., Path], tianjin_rows: list[Row]
) -> None:
    executable = Path(sys.executable).parent / "carbonnodes"
    path = write_rows("tianjin.csv", HEADER, tianjin_rows)
    db = str(tmp_path / "entry.duckdb")
    ingest = subprocess.run(
        [str(executable), "ingest", "emissions", str(path), "--db", db, "--json"],
        capture_output=True, text=True, check=False,
    )
    assert ingest.returncode == 0, ingest.stderr
    assert json.loads(ingest.stdout)[0]["series_new"] == 2
    bad = subprocess.run(
        [str(executable), "ingest", "emissions", str(tmp_path / "missing.csv"), "--db", db],
        capture_output=True, text=True, check=False,
    )
    assert bad.returncode == 2 and "no such file" in bad.stderr


def test_a_city_s_own_file_is_placed_with_city_and_sector(
    runner: CliRunner, small_db: str, tmp_path: Path, tianjin_rows: list[Row]
) -> None:
    """A city bureau's date,value file has no region or sector column: --city and --sector
    say them, the dataset is its own (user), and the series is then stored like any other."""
    power = [(d, v) for d, _, s, v in tianjin_rows if s == "Power"]
    bare = tmp_path / "my_power.csv"
    bare.write_text("date,value\n" + "".join(f"{d},{v}\n" for d, v in power), encoding="utf-8")
    result = runner.invoke(app, ["ingest", "emissions", str(bare), "--city", "苏州",
                                 "--sector", "电力", "--db", small_db, "--json"])
    assert result.exit_code == 0, result.stderr
    [stored] = json.loads(result.stdout)
    assert (stored["dataset"], stored["layout"], stored["series_new"]) == ("user", "said", 1)
    listed = json.loads(runner.invoke(app, ["series", "list", "--db", small_db,
                                            "--json"]).stdout)
    mine = [s for s in listed if s["city"] == "suzhou_jiangsu"]
    assert [(s["sector"], s["dataset"], s["n_days"]) for s in mine] == [("power", "user", 91)]
    wide = tmp_path / "sectors.csv"
    wide.write_text("date,电力,工业\n" + "".join(f"{d},{v},{v}\n" for d, v in power),
                    encoding="utf-8")
    result = runner.invoke(app, ["ingest", "emissions", str(wide), "--city", "Kunshan",
                                 "--dataset", "kunshan_stats", "--db", small_db, "--json"])
    assert result.exit_code == 0, result.stderr
    [stored] = json.loads(result.stdout)
    assert (stored["dataset"], stored["layout"], stored["series_new"]) == \
        ("kunshan_stats", "wide_sectors_said", 2)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--city", "天津"], "the file has its own 'state' column; --city is for a file"),
        (["--city", "苏州", "--dataset", "../x"], "is no dataset name"),
        (["--city", "Atlantis"], "Atlantis"),
    ],
)
def test_saying_what_a_file_is_is_checked(
    runner: CliRunner, small_db: str, tmp_path: Path, args: list[str], message: str
) -> None:
    result = runner.invoke(app, ["ingest", "emissions", str(tmp_path / "tianjin.csv"),
                                 "--db", small_db, *args])
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_dataset_relabels_a_file_whose_columns_place_it(
    runner: CliRunner, tmp_path: Path, write_rows: Callable[..., Path], tianjin_rows: list[Row]
) -> None:
    """A province's own statistics in Carbon Monitor's long layout would pass for Carbon
    Monitor China's, and take its share steps as artefacts; --dataset says whose they are."""
    path = write_rows("stats.csv", HEADER, tianjin_rows)
    db = str(tmp_path / "stats.duckdb")
    result = runner.invoke(app, ["ingest", "emissions", str(path), "--dataset", "tj_stats",
                                 "--db", db, "--json"])
    assert result.exit_code == 0, result.stderr
    assert [r["dataset"] for r in json.loads(result.stdout)] == ["tj_stats"]
    listed = json.loads(runner.invoke(app, ["series", "list", "--db", db, "--json"]).stdout)
    assert {s["dataset"] for s in listed} == {"tj_stats"}


def test_a_value_file_without_a_sector_asks_for_one(
    runner: CliRunner, small_db: str, tmp_path: Path
) -> None:
    bare = tmp_path / "bare.csv"
    bare.write_text("date,value\n2020-01-01,1.0\n2020-01-02,1.1\n", encoding="utf-8")
    result = runner.invoke(app, ["ingest", "emissions", str(bare), "--city", "苏州",
                                 "--db", small_db])
    assert result.exit_code == 2
    assert "no sector column, and no --sector" in result.stderr
