"""``carbonnodes calendar``: the table, JSON, filters and bad input."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from carbonnodes.cli import app

RUNNER = CliRunner()
YEAR_2020 = ["--from", "2020-01-01", "--to", "2020-12-31"]


def test_lists_tianjin_2020_in_chinese() -> None:
    result = RUNNER.invoke(app, ["calendar", "--city", "天津", *YEAR_2020])
    assert result.exit_code == 0, result.output
    for text in ("天津市", "春节假期", "调休上班", "供暖季开始", "2020-01-19", "国庆节"):
        assert text in result.stdout
    assert "数据构造痕迹" not in result.stdout


def test_json_with_dataset_and_kind() -> None:
    result = RUNNER.invoke(app, [
        "calendar", "--city", "Tianjin", *YEAR_2020, "--dataset", "carbon_monitor",
        "--sector", "电力", "--kind", "data_artefact", "--json",
    ])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["city"] == "tianjin"
    ids = [e["id"] for e in payload["events"]]
    assert "artefact:month_step:2020-02-01" in ids and len(ids) == 13
    assert {e["kind"] for e in payload["events"]} == {"data_artefact"}
    assert all(e["source"] and e["start"] <= e["end"] for e in payload["events"])


def test_english_names() -> None:
    result = RUNNER.invoke(app, [
        "calendar", "--city", "tianjin", "--from", "2020-11-01", "--to", "2020-11-30",
        "--lang", "en",
    ])
    assert result.exit_code == 0, result.output
    assert "Heating season starts" in result.stdout and "Binhai" in result.stdout


def test_unknown_city_exits_2_with_close_matches() -> None:
    result = RUNNER.invoke(app, ["calendar", "--city", "Tianjn", *YEAR_2020])
    assert result.exit_code == 2
    assert "unknown region 'Tianjn'" in result.stderr and "tianjin" in result.stderr
    assert result.stdout == ""


def test_bad_dates_and_kind_exit_2() -> None:
    for args in (
        ["--from", "2020-13-01", "--to", "2020-12-31"],
        ["--from", "2020-12-31", "--to", "2020-01-01"],
        [*YEAR_2020, "--kind", "holiday"],
        [*YEAR_2020, "--lang", "fr"],
    ):
        result = RUNNER.invoke(app, ["calendar", "--city", "天津", *args])
        assert result.exit_code == 2, args
        assert result.stderr.startswith("error: ") and len(result.stderr.splitlines()) == 1
