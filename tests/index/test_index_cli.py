"""The search command: output, JSON, filters, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from carbonnodes.cli import app
from carbonnodes.corpus import ingest_policies
from carbonnodes.store import open_store

runner = CliRunner()


@pytest.fixture(scope="module")
def db(shared: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("search") / "corpus.duckdb"
    with open_store(path) as store:
        seeds = [
            shared / "seeds" / f for f in ("001_9dd9838cf756847a.txt", "002_77abe22b6e50ebe1.txt")
        ]
        ingest_policies(store, seeds)
    return str(path)


def test_json_lists_ranked_measures_with_passages(db: str) -> None:
    result = runner.invoke(app, ["search", "新能源汽车", "--db", db, "--json", "-k", "3"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    hits = payload["hits"]
    assert 1 <= len(hits) <= 3
    assert [h["rank"] for h in hits] == list(range(1, len(hits) + 1))
    assert hits[0]["number"] == "二、（五）1."
    assert "新能源汽车" in hits[0]["passage"] and "新能源汽车" in hits[0]["terms"]
    assert hits[0]["dates"]["published"] == "2022-09-14"


def test_human_output_shows_document_date_heading_and_passage(db: str) -> None:
    result = runner.invoke(app, ["search", "公转铁", "--db", db, "-k", "1"])
    assert result.exit_code == 0, result.output
    assert "天津市碳达峰实施方案" in result.stdout
    assert "二、（五）3." in result.stdout
    assert "发布 2022-09-14" in result.stdout  # publication, not signature, is when the public knew
    assert "公转铁" in result.stdout
    english = runner.invoke(app, ["search", "公转铁", "--db", db, "-k", "1", "--lang", "en"])
    assert "published 2022-09-14" in english.stdout and "Ground Transport" in english.stdout


def test_filters_reach_the_index(db: str) -> None:
    before = runner.invoke(app, ["search", "新能源汽车", "--db", db, "--before", "2022-01-01"])
    assert before.exit_code == 0
    assert "没有找到匹配的举措" in before.stdout
    empty = runner.invoke(
        app, ["search", "新能源汽车", "--db", db, "--before", "2022-01-01", "--json"]
    )
    assert json.loads(empty.stdout)["hits"] == []
    industry = runner.invoke(
        app, ["search", "碳排放", "--db", db, "--sector", "工业", "--json", "-k", "50"]
    )
    hits = json.loads(industry.stdout)["hits"]
    assert hits and all("industry" in h["sectors"] for h in hits)
    traditional = runner.invoke(app, ["search", "碳排放權交易", "--db", db, "--json", "-k", "1"])
    assert json.loads(traditional.stdout)["hits"][0]["doc_id"].startswith("002")


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--sector", "Groud Transport"], 2, "did you mean"),
        (["--region", "Atlantis"], 2, "unknown region"),
        (["--after", "2020-13-01"], 2, "not a date"),
        (["--scope", "county"], 2, "--scope"),
        (["--lang", "fr"], 2, "--lang"),
    ],
)
def test_bad_options_exit_2_with_one_line(
    db: str, args: list[str], code: int, message: str
) -> None:
    result = runner.invoke(app, ["search", "交通", "--db", db, *args])
    assert result.exit_code == code
    assert message in result.stderr
    assert result.stderr.count("\n") == 1


def test_missing_store_exits_3(tmp_path: Path) -> None:
    result = runner.invoke(app, ["search", "交通", "--db", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 3
    assert "ingest policies" in result.stderr


def test_an_empty_corpus_says_so(tmp_path: Path) -> None:
    path = tmp_path / "empty.duckdb"
    open_store(path).close()
    result = runner.invoke(app, ["search", "交通", "--db", str(path)])
    assert result.exit_code == 3
    assert "policy corpus is empty" in result.stderr and "ingest policies" in result.stderr
    assert result.stdout == ""
